// One pass over a text finds every token kind the rules report. Each secretlint rule reports only
// its own kind, but all of them share this pass (cached per text), so the generic
// credential-in-position detector can leave spans to the specific ones and every detector runs only
// where a cheap literal prefilter says it can match.
import { L, literals } from './literals.js';
import { isAwsDocumentedExample, isJwtIoSample, isPublishedSample } from './samples.js';
import { decodeBase64, decodeBase64Json, decodeBase64Text, entropy, isKnownNonSecret, isPlaceholder, looksRandom } from './text.js';

/**
 * @typedef {object} Detection
 * @property {string} rule       rule name without the `connvo/` prefix, e.g. `jwt`
 * @property {string} messageId  message of that rule
 * @property {number} start      index of the first character of the secret
 * @property {number} end        index after its last character
 * @property {Record<string, string>} [detail] extra, non-secret words for the message
 */

// ---------------------------------------------------------------- JWT
const JWT = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{16,}/g;
const WORKOS_ISSUER = /^https:\/\/api\.workos\.com(\/|$)/;

function detectJwts(text, out, samples) {
  for (const m of text.matchAll(JWT)) {
    const token = m[0];
    const [h, p, sig] = token.split('.');
    const header = decodeBase64Json(h);
    if (!header || typeof header.alg !== 'string') continue;
    // A signature of one repeated character, or of words, is a stand-in.
    if (entropy(sig) < 3 || /(.)\1{7,}/.test(sig) || /signature/i.test(sig)) continue;
    const payload = decodeBase64Json(p);
    if (payload && isJwtIoSample(token, header, payload)) {
      samples.push({ start: m.index, end: m.index + token.length });
      continue;
    }
    const issuer = payload && typeof payload.iss === 'string' ? payload.iss : '';
    const workos = WORKOS_ISSUER.test(issuer);
    out.push({ rule: 'jwt', messageId: workos ? 'WorkOSUserToken' : 'JWT', start: m.index, end: m.index + token.length, detail: { alg: header.alg } });
  }
}

// ---------------------------------------------------------------- sk_live_ / sk_test_ keys
const SK_KEY = /(?<![A-Za-z0-9_])(sk|rk)_(live|test)_([A-Za-z0-9+/=_-]{16,})/g;

function detectSkKeys(text, out, samples) {
  for (const m of text.matchAll(SK_KEY)) {
    let body = m[3];
    // YAML/JS often follow a key with punctuation the class allows at its end.
    body = body.replace(/[=_-]+$/, (tail) => (/^=+$/.test(tail) ? tail : ''));
    const token = `${m[1]}_${m[2]}_${body}`;
    if (isPlaceholder(body)) continue;
    if (isPublishedSample(token)) {
      samples.push({ start: m.index, end: m.index + token.length });
      continue;
    }
    const decoded = decodeBase64Text(body);
    const start = m.index;
    if (m[1] === 'sk' && decoded && decoded.startsWith('key_')) {
      out.push({ rule: 'workos-api-key', messageId: 'WorkOSAPIKey', start, end: start + token.length, detail: { mode: m[2] } });
    } else if (looksRandom(body, 16)) {
      out.push({ rule: 'stripe-secret-key', messageId: 'SecretKey', start, end: start + token.length, detail: { mode: m[2] } });
    }
  }
}

// ---------------------------------------------------------------- Convex
// prod:<deployment>|<secret>, dev:<deployment>|<secret>, preview:<team>:<project>|<secret>,
// project:<team>:<project>|<secret>. A Markdown table may escape the pipe as `\|`.
const CONVEX_DEPLOY_KEY = /(?<![A-Za-z0-9_-])(prod|dev|preview|project):([a-z0-9][a-z0-9-]*)(?::([a-z0-9][a-z0-9-]*))?\\?\|([A-Za-z0-9+/=_-]{20,})/g;
// convex-self-hosted|01<hex>, <instance-name>|01<hex>
const CONVEX_ADMIN_KEY = /(?<![A-Za-z0-9_:|-])([a-z][a-z0-9-]*[a-z0-9])\\?\|(01[0-9a-f]{32,})(?![0-9a-zA-Z])/g;

