// One pass over a text finds every token kind the rules report. Each secretlint rule reports only
// its own kind, but all of them share this pass (cached per text), so the generic
// credential-in-position detector can leave spans to the specific ones and every detector runs only
// where a cheap literal prefilter says it can match.
import { isAwsDocumentedExample, isPublishedSample, isPublishedSampleJwt } from './samples.js';
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
    if (isPublishedSampleJwt(token, header)) {
      samples.push({ start: m.index, end: m.index + token.length });
      continue;
    }
    const payload = decodeBase64Json(p);
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
  if (flags & T_CONVEX_DEPLOY) for (const m of text.matchAll(CONVEX_DEPLOY_KEY)) {
    const secret = m[4];
    const json = decodeBase64Json(secret);
    if (!json && (isPlaceholder(secret) || !looksRandom(secret, 20))) continue;
    const kind = m[1];
    const target = m[3] ? `${m[2]}:${m[3]}` : m[2];
    out.push({ rule: 'convex-deploy-key', messageId: 'DeployKey', start: m.index, end: m.index + m[0].length, detail: { kind, target } });
  }
  if (flags & T_CONVEX_ADMIN) for (const m of text.matchAll(CONVEX_ADMIN_KEY)) {
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
// The secret access key by the names AWS tools give it. Unlike the preset's pattern this one also
// matches keys that end in `+` or `/` (the preset requires a word boundary after the key).
const AWS_SECRET = /secret_?(?:access_?)?key["'`]?\]?\s*(?::|=>|=|\|)\s*["'`]?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi;

function detectAws(text, out, samples, flags) {
  if (flags & T_AWS_ID) {
    for (const m of text.matchAll(AWS_ACCESS_KEY_ID)) {
      if (isAwsDocumentedExample(m[0])) {
        samples.push({ start: m.index, end: m.index + m[0].length });
        continue;
      }
      out.push({ rule: 'aws', messageId: 'AccessKeyID', start: m.index, end: m.index + m[0].length });
    }
  }
  if (flags & T_AWS_SECRET) for (const m of text.matchAll(AWS_SECRET)) {
    const key = m[1];
    const start = m.index + m[0].length - key.length;
    if (isAwsDocumentedExample(key)) {
      samples.push({ start, end: start + key.length });
      continue;
    }
    if (isPlaceholder(key) || !/[A-Z]/.test(key) || !/[a-z]/.test(key) || !/[0-9]/.test(key)) continue;
    out.push({ rule: 'aws', messageId: 'SecretAccessKey', start, end: start + key.length });
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
const SCHEMES = new Set(['bearer', 'basic', 'token', 'convex']);
const KEYWORD = /key|secret|token|passw|pwd|credential|auth|bearer|basic|convex|pass\b/gi;

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

/** Read a value at `i`: quoted (to the closing quote) or bare (to whitespace or a delimiter). */
function readValue(text, i) {
  const q = text[i];
  if (q === '"' || q === "'" || q === '`') {
    const close = text.indexOf(q, i + 1);
    const nl = text.indexOf('\n', i + 1);
    if (close < 0 || (nl >= 0 && nl < close)) return undefined;
    return { start: i + 1, end: close };
  }
  let j = i;
  while (j < text.length && !/[\s"'`,;)\]&]/.test(text[j])) j++;
  // Trailing punctuation of prose or markup.
  while (j > i && /[.:}>|\\]/.test(text[j - 1]) && !/[<{]/.test(text.slice(i, j))) j--;
  return j > i ? { start: i, end: j } : undefined;
}

function skipSpaces(text, i) {
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return i;
}

/** The secret part of a scheme value (`Bearer X`, `Basic X`, `Convex X`) if it looks real. */
function schemeCredential(scheme, value) {
  if (isPlaceholder(value) || isKnownNonSecret(value)) return false;
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

function detectCredentialsInPosition(text, out, taken) {
  const len = text.length;
  KEYWORD.lastIndex = 0;
  for (let m = KEYWORD.exec(text); m; m = KEYWORD.exec(text)) {
    // Expand the keyword to the whole identifier around it.
    let s = m.index;
    let e = m.index + m[0].length;
    while (s > 0 && isIdentCode(text.charCodeAt(s - 1))) s--;
    while (e < len && isIdentCode(text.charCodeAt(e))) e++;
    KEYWORD.lastIndex = e;
    // Cheap rejection first (most hits are prose): a value must follow a separator, or a space
    // after a scheme word (`Bearer X`) or a `--flag`.
    let i = e;
    const q = text.charCodeAt(i);
    // Closing quote of a quoted name (JSON keys, `os.environ["X"]`, `NAME` in a table), then `]`.
    if (q === 34 || q === 39 || q === 96) i++;
    if (text.charCodeAt(i) === 93) i++;
    i = skipSpaces(text, i);
    const c = text[i];
    const spaceAfter = q === 32 || q === 9;
    const flag = text.charCodeAt(s) === 45 && text.charCodeAt(s + 1) === 45 && (spaceAfter || q === 61);
    const separated = c === ':' || c === '=' || c === '|' || flag;
    if (!separated && !(spaceAfter && e - s <= 6)) continue;
    // `{{token:x}}`, `${token:-x}`: template syntax, not a key.
    if (s >= 2 && (text[s - 1] === '{' && (text[s - 2] === '{' || text[s - 2] === '$'))) continue;
    const raw = text.slice(s, e);
    const name = raw.replace(/^[-.]+|[-.:]+$/g, '');
    const lower = name.toLowerCase();
    // `Bearer X` / `Basic X` / `Convex X` / `token X` anywhere: headers, ParamField defaults, prose.
    if (!separated) {
      if (!SCHEMES.has(lower)) continue;
      const v = readValue(text, skipSpaces(text, e));
      if (v && v.end - v.start >= 8 && !text.startsWith('..', v.end) && text[v.end] !== '…') {
        const value = text.slice(v.start, v.end);
        if (!overlaps(taken, v.start, v.end) && !PRESET_FORMATS.some((r) => r.test(value)) && schemeCredential(lower, value)) {
          out.push({ rule: 'credential-in-position', messageId: 'SchemeCredential', start: v.start, end: v.end, detail: { name: name[0].toUpperCase() + name.slice(1) } });
        }
      }
      continue;
    }
    if (!isCredentialName(name)) continue;
    // Separator: `:`, `=`, `=>`, `:=`, a table cell border, or a space after a `--flag`.
    if (c === ':' || c === '=') {
      i++;
      if (text[i] === '=' || text[i] === '>') i++;
    } else if (c === '|' && /^\s*\|/.test(text.slice(text.lastIndexOf('\n', s) + 1, s + 1))) {
      i++;
    } else if (flag) {
      i = e + 1;
    } else {
      continue;
    }
    i = skipSpaces(text, i);
    const v = readValue(text, i);
    if (!v) continue;
    let { start, end } = v;
    let value = text.slice(start, end);
    // Trailing dots were trimmed as punctuation: a value written as `abc...` is a truncated stub.
    if (text.startsWith('..', end) || text[end] === '…') continue;
    // `Authorization: Bearer X` in a key/value position: the credential is X.
    const scheme = /^(Bearer|Basic|Token|Convex)(\s+)/i.exec(value) ?? (text[end] === ' ' && /^(Bearer|Basic|Token|Convex)$/i.test(value) ? [value, value, ' '] : null);
    if (scheme) {
      const after = start + scheme[1].length + scheme[2].length;
      const sv = readValue(text, skipSpaces(text, after));
      if (!sv || (text[start - 1] === '"' || text[start - 1] === "'" || text[start - 1] === '`' ? sv.end > end : false)) continue;
      if (text.startsWith('..', sv.end) || text[sv.end] === '…') continue;
      const sValue = text.slice(sv.start, sv.end);
      if (overlaps(taken, sv.start, sv.end) || PRESET_FORMATS.some((r) => r.test(sValue)) || !schemeCredential(scheme[1].toLowerCase(), sValue)) continue;
      out.push({ rule: 'credential-in-position', messageId: 'SchemeCredential', start: sv.start, end: sv.end, detail: { name: scheme[1][0].toUpperCase() + scheme[1].slice(1).toLowerCase() } });
      continue;
    }
    // Unquoted code (`key = JSON.stringify(x)`, `secret = config.auth.secret`) is an expression.
    if (!/["'`]/.test(text[start - 1]) && isCodeExpression(value)) continue;
    // Escaped newline or quote tails inside JSON strings.
    value = value.replace(/(\\[nrt])+$/, '');
    end = start + value.length;
    if (overlaps(taken, start, end)) continue;
    // Query strings percent-encode base64's `+/=`: judge the decoded value.
    if (/%[0-9A-F]{2}/i.test(value)) value = safeDecodeURIComponent(value);
    if (isPlaceholder(value) || isKnownNonSecret(value) || PRESET_FORMATS.some((r) => r.test(value))) continue;
    if (isAwsDocumentedExample(value) || isPublishedSample(value)) continue;
    const isPassword = /pass|pwd/.test(lower);
    if (!looksRandom(value, isPassword ? 10 : 16)) continue;
    out.push({ rule: 'credential-in-position', messageId: 'KeyCredential', start, end, detail: { name } });
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
  if (/[([]/.test(value)) return true;
  const parts = value.split('.');
  return parts.length > 1 && parts.every((p) => /^[A-Za-z_$][\w$]*$/.test(p) && !looksRandom(p, 16));
}

function overlaps(spans, start, end) {
  return spans.some((d) => d.start < end && start < d.end);
}

// One scan for the literals every specific detector needs: a detector runs only when its literal
// occurs (most docs pages contain none of them).
const T_JWT = 1;
const T_SK = 2;
const T_CONVEX_ADMIN = 4;
const T_CONVEX_DEPLOY = 8;
const T_PRIVATE_KEY = 16;
const T_AWS_ID = 32;
const T_AWS_SECRET = 64;
const T_ALL = 127;
const TRIGGERS = /(eyJ)|(k_(?:live|test)_)|(\|01)|((?:prod|dev|preview|project):[a-z0-9])|(PRIVATE KEY)|(A(?:KIA|SIA|BIA|CCA|GPA|IDA|ROA|IPA|NPA|NVA|PKA|3T))|([Ss][Ee][Cc][Rr][Ee][Tt]_?(?:[Aa][Cc][Cc][Ee][Ss][Ss]_?)?[Kk][Ee][Yy])/g;

function triggers(text) {
  let flags = 0;
  TRIGGERS.lastIndex = 0;
  for (let m = TRIGGERS.exec(text); m && flags !== T_ALL; m = TRIGGERS.exec(text)) {
    for (let g = 1; g <= 7; g++) if (m[g] !== undefined) flags |= 1 << (g - 1);
  }
  return flags;
}

/** Every detection in `text`, sorted by position. */
export function detectAll(text) {
  /** @type {Detection[]} */
  const specific = [];
  // Published samples found by the specific detectors: never reported by the generic one either.
  /** @type {Array<{start: number, end: number}>} */
  const samples = [];
  const flags = triggers(text);
  if (flags & T_JWT) detectJwts(text, specific, samples);
  if (flags & T_SK) detectSkKeys(text, specific, samples);
  if (flags & (T_CONVEX_DEPLOY | T_CONVEX_ADMIN)) detectConvexKeys(text, specific, flags);
  if (flags & T_PRIVATE_KEY) detectPrivateKeys(text, specific);
  if (flags & (T_AWS_ID | T_AWS_SECRET)) detectAws(text, specific, samples, flags);
  /** @type {Detection[]} */
  const generic = [];
  detectCredentialsInPosition(text, generic, [...specific, ...samples]);
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