function detectConvexKeys(text, out, flags) {
  if (flags & L.CONVEX_DEPLOY) for (const m of text.matchAll(CONVEX_DEPLOY_KEY)) {
    const secret = m[4];
    const json = decodeBase64Json(secret);
    if (!json && (isPlaceholder(secret) || !looksRandom(secret, 20))) continue;
    const kind = m[1];
    const target = m[3] ? `${m[2]}:${m[3]}` : m[2];
    out.push({ rule: 'convex-deploy-key', messageId: 'DeployKey', start: m.index, end: m.index + m[0].length, detail: { kind, target } });
  }
  if (flags & L.CONVEX_ADMIN) for (const m of text.matchAll(CONVEX_ADMIN_KEY)) {
    if (isPlaceholder(m[2])) continue;
    out.push({ rule: 'convex-admin-key', messageId: 'AdminKey', start: m.index, end: m.index + m[0].length, detail: { instance: m[1] } });
  }
}

// ---------------------------------------------------------------- private keys
// RSA, DSA, EC (SEC1), PKCS#8 (any algorithm, Ed25519 included), encrypted PKCS#8, OpenSSH, PGP.
const PRIVATE_KEY_BEGIN = /-----BEGIN ((?:RSA|DSA|EC|OPENSSH|ENCRYPTED|PGP|SSH2 ENCRYPTED) )?PRIVATE KEY( BLOCK)?-----/g;

function detectPrivateKeys(text, out) {
  for (const m of text.matchAll(PRIVATE_KEY_BEGIN)) {
    const label = `${m[1] ?? ''}PRIVATE KEY${m[2] ?? ''}`;
    const endMarker = `-----END ${label}-----`;
    const bodyStart = m.index + m[0].length;
    const endAt = text.indexOf(endMarker, bodyStart);
    if (endAt < 0 || endAt - bodyStart > 20000) continue;
    let body = text.slice(bodyStart, endAt);
    // Escaped newlines in JSON/YAML strings, indentation, string concatenation in code.
    body = body.replace(/\\[nr]/g, '\n');
    if (label.startsWith('PGP')) {
      // Armor headers (Version: ...) and the CRC line (=abcd).
      body = body.split('\n').filter((l) => !/^\s*[A-Za-z-]+: /.test(l) && !/^\s*=[A-Za-z0-9+/]{4}\s*$/.test(l)).join('\n');
    }
    if (/^(?:ENCRYPTED |)PRIVATE KEY$/.test(label) || /^(RSA|DSA|EC) /.test(label)) {
      // PEM headers of legacy encrypted keys (Proc-Type, DEK-Info).
      body = body.replace(/^\s*(Proc-Type|DEK-Info):.*$/gm, '');
    }
    // String concatenation across lines (`"...\n" +`), then quotes, commas, whitespace, YAML `|`.
    const b64 = body.replace(/["'`]\s*\+\s*["'`]/g, '').replace(/["'`,\s|]/g, '');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length < 60) continue;
    // Key material is high-entropy base64 (zero runs such as AAAA... are normal in OpenSSH keys);
    // stand-ins such as XXXX... or MIIEvQ...AAAA are not.
    if (entropy(b64) < 4.5) continue;
    // ASN.1 keys start with a SEQUENCE (0x30: base64 "M"); OpenSSH keys with "openssh-key-v1".
    if (!label.startsWith('PGP') && !label.startsWith('SSH2') && !/^(M|b3BlbnNzaC1rZXktdjE)/.test(b64)) continue;
    const bytes = decodeBase64(b64);
    if (!bytes || bytes.length < 40) continue;
    const kind = (m[1] ?? '').trim() || (b64.startsWith('MC4CAQAwBQYDK2Vw') ? 'Ed25519' : 'PKCS#8');
    out.push({ rule: 'private-key', messageId: 'PrivateKey', start: m.index, end: endAt + endMarker.length, detail: { kind } });
  }
}

// ---------------------------------------------------------------- AWS
const AWS_ACCESS_KEY_ID = /(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA|A3T[A-Z0-9])[A-Z0-9]{16}(?![A-Z0-9])/g;
// The secret access key by the names AWS tools give it (aws_secret_access_key, SecretAccessKey, ...),
// found at separators like every credential position. Unlike the preset's pattern this also matches
// keys that end in `+` or `/` (the preset requires a word boundary after the key).
const AWS_SECRET_NAME = /secret_?(access_?)?key$/i;
const AWS_SECRET_VALUE = /^[A-Za-z0-9/+]{40}$/;

function detectAwsKeyIds(text, out, samples) {
  for (const m of text.matchAll(AWS_ACCESS_KEY_ID)) {
    if (isAwsDocumentedExample(m[0])) {
      samples.push({ start: m.index, end: m.index + m[0].length });
      continue;
    }
    out.push({ rule: 'aws', messageId: 'AccessKeyID', start: m.index, end: m.index + m[0].length });
  }
}

// ---------------------------------------------------------------- credentials in URLs
// `scheme://user:password@host` of any scheme (rediss, amqps, mongodb+srv, https, jdbc:…), the password
// taken to the last `@` of the authority, so unencoded special characters in it are kept. The secret
// reported is the password; the judge decides on its decoded form.
const URL_CREDENTIALS = /(?<![A-Za-z0-9+.-])([a-zA-Z][a-zA-Z0-9+.-]{1,30}):\/\/([^\s:@/?#"'`<>()[\]{}|\\]{0,100}):([^\s/?"'`<>]{1,200})@([A-Za-z0-9](?:[A-Za-z0-9.-]{0,253})|\[[0-9A-Fa-f:.]+\])/g;

function detectUrlCredentials(text, out) {
  for (const m of text.matchAll(URL_CREDENTIALS)) {
    const start = m.index + m[1].length + 3 + m[2].length + 1;
    out.push({ rule: 'url-credentials', messageId: 'URLCredentials', start, end: start + m[3].length, detail: { scheme: m[1].toLowerCase(), user: m[2], host: m[4] } });
  }
}

// ---------------------------------------------------------------- credentials in credential positions
// Formats the recommended preset reports itself: the generic detector leaves them to it.
const PRESET_FORMATS = [
  /^(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9_]{36}$/,
  /^github_pat_[A-Za-z0-9_]{82}$/,
  /^(xoxb|xoxp|xapp|xoxa|xoxo|xoxr)-/,
  /^npm_[A-Za-z0-9_]{36}$/,
  /^(shppa|shpca|shpat|shpss)_[a-zA-Z0-9]{32,64}$/,
  /^SG\.[\w-]{20,}\.[\w-]{20,}$/,
  /^sk-(proj|svcacct|admin)-|^sk-[a-zA-Z0-9]{20}T3BlbkFJ/,
  /^sk-ant-api0\d-/,
  /^lin_api_/,
  /^ops_ey/,
];

// Last word of a key name that makes its value a credential.
const CREDENTIAL_WORD = /^(?:api|secret|access|private|deploy|admin|signing|encryption|master|client|auth|session|refresh|bearer|user|service|app|bot|webhook|id|cookie)?(?:key|secret|token|password|passwd|pwd|pass|passphrase|credentials?|apikey|auth)$/;
// Words that make a key name about something other than a credential.
const NOT_CREDENTIAL_WORDS = new Set([
  'public', 'publishable', 'pub', 'primary', 'foreign', 'sort', 'partition', 'cache', 'idempotency', 'object', 's3',
  'storage', 'i18n', 'translation', 'map', 'react', 'page', 'pagination', 'continuation', 'cursor', 'next', 'sync',
  'max', 'min', 'num', 'count', 'total', 'csrf', 'xsrf', 'type', 'kind', 'format', 'name', 'url', 'uri', 'path',
  'file', 'length', 'expires', 'expiry', 'ttl', 'header', 'prefix', 'hint', 'field', 'endpoint', 'hash', 'hashed',
  'sha', 'digest', 'fingerprint', 'format', 'usage', 'limit', 'scope', 'scopes', 'store', 'storage', 'reset',
  'forgot', 'confirm', 'policy', 'strength', 'input', 'placeholder', 'label', 'description', 'env', 'var', 'variable',
]);
const SCHEME = /^(bearer|basic|token|convex)[ \t]+/i;
// Header names whose value is `<scheme> <credential>`.
const AUTH_HEADER = /^(?:proxy-)?authorization$/i;
// Substrings of every credential key name (a cheap test before the word split).
const KEY_HINT = /key|secret|token|pass|pwd|credential|auth/;
function identifierWords(name) {
  return name
    .replace(/^[-.]+|[-.]+$/g, '')
    .split(/[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

function isCredentialName(name) {
  const words = identifierWords(name);
  if (words.length === 0) return false;
  if (words.some((w) => NOT_CREDENTIAL_WORDS.has(w))) return false;
  return CREDENTIAL_WORD.test(words[words.length - 1]);
}

/** Ends a bare value: whitespace, quotes, `,;)]&`. */
function isValueEnd(c) {
  return c <= 32 || c === 34 || c === 39 || c === 96 || c === 44 || c === 59 || c === 41 || c === 93 || c === 38;
}

/**
 * Longest value judged at a credential position. Generated credentials are far shorter (AWS
 * session tokens, the longest common ones, are ~1,000 characters; JWTs and private keys have their
 * own detectors); a longer run is data, and judging every suffix of a long run (`token=token=…`,
 * each `=` a position) made the scan quadratic.
 */
export const MAX_POSITION_VALUE = 2048;

/**
 * Where things end, memoised for the scan's increasing positions so each lookup is amortised
 * O(1): the end of a bare value, the end and start of a line. The scan visits positions in
 * increasing order (per kind of separator), so one remembered run answers every position in it.
 */
function textIndex(text) {
  let runFrom = -1;
  let runEnd = -1;
  let eolFrom = -1;
  let eol = -1;
  let bolLine = -1;
  let bolEnd = -1;
  let bol = 0;
  return {
    /** First value end (whitespace, quote, `,;)]&`) at or after `i`. */
    bareEnd(i) {
      if (i >= runFrom && i <= runEnd) return runEnd;
      let j = i;
      while (j < text.length && !isValueEnd(text.charCodeAt(j))) j++;
      runFrom = i;
      runEnd = j;
      return j;
    },
    /** Index of the first newline at or after `i` (text.length when none). */
    eolAfter(i) {
      if (i >= eolFrom && i <= eol) return eol;
      const n = text.indexOf('\n', i);
      eolFrom = i;
      eol = n < 0 ? text.length : n;
      return eol;
    },
    /** Index of the start of the line holding `p`. */
    bolOf(p) {
      if (p >= bolLine && p <= bolEnd) return bol;
      bol = text.lastIndexOf('\n', p) + 1;
      bolLine = bol;
      const n = text.indexOf('\n', p);
      bolEnd = n < 0 ? text.length : n;
      return bol;
    },
  };
}

/** Read a value at `i`: quoted (to the closing quote) or bare (to whitespace or a delimiter). */
function readValue(text, i, index = textIndex(text)) {
  const q = text[i];
  if (q === '"' || q === "'" || q === '`') {
    const close = text.indexOf(q, i + 1);
    if (close < 0 || index.eolAfter(i + 1) < close || close - i - 1 > MAX_POSITION_VALUE) return undefined;
    return { start: i + 1, end: close };
  }
  let j = index.bareEnd(i);
  if (j - i > MAX_POSITION_VALUE) return undefined;
  // Trailing punctuation of prose or markup (none of it is `<` or `{`, so whether the value holds
  // one does not change while it is trimmed).
  if (!/[<{]/.test(text.slice(i, j))) while (j > i && /[.:}>|\\]/.test(text[j - 1])) j--;
  return j > i ? { start: i, end: j } : undefined;
}

/**
 * Whether [start, end) overlaps a span of `fixed` (sorted once into a prefix count over the text)
 * or of `added` (the few found during the scan): a lookup per position instead of a pass over
 * every detection (quadratic on a text with thousands of tokens).
 */
function spanIndex(text, fixed) {
  const covered = new Int32Array(text.length + 1);
  for (const d of fixed) {
    covered[Math.max(0, d.start)] += 1;
    covered[Math.min(text.length, d.end)] -= 1;
  }
  // covered[i]: spans covering character i; then a prefix count of covered characters.
  const before = new Int32Array(text.length + 1);
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    depth += covered[i];
    before[i + 1] = before[i] + (depth > 0 ? 1 : 0);
  }
  const added = [];
  return {
    add(d) {
      added.push(d);
    },
    overlaps(start, end) {
      if (end > start && before[Math.min(end, text.length)] - before[Math.max(0, start)] > 0) return true;
      return overlaps(added, start, end);
    },
  };
}

function skipSpaces(text, i) {
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return i;
}

/** The secret part of a scheme value (`Bearer X`, `Basic X`, `Convex X`) if it looks real. */
function schemeCredential(scheme, value) {
  // Judged up to an escaped line end (text inside a JSON string) and without the punctuation prose
  // ends it with: `**Basic Configuration:**` is a heading.
  value = value.split(/\\[nrt]/)[0].replace(/[:*_,;)]+$/, '');
  if (isPlaceholder(value) || isKnownNonSecret(value, { afterScheme: true })) return false;
  if (scheme === 'basic') {
    const decoded = decodeBase64Text(value);
    if (decoded && decoded.includes(':')) {
      const [user, ...rest] = decoded.split(':');
      const pass = rest.join(':');
      if (isPlaceholder(pass) && isPlaceholder(user)) return false;
      return (pass.length > 0 && !isPlaceholder(pass) && looksRandom(pass, 8)) || (pass.length === 0 && looksRandom(user, 16));
    }
  }
  return looksRandom(value, 16);
}

/** [A-Za-z0-9_.-] by char code: the hot loop of the scan. */
function isIdentCode(c) {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45;
}

const isQuote = (c) => c === 34 || c === 39 || c === 96;

/**
 * Credentials in credential positions, found from the separators that introduce a value (`:`,
 * `=`, `=>`, `:=`, a table border) and from `Bearer `/`Basic ` anywhere. At each, the key name
 * before it and the value after it decide: a credential name or an auth scheme, and a value that
 * looks generated. AWS secret access keys come out of the same pass.
 */
function detectPositions(text, out, specific, samples) {
  const seen = new Set();
  const index = textIndex(text);
  const taken = spanIndex(text, [...specific, ...samples]);
  const addSpecific = (d) => (specific.push(d), taken.add(d));
  const addSample = (d) => (samples.push(d), taken.add(d));
  const push = (d, list = out) => {
    if (seen.has(d.start)) return;
    seen.add(d.start);
    list.push(d);
  };
  const schemeAt = (start, end, scheme) => {
    // Value after the scheme word, inside the same quoted string if any.
    const sv = readValue(text, skipSpaces(text, start + scheme.length), index);
    if (!sv || sv.end > end || sv.end - sv.start < 8) return;
    if (text.startsWith('..', sv.end) || text[sv.end] === '…') return;
    const value = text.slice(sv.start, sv.end);
    if (taken.overlaps(sv.start, sv.end) || PRESET_FORMATS.some((r) => r.test(value)) || !schemeCredential(scheme.toLowerCase(), value)) return;
    const shown = SCHEME.test(`${scheme} `) ? scheme[0].toUpperCase() + scheme.slice(1).toLowerCase() : scheme;
    push({ rule: 'credential-in-position', messageId: 'SchemeCredential', start: sv.start, end: sv.end, detail: { name: shown } });
  };
  /** The value at [start, end) under the key or flag `name`: reported when it looks generated. */
  const keyValue = (name, start, end) => {
    if (!isCredentialName(name)) return;
    const lower = name.toLowerCase();
    let value = text.slice(start, end);
    // Trailing dots were trimmed as punctuation: a value written as `abc...` is a truncated stub.
    if (text.startsWith('..', end) || text[end] === '…') return;
    // Generated credentials have no spaces: a quoted value with some is prose or code.
    if (/\s/.test(value)) return;
    // Unquoted code (`key = JSON.stringify(x)`, `secret = config.auth.secret`) is an expression.
    if (!isQuote(text.charCodeAt(start - 1)) && isCodeExpression(value)) return;
    // Escaped newline or quote tails inside JSON strings (trimmed by hand: `(\\[nrt])+$` backtracks
    // quadratically over a long run of them).
    let cut = value.length;
    while (cut >= 2 && value[cut - 2] === '\\' && (value[cut - 1] === 'n' || value[cut - 1] === 'r' || value[cut - 1] === 't')) cut -= 2;
    value = value.slice(0, cut);
    end = start + value.length;
    if (taken.overlaps(start, end)) return;
    if (AWS_SECRET_NAME.test(name) && AWS_SECRET_VALUE.test(value)) {
      if (isAwsDocumentedExample(value)) addSample({ start, end });
      else if (/[A-Z]/.test(value) && /[a-z]/.test(value) && /[0-9]/.test(value)) {
        const d = { rule: 'aws', messageId: 'SecretAccessKey', start, end };
        if (!seen.has(start)) addSpecific(d);
        push(d, []);
      }
      return;
    }
    // Query strings percent-encode base64's `+/=`: judge the decoded value.
    if (/%[0-9A-F]{2}/i.test(value)) value = safeDecodeURIComponent(value);
    if (isPlaceholder(value) || isKnownNonSecret(value) || PRESET_FORMATS.some((r) => r.test(value))) return;
    if (isAwsDocumentedExample(value) || isPublishedSample(value)) return;
    if (!looksRandom(value, /pass|pwd/.test(lower) ? 10 : 16)) return;
    // Base64 of a placeholder or a word (Kubernetes secrets: `password: cGFzc3dvcmQ=`).
    const decoded = /^[A-Za-z0-9+/]+={0,2}$/.test(value) && value.length % 4 === 0 ? decodeBase64Text(value) : undefined;
    if (decoded && (isPlaceholder(decoded) || !looksRandom(decoded, 6))) return;
    push({ rule: 'credential-in-position', messageId: 'KeyCredential', start, end, detail: { name } });
  };
  const atSeparator = (p) => {
    const sep = text.charCodeAt(p);
    let i = p + 1;
    if (sep === 61) {
      const prev = text.charCodeAt(p - 1);
      // ==, !=, <=, >=, and the second `=` of `==`/`:=` (handled at the first)
      if (prev === 61 || prev === 33 || prev === 60 || prev === 62 || prev === 58 || text.charCodeAt(i) === 61) return;
      if (text.charCodeAt(i) === 62) i++; // =>
    } else if (sep === 58) {
      if (text.charCodeAt(i) === 47 && text.charCodeAt(i + 1) === 47) return; // scheme://
      if (text.charCodeAt(i) === 61) i++; // :=
    } else {
      // `|` separates cells only in a table row
      let bol = index.bolOf(p);
      while (text.charCodeAt(bol) === 32 || text.charCodeAt(bol) === 9) bol++;
      if (text.charCodeAt(bol) !== 124) return;
    }
    // The key name before the separator: optional spaces, `]`, closing quote.
    let j = p - 1;
    while (j >= 0 && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j--;
    if (text.charCodeAt(j) === 93) j--;
    if (isQuote(text.charCodeAt(j))) j--;
    const e = j + 1;
    let s = e;
    while (s > 0 && e - s < 100 && isIdentCode(text.charCodeAt(s - 1))) s--;
    // `{{token:x}}`, `${token:-x}`: template syntax, not a key.
    if (s >= 2 && text[s - 1] === '{' && (text[s - 2] === '{' || text[s - 2] === '$')) return;
    i = skipSpaces(text, i);
    // Cheap exits before reading the value: a scheme word (`Bearer X`) or a credential-ish name.
    const first = text.charCodeAt(isQuote(text.charCodeAt(i)) ? i + 1 : i) | 32;
    const maybeScheme = first === 98 || first === 116 || first === 99; // b, t, c
    const hinted = e - s >= 3 && KEY_HINT.test(text.slice(s, e).toLowerCase());
    if (!maybeScheme && !hinted) return;
    const v = readValue(text, i, index);
    if (!v) return;
    const { start, end } = v;
    // `Authorization: Bearer X`, `default="Bearer X"`, `example: Basic X`: whatever the key.
    const scheme = maybeScheme ? SCHEME.exec(text.slice(start, start + 12)) : null;
    if (scheme) {
      const close = isQuote(text.charCodeAt(start - 1)) ? text.indexOf(text[start - 1], start) : index.eolAfter(start);
      schemeAt(start, close < 0 ? text.length : close, scheme[1]);
      return;
    }
    if (!hinted) return;
    if (e - s < 3) return;
    const name = text.slice(s, e).replace(/^[-.]+|[-.:]+$/g, '');
    // `Authorization: <Scheme> <credential>` with the vendor's own scheme word (`ApiKey`, `Token`,
    // `SSWS`, `DeepL-Auth-Key`): what follows the word is the credential, whatever the word is.
    if (AUTH_HEADER.test(name)) {
      const quote = isQuote(text.charCodeAt(start - 1)) ? start - 1 : isQuote(text.charCodeAt(s - 1)) ? s - 1 : -1;
      const close = quote >= 0 ? text.indexOf(text[quote], start) : text.indexOf('\n', start);
      const limit = close < 0 ? text.length : close;
      const word = /^([A-Za-z][\w.-]{1,30})[ \t]+[^\s]/.exec(text.slice(start, Math.min(limit, start + 40)));
      if (word) {
        schemeAt(start, limit, word[1]);
        return;
      }
    }
    keyValue(name, start, end);
  };
  for (const sep of [':', '=', '|']) for (let p = text.indexOf(sep); p >= 0; p = text.indexOf(sep, p + 1)) atSeparator(p);
  // `--token VALUE`, `--admin-key VALUE` in shell commands (`--token=VALUE` is a `=` separator).
  for (let p = text.indexOf('--'); p >= 0; p = text.indexOf('--', p + 2)) {
    const before = text.charCodeAt(p - 1);
    if (p > 0 && before !== 32 && before !== 9 && before !== 10) continue;
    let e = p + 2;
    // A flag name is short: a run of 1,000 dashes is not scanned once per `--` in it.
    while (e < text.length && e - p < 102 && isIdentCode(text.charCodeAt(e))) e++;
    if (text.charCodeAt(e) !== 32 && text.charCodeAt(e) !== 9) continue;
    const name = text.slice(p + 2, e);
    if (name.length < 3 || !KEY_HINT.test(name.toLowerCase())) continue;
    const v = readValue(text, skipSpaces(text, e), index);
    if (v) keyValue(name, v.start, v.end);
  }
  // `Bearer X` / `Basic X` outside any key/value: prose, tables, ParamField bodies.
  for (let p = text.indexOf('B'); p >= 0; p = text.indexOf('B', p + 1)) {
    const scheme = text.startsWith('Bearer ', p) ? 'Bearer' : text.startsWith('Basic ', p) ? 'Basic' : undefined;
    if (!scheme || (p > 0 && isIdentCode(text.charCodeAt(p - 1)))) continue;
    schemeAt(p, index.eolAfter(p), scheme);
  }
}

function safeDecodeURIComponent(value) {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** `fn(x`, `a.b.c`, `obj[key`: an expression, not a literal value. */
function isCodeExpression(value) {
  if (/[([]/.test(value) || /^[A-Za-z_$][\w$]{0,30}\.[A-Za-z_$]/.test(value)) return true;
  const parts = value.split('.');
  return parts.length > 1 && parts.every((p) => /^[A-Za-z_$][\w$]*$/.test(p) && !looksRandom(p, 16));
}

function overlaps(spans, start, end) {
  return spans.some((d) => d.start < end && start < d.end);
}

/** Every detection in `text`, sorted by position. */
export function detectAll(text) {
  /** @type {Detection[]} */
  const specific = [];
  // Published samples found by the specific detectors: never reported by the generic one either.
  /** @type {Array<{start: number, end: number}>} */
  const samples = [];
  const flags = literals(text);
  if (flags & L.EYJ) detectJwts(text, specific, samples);
  if (flags & L.SK) detectSkKeys(text, specific, samples);
  if (flags & (L.CONVEX_DEPLOY | L.CONVEX_ADMIN)) detectConvexKeys(text, specific, flags);
  if (flags & L.PEM_PRIVATE) detectPrivateKeys(text, specific);
  if (flags & L.AWS_ID) detectAwsKeyIds(text, specific, samples);
  if (flags & L.AT) detectUrlCredentials(text, specific);
  /** @type {Detection[]} */
  const generic = [];
  detectPositions(text, generic, specific, samples);
  return [...specific, ...generic].sort((a, b) => a.start - b.start || a.end - b.end);
}

// Rules of one lintSource call see the same text one after another: keep the last result.
let lastText;
let lastResult = [];

/** `detectAll`, computed once per text however many rules ask. */
export function detectCached(text) {
  if (text !== lastText) {
    lastResult = detectAll(text);
    lastText = text;
  }
  return lastResult;
}
