// The one decision point for "is this a secret": every finding of every rule, the project's and the
// recommended preset's (wrapped by index.js), passes through `judge` before it is reported. A value
// that is not a secret comes back with a reason a test can assert:
//   placeholder       written for the reader to replace (`YOUR_API_KEY`, `fc-VOTRE-CLÉ-API`, `<token>`)
//   mask              a real prefix followed by a mask (`AKIA` + `X`s, `ghp_` + `x`s, `sk_live_••••`)
//   public-by-design  shipped to every browser or documented as public (PostHog/Segment keys in the
//                     site config, `pk_live_` publishable keys, Supabase anon JWTs, local dev defaults)
//   sample            published samples (jwt.io's, AWS's `EXAMPLE` keys), truncated or hand-written stubs
//   prose             words after a credential word (`basic` + Japanese text, "the initial pass: …")
//   identifier        a public identifier under a credential-ish name (an AWS credential scope, a git ref)
import { decodeBase64Json, entropy, isKnownNonSecret, isPlaceholder, looksRandom } from './text.js';
import { isAwsDocumentedExample, isJwtIoSample, isPublishedSample } from './samples.js';

/** @typedef {'placeholder' | 'mask' | 'public-by-design' | 'sample' | 'prose' | 'identifier'} Reason */
/** @typedef {{secret: true} | {secret: false, reason: Reason, why: string}} Verdict */

/**
 * @typedef {object} Candidate
 * @property {string} text    whole text of the file
 * @property {number} start   first character of the reported value
 * @property {number} end     after its last character
 * @property {string} [file]  path of the file (site config files get their own public-by-design test)
 * @property {string} [rule]  id of the rule that reports it
 * @property {Record<string, string>} [detail] what the rule knows (key `name`, URL `user`/`host`)
 */

export const REASONS = /** @type {const} */ (['placeholder', 'mask', 'public-by-design', 'sample', 'prose', 'identifier']);

const SECRET = /** @type {Verdict} */ ({ secret: true });
/** @returns {Verdict} */
const not = (/** @type {Reason} */ reason, /** @type {string} */ why) => ({ secret: false, reason, why });

/**
 * Is the value at [start, end) of `text` a secret?
 * @param {Candidate} c
 * @returns {Verdict}
 */
export function judge(c) {
  const { text, start, end } = c;
  const value = text.slice(start, end);
  // PEM blocks, and whole structures a rule reports at once (a GCP service-account file): the rule
  // has judged the key material; shape tests on the whole would only see the armour.
  if (/-----BEGIN [A-Z0-9 ]*PRIVATE KEY/.test(value) || (value.length > 200 && /[\s{]/.test(value))) return SECRET;
  // Credentials inside URLs, whichever rule reports them (the whole URL or only its password).
  const url = urlCredentials(c, value);
  if (url) return judgeUrlPassword(url);
  if (/^eyJ[A-Za-z0-9_-]*\.|^eyJ[A-Za-z0-9_-]*(\.\.\.|…)/.test(value)) {
    const v = judgeJwt(value);
    if (v) return v;
  }
  if (text.startsWith('...', end) || text[end] === '…') return not('sample', 'truncated: followed by an ellipsis');
  // A rule's pattern may stop inside a word (`xoxb-VOTRE-CL` of `xoxb-VOTRE-CLÉ-API`): judge the whole.
  const whole = widen(text, start, end);
  if (MASK.test(whole)) return not('mask', 'a mask after the prefix');
  if (/[^\x00-\x7f]/.test(whole)) {
    // Generated credentials are ASCII: non-ASCII letters are words of some language.
    return hasPlaceholderWord(vendorBody(whole)) ? not('placeholder', 'placeholder words (non-ASCII)') : not('prose', 'text in a natural language, not a generated value');
  }
  const body = vendorBody(value);
  if (MASK.test(body) || MASK.test(value)) return not('mask', 'a mask after the prefix');
  if (isPeriodic(body)) return not('mask', 'a short pattern repeated');
  if (isPlaceholder(value) || (body !== value && isPlaceholder(body)) || hasPlaceholderWord(body)) return not('placeholder', 'placeholder words or template syntax');
  if (isTypedSequence(body)) return not('placeholder', 'typed sequences (abc123def456…), not generated');
  if (isAwsDocumentedExample(value) || isPublishedSample(value)) return not('sample', 'a published sample value');
  const stub = stubOf(value, body);
  if (stub) return not('sample', stub);
  if (/^[A-Z]?[a-z]{3,}$/.test(value.replace(/^[*_~`]+|[*_~`]+$/g, ''))) return not('prose', 'a word (with its Markdown emphasis), not a generated value');
  // Query strings percent-encode: judge the decoded value.
  const plain = /%[0-9A-F]{2}/i.test(value) ? safeDecode(value) : value;
  if (isWrittenPassword(plain)) return not('sample', 'a written password (words, digits, a symbol), not a generated one');
  if (isLeetPlaceholder(plain)) return not('placeholder', 'a placeholder word in leetspeak with a number (`P@ssw0rd123`)');
  const name = c.detail?.name ?? keyNameBefore(text, start);
  if (name && /secret_?access_?key$/i.test(name) && /^[A-Za-z0-9/+]{30,50}$/.test(value) && value.length !== 40) return not('sample', `not 40 characters, so not an AWS secret access key (${value.length})`);
  const pub = publicByDesign(c, value);
  if (pub) return not('public-by-design', pub);
  if (isReadableDefault(value)) return not('placeholder', 'base64 of written words (a default user and password), not a generated value');
  // Only a value nothing but its position makes a credential: a vendor's own secret format (a
  // self-hosted Convex admin key) is generated per install, local or not.
  if (c.rule === 'connvo/credential-in-position' && localServerCredential(text, value)) return not('public-by-design', "the credential of a server on the reader's machine (a development server's default user)");
  if (isKnownNonSecret(value, { afterScheme: afterSchemeWord(text, start) }) || AWS_CREDENTIAL_SCOPE.test(value) || GIT_REF.test(plain) || OBJECT_PATH.test(plain) || CHAIN_ADDRESS.test(value) || isCodeIdentifier(value)) return not('identifier', 'a public identifier, not a credential');
  if (isTypeExpression(value)) return not('identifier', 'a type (`Optional[str]`, `Record<string, string>`), as a parameter table gives it, not a value');
  // A 32-byte hex value on a chain (a transaction or block hash, a storage slot key) unless its
  // name says it is the private half of a key pair.
  // The name as the line writes it before the value (`Private Key: 0x…` has the name `Key`).
  const label = `${text.slice(text.lastIndexOf('\n', start - 1) + 1, start).slice(-40)} ${name ?? ''}`;
  const privateName = PRIVATE_KEY_NAME.test(label);
  if (CHAIN_WORD.test(value) && !privateName) return not('identifier', 'a 32-byte hash or storage key, not a key named private');
  if (privateName && isTestAccountListing(text, start)) return not('sample', "a local node's printed test accounts (pre-funded, published with the node)");
  if (c.rule === 'connvo/credential-in-position') {
    if (inProse(text, start)) return not('prose', 'a credential word inside a sentence');
    if (inUrlPath(text, value)) return not('identifier', 'the same value is a path segment of a URL in the text (a slug or ID, not a credential)');
  }
  return SECRET;
}

/** The value follows an auth scheme word in a header (`Authorization: Bearer X`, `Authorization: ApiKey X`). */
function afterSchemeWord(text, start) {
  const before = text.slice(Math.max(0, start - 60), start);
  return /\b(?:bearer|basic|token|convex)\s+$/i.test(before) || /authorization["']?\s*[:=]\s*["']?[A-Za-z][\w.-]{1,30}\s+$/i.test(before);
}

/** `P@ssw0rd123`, `s3cr3t!`: a placeholder password word written in leetspeak, a number and a symbol after it. */
function isLeetPlaceholder(value) {
  const word = value.replace(/\d{0,6}[!?.#*]{0,2}$/, '').toLowerCase().replace(/[0134579@$!]/g, (ch) => LEET_LETTER[ch]);
  return word !== value.toLowerCase() && LEET_PLACEHOLDERS.has(word);
}
const LEET_LETTER = { 0: 'o', 1: 'i', 3: 'e', 4: 'a', 5: 's', 7: 't', 9: 'g', '@': 'a', $: 's', '!': 'i' };
const LEET_PLACEHOLDERS = new Set(['password', 'passwort', 'secret', 'changeme', 'admin', 'letmein', 'welcome', 'qwerty', 'default', 'example', 'test']);

// ---------------------------------------------------------------- local development defaults

/** Base64 of JSON whose every value is written words (`{"UserID":"defaultUser","Password":"defaultPassword"}`). */
function isReadableDefault(value) {
  if (!/^[A-Za-z0-9+/_-]{16,}={0,2}$/.test(value)) return false;
  const json = decodeBase64Json(value);
  if (!json) return false;
  const values = Object.values(json);
  return values.length > 0 && values.every((v) => typeof v === 'string' && /^[A-Za-z]{2,40}\d{0,3}$/.test(v) && !looksRandom(v, 8));
}

/**
 * The value (here or where the text writes it again) sits beside a URL variable of its own
 * service pointing at the reader's machine (`QSTASH_URL="http://localhost:8080"` next to
 * `QSTASH_TOKEN=…`): the credentials a local development server prints for its test users.
 */
function localServerCredential(text, value) {
  if (value.length < 8) return false;
  for (let i = text.indexOf(value), seen = 0; i >= 0 && seen < 20; i = text.indexOf(value, i + 1), seen++) {
    const prefix = /^([A-Z][A-Z0-9]*)_[A-Z0-9_]+$/.exec(keyNameBefore(text, i) ?? '')?.[1];
    if (!prefix) continue;
    const from = text.lastIndexOf('\n', Math.max(0, i - 600));
    const window = text.slice(from < 0 ? 0 : from, i + 600);
    for (const line of window.split('\n')) {
      const m = LOCAL_URL_VAR.exec(line.trim());
      if (m && m[1] === prefix) return true;
    }
  }
  return false;
}
const LOCAL_URL_VAR = /^(?:export\s+)?([A-Z][A-Z0-9]*)_[A-Z0-9_]*(?:URL|HOST|ENDPOINT)\s*[=:]\s*["']?(?:https?:\/\/)?(?:localhost|127\.0\.0\.1|0\.0\.0\.0)(?![\w.-])/;

// ---------------------------------------------------------------- identifiers by context

// `0x` + 64 hex digits: what chains print for hashes and storage keys, and what a wallet's private key looks like.
const CHAIN_WORD = /^0x[0-9a-fA-F]{64}$/;
const PRIVATE_KEY_NAME = /private[_ -]?key|privkey|secret[_ -]?key|mnemonic|seed/i;

/**
 * The value sits in a list of test accounts as a local chain node prints it (Hardhat, Anvil, a
 * zkSync in-memory node): three or more `0x` addresses each followed by a `Private Key: 0x…` line.
 * Those accounts come from the node's published default mnemonic; a leaked key comes alone.
 */
function isTestAccountListing(text, at) {
  const lines = text.slice(Math.max(0, at - 4000), Math.min(text.length, at + 4000)).split('\n');
  let pairs = 0;
  let lastAddress = -10;
  for (const [i, line] of lines.entries()) {
    if (ADDRESS.test(line) && !KEY_LINE.test(line)) lastAddress = i;
    else if (KEY_LINE.test(line) && i - lastAddress <= 3 && ++pairs >= 3) return true;
  }
  return false;
}
const ADDRESS = /0x[0-9a-fA-F]{40}(?![0-9a-fA-F])/;
const KEY_LINE = /private[ _]?key\W{0,4}0x[0-9a-fA-F]{64}(?![0-9a-fA-F])/i;

/**
 * The value is also a path segment of a URL in the same text (`"key": "X"` beside
 * `"shortLink": "https://acme.link/X"`): a slug or record ID a sample shows twice. Credentials go
 * in headers, query strings and bodies, not in a page's address.
 */
function inUrlPath(text, value) {
  if (value.length < 8 || !/^[A-Za-z0-9_-]+$/.test(value)) return false;
  let i = text.indexOf(`/${value}`);
  while (i >= 0) {
    const after = text.charCodeAt(i + value.length + 1);
    const lineStart = text.lastIndexOf('\n', i) + 1;
    const before = text.slice(Math.max(lineStart, i - 200), i + 1);
    if (!(after >= 48 && after <= 57) && !(after >= 65 && after <= 90) && !(after >= 97 && after <= 122) && /https?:\/\/[^\s"'<>]*\/$/.test(before)) return true;
    i = text.indexOf(`/${value}`, i + 1);
  }
  return false;
}

// ---------------------------------------------------------------- value shapes

// Latin letters only (accents included): a token written straight before Japanese or Chinese text
// must not be swallowed into the words.
const WORD_CHAR = /[\p{Script=Latin}\p{N}_-]/u;

/** The value grown to the word characters around it (Latin letters, digits, `_`, `-`). */
function widen(text, start, end) {
  let s = start;
  let e = end;
  while (s > 0 && start - s < 64 && WORD_CHAR.test(text[s - 1])) s--;
  while (e < text.length && e - end < 64 && WORD_CHAR.test(text[e])) e++;
  return text.slice(s, e);
}

// A mask or a truncation anywhere in the value.
const MASK = /x{4,}|X{4,}|\*{3,}|•|…|\.\.\.|#{3,}|_{4,}|-{4,}|(.)\1{5,}/;

/** `ab12ab12ab12…`: a unit of up to 8 characters making up the whole value. */
function isPeriodic(s) {
  if (s.length < 12) return false;
  for (let n = 1; n <= 8 && n * 3 <= s.length; n++) {
    let ok = true;
    for (let i = n; i < s.length && ok; i++) ok = s[i] === s[i - n];
    if (ok) return true;
  }
  return false;
}

const AWS_KEY_ID_PREFIX = /^(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA|A3T[A-Z0-9])/;
// A vendor prefix: a short lowercase/alnum word and its separator, with the usual qualifiers
// (`sk_live_`, `sk-proj-`, `sk-ant-api03-`, `github_pat_`, `xoxb-`, `fc-`, `gsk_`, `m0sk_`, `ya29.`).
const VENDOR_PREFIX = /^(?:[a-z][a-z0-9]{0,9}|[A-Z]{2,4})(?:[_-](?:live|test|proj|svcacct|admin|ant|api\d*|pat|wgt|bot|prod|dev))*(?:[_-]|\.(?=[A-Za-z0-9]))/;

/** The value without its vendor prefix (and a Convex deployment before `|`). */
export function vendorBody(value) {
  const bar = value.lastIndexOf('|');
  if (bar >= 0) return value.slice(bar + 1);
  if (AWS_KEY_ID_PREFIX.test(value) && value.length <= 24) return value.slice(4);
  const m = VENDOR_PREFIX.exec(value);
  return m && m[0].length < value.length ? value.slice(m[0].length) : value;
}

// Formats with a known minimum length: anything shorter is a hand-written stub.
const MIN_LENGTH = [
  [/^ya29\./, 60, 'Google OAuth access token'],
  [/^(ghp|gho|ghu|ghs|ghr)_/, 40, 'GitHub token'],
  [/^github_pat_/, 93, 'GitHub fine-grained token'],
  [/^sk-ant-/, 90, 'Anthropic key'],
  [/^AIza/, 39, 'Google API key'],
];

function stubOf(value, body) {
  for (const [re, min, what] of /** @type {Array<[RegExp, number, string]>} */ (MIN_LENGTH)) {
    if (re.test(value) && value.length < min) return `shorter than any ${what} (${value.length} < ${min})`;
  }
  if (body !== value && body.length < 8) return 'prefix with a stub body';
  return undefined;
}

// Words a writer uses for "your key here", in the languages docs are translated into.
const PLACEHOLDER_WORDS = new Set([
  // English
  'your', 'yours', 'my', 'here', 'example', 'sample', 'placeholder', 'replace', 'insert', 'dummy', 'fake', 'redacted', 'token', 'secret', 'key', 'apikey', 'password', 'value', 'api',
  // French
  'votre', 'vos', 'ton', 'ta', 'tes', 'cle', 'clé', 'cles', 'clés', 'jeton', 'ici', 'exemple', 'valeur', 'remplacer', 'remplacez', 'motdepasse', 'secrete', 'secrète',
  // Spanish
  'tu', 'tus', 'su', 'sus', 'clave', 'llave', 'aqui', 'aquí', 'contraseña', 'contrasena', 'secreto', 'secreta', 'ejemplo', 'valor', 'reemplazar', 'reemplaza',
  // Portuguese
  'sua', 'seu', 'suas', 'seus', 'chave', 'senha', 'segredo', 'exemplo', 'substituir', 'substitua',
  // German
  'ihr', 'ihre', 'ihren', 'dein', 'deine', 'deinen', 'schlüssel', 'schluessel', 'schlussel', 'geheim', 'hier', 'passwort', 'kennwort', 'beispiel', 'wert', 'ersetzen',
  // Italian, Dutch, Indonesian
  'tua', 'tuo', 'chiave', 'qui', 'segreto', 'esempio', 'valore', 'jouw', 'uw', 'sleutel', 'wachtwoord', 'kunci', 'anda',
]);

/** Written words (any script), at least one a placeholder word, no generated-looking chunk. */
function hasPlaceholderWord(value) {
  const parts = value.split(/[^\p{L}\p{N}]+|(?<=\p{Ll})(?=\p{Lu})/u).filter(Boolean);
  if (parts.length < 2 && !/[^\x00-\x7f]/.test(value)) return false;
  let placeholder = false;
  for (const p of parts) {
    const w = p.toLowerCase();
    if (PLACEHOLDER_WORDS.has(w)) placeholder = true;
    else if (/^[\p{L}]+$/u.test(p) && (p.length <= 3 || /[^\x00-\x7f]/.test(p) || (p.length <= 12 && /[aeiouy]/i.test(p)))) continue;
    else if (/^\d{1,4}$/.test(p)) continue;
    else return false;
  }
  return placeholder;
}

/**
 * A type or identifier name in code (`Uint8Array`, `V2KeysVerifyKeyResponseData`): PascalCase or
 * camelCase words, digits only at the end of a word.
 */
function isCodeIdentifier(value) {
  if (!/^[A-Za-z][A-Za-z0-9]{5,80}$/.test(value)) return false;
  const parts = value.split(/(?<=[a-z0-9])(?=[A-Z])/);
  if (parts.length < 2) return false;
  let acronyms = 0;
  for (const p of parts) {
    if (/^[A-Z]{1,4}\d{0,2}$/.test(p)) {
      if (++acronyms > 1) return false;
      continue;
    }
    if (!/^[A-Z]?[a-z]{2,}\d{0,2}$/.test(p)) return false;
    if (p.replace(/\d+$/, '').length >= 3 && !/[aeiouy]/i.test(p)) return false;
  }
  return true;
}

/**
 * A type as code or a parameter table writes it: names joined by brackets (`Optional[str]`,
 * `List[Dict[str, Any]]`, `Record<string, string>`, `str | None`). Generated values have no
 * brackets, and every name here is a word or a code identifier, none random.
 */
function isTypeExpression(value) {
  if (value.length > 120 || !/[[\]<>|]/.test(value) || !/^[A-Za-z_][\w.]*\s*[[<|]/.test(value)) return false;
  if (!/^[\w.\s[\]<>,|]+$/.test(value)) return false;
  const names = value.split(/[\s[\]<>,|]+/).filter(Boolean);
  return names.length >= 2 && names.every((n) => /^[A-Za-z_][\w.]{0,40}$/.test(n) && !looksRandom(n, 12));
}

/** Mostly runs typed in order (`abc123def456ghi789`): at least half the characters in runs of 3+. */
function isTypedSequence(value) {
  if (value.length < 9) return false;
  let inRuns = 0;
  let run = 1;
  for (let i = 1; i <= value.length; i++) {
    if (i < value.length && value.charCodeAt(i) === value.charCodeAt(i - 1) + 1) run++;
    else {
      if (run >= 3) inRuns += run;
      run = 1;
    }
  }
  return inRuns * 2 >= value.length;
}

/**
 * A password a person wrote: capitalised or acronym words, then digits, then a symbol or two
 * (`MindsDBUser123!`, `CompanyAdmin2024#`). Generated values mix digits and cases throughout.
 */
export function isWrittenPassword(value) {
  const m = /^([A-Za-z]{4,40})(\d{0,6})([^A-Za-z0-9\s]{0,2})$/.exec(value);
  if (!m || (m[2] === '' && m[3] === '')) return false;
  const words = m[1].match(/[A-Z]{2,}(?=[A-Z][a-z]|$)|[A-Z]?[a-z]+/g) ?? [];
  if (words.join('') !== m[1] || words.length > 5) return false;
  if (!words.some((w) => w.length >= 4)) return false;
  return words.every((w) => (/^[A-Z]{2,5}$/.test(w) ? true : w.length >= 2 && (w.length < 3 || /[aeiouy]/i.test(w))));
}

// ---------------------------------------------------------------- JWTs

/** @returns {Verdict | undefined} */
function judgeJwt(value) {
  if (/\.\.\.|…|<|>/.test(value)) return not('placeholder', 'a JWT stub or a header joined to a placeholder');
  const parts = value.split('.');
  if (parts.length !== 3) return not('placeholder', 'not three JWT segments');
  const header = decodeBase64Json(parts[0]);
  const payload = decodeBase64Json(parts[1]);
  if (!header || typeof header.alg !== 'string') return not('placeholder', 'header does not decode');
  if (!payload) return not('placeholder', 'a JWT header joined to a placeholder payload');
  const sig = parts[2];
  if (sig.length < 16 || entropy(sig) < 3 || /(.)\1{7,}/.test(sig) || isPlaceholder(sig)) return not('placeholder', 'signature is a stand-in');
  if (isJwtIoSample(value, header, payload)) return not('sample', "jwt.io's published sample token");
  // Supabase's anon key is a JWT that ships to every browser; its service_role key is a secret.
  if (payload.role === 'anon' && (payload.iss === 'supabase' || typeof payload.ref === 'string')) return not('public-by-design', 'Supabase anon key');
  return undefined;
}

// ---------------------------------------------------------------- URLs

/**
 * @param {Candidate} c
 * @param {string} value
 * @returns {{user: string, password: string, host: string} | undefined}
 */
function urlCredentials(c, value) {
  if (c.detail && typeof c.detail.host === 'string' && typeof c.detail.user === 'string') return { user: c.detail.user, password: value, host: c.detail.host };
  const m = URL_WITH_PASSWORD.exec(value);
  return m ? { user: m[1], password: m[2], host: m[3] } : undefined;
}
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/([^\s:@/]*):([^\s/]+)@([^@/\s?#:]+)/i;

const LOCAL_HOST = /^(localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[?::1\]?|host\.docker\.internal|[a-z0-9-]+\.(local|localhost|internal\.test)|[a-z][a-z0-9_-]*)$/i;
const URL_PLACEHOLDER_PASSWORDS = new Set(['pass', 'passwd', 'pw', 'pwd', 'password', 'secret', 'changeme', 'mypassword', 'p@ssw0rd', 'hunter2', 'postgres', 'root', 'admin', 'guest', 'test', 'example', 'dev', 'local']);

function safeDecode(value) {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** @returns {Verdict} */
function judgeUrlPassword({ user, password, host }) {
  let pass = password;
  try {
    pass = decodeURIComponent(password);
  } catch {
    // not percent-encoded after all
  }
  if (pass.length === 0 || isPlaceholder(pass)) return not('placeholder', 'placeholder password');
  if (MASK.test(pass)) return not('mask', 'masked password');
  const random = looksRandom(pass, 8) || (pass.length >= 10 && [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(pass)).length >= 3 && entropy(pass) >= 3);
  if (!random && LOCAL_HOST.test(host)) return not('public-by-design', 'local development default');
  if (isWrittenPassword(pass)) return not('sample', 'a written password (words, digits, a symbol), not a generated one');
  if (URL_PLACEHOLDER_PASSWORDS.has(pass.toLowerCase()) || hasPlaceholderWord(pass)) return not('placeholder', 'placeholder password');
  if (pass.toLowerCase() === user.toLowerCase()) return not('placeholder', 'password is the user name');
  if (!random) return not('placeholder', 'a written, not generated, password');
  return SECRET;
}

// ---------------------------------------------------------------- public by design

// Value prefixes vendors define as public: PostHog project keys, Stripe publishable keys, Mapbox
// public tokens, Supabase publishable keys, Datadog RUM client tokens.
const PUBLIC_PREFIX = /^(phc_|pk_(live|test)_|pk\.eyJ|sb_publishable_|pub[0-9a-f]{32}$)/;
// Client-side analytics integrations (Mintlify's `integrations` / legacy `analytics` keys and the
// usual snippets): their keys ship to every browser.
const ANALYTICS = new Set([
  'posthog', 'segment', 'hightouch', 'amplitude', 'mixpanel', 'heap', 'hotjar', 'fathom', 'ga4', 'gtm', 'plausible', 'pirsch',
  'koala', 'logrocket', 'clearbit', 'intercom', 'frontchat', 'clarity', 'fullstory', 'rudderstack', 'june',
]);
// In the site config itself (docs.json, mint.json) every key under these ships to the browser.
const SITE_CONFIG_ANALYTICS = new Set(['integrations', 'analytics']);
// Key names that say the value is public: `publishableKey`, `NEXT_PUBLIC_…`, `anonKey`, `writeKey`
// (Segment/RudderStack/Hightouch client write keys), `siteKey` (captcha), `measurementId`.
const PUBLIC_NAME_WORDS = new Set(['public', 'publishable', 'anon', 'measurement', 'tracking']);
const PUBLIC_NAMES = /^(write|site)[_-]?key$/i;
const SECRET_NAME_WORDS = new Set(['secret', 'private', 'password', 'service', 'admin']);

function publicByDesign(c, value) {
  if (PUBLIC_PREFIX.test(value)) return `a public key format (${value.slice(0, 4)}…)`;
  const name = c.detail?.name ?? keyNameBefore(c.text, c.start);
  // `<span data-…-key="…">`: an HTML data attribute is in the page every browser gets.
  if (name && /^data-[a-z0-9-]+$/.test(name)) return `an HTML data attribute (${name})`;
  if (name) {
    const words = identifierWords(name);
    const publicName = PUBLIC_NAMES.test(name.replace(/^[-.]+/, '')) || words.some((w) => PUBLIC_NAME_WORDS.has(w));
    if (publicName && !words.some((w) => SECRET_NAME_WORDS.has(w))) return `a public key name (${name})`;
  }
  const siteConfig = /(^|\/)(docs|mint)\.json$/.test(c.file ?? '');
  const owner = enclosingKeys(c.text, c.start).find((k) => ANALYTICS.has(k.toLowerCase()) || (siteConfig && SITE_CONFIG_ANALYTICS.has(k)));
  if (owner) return `a client-side analytics key (${owner})`;
  return undefined;
}

function identifierWords(name) {
  return name.split(/[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])/).filter(Boolean).map((w) => w.toLowerCase());
}

/** The key a value sits under: `name: value`, `"name": "value"`, `name=value`, `--name value`. */
export function keyNameBefore(text, start) {
  let i = start - 1;
  const lineStart = text.lastIndexOf('\n', i) + 1;
  if (/["'`]/.test(text[i] ?? '')) i--;
  while (i >= lineStart && /[\s:=>|-]/.test(text[i]) && start - i < 8) i--;
  if (/["'`\]]/.test(text[i] ?? '')) i--;
  let s = i;
  while (s >= lineStart && /[A-Za-z0-9_.-]/.test(text[s])) s--;
  const name = text.slice(s + 1, i + 1);
  return name.length >= 2 ? name : undefined;
}

/** Keys of the objects enclosing `at` (innermost first), from a backward brace scan of up to 4 KB. */
function enclosingKeys(text, at) {
  const keys = [];
  let depth = 0;
  const stop = Math.max(0, at - 4096);
  for (let i = at - 1; i >= stop && keys.length < 3; i--) {
    const ch = text[i];
    if (ch === '}') depth++;
    else if (ch === '{') {
      if (depth > 0) depth--;
      else {
        const key = /["']?([A-Za-z0-9_$-]+)["']?\s*[:=]\s*$/.exec(text.slice(Math.max(0, i - 80), i));
        keys.push(key ? key[1] : '');
      }
    }
  }
  return keys.filter(Boolean);
}

// ---------------------------------------------------------------- not credentials at all

// `AKIA…/20240625/us-east-1/s3/aws4_request`: the X-Amz-Credential of a presigned URL names the key, the
// signature is elsewhere.
const AWS_CREDENTIAL_SCOPE = /^[A-Za-z0-9]{16,128}(\/|%2F)\d{8}(\/|%2F)[a-z0-9-]+(\/|%2F)[a-z0-9-]+(\/|%2F)aws4_request$/i;
// `org-123/<uuid>.tar.gz`: an object key or a path with a file extension.
const OBJECT_PATH = /^[\w.-]+(\/[\w.-]+)+\.[a-z][a-z0-9]{0,7}(\.[a-z0-9]{1,3})?$/i;
// An Ethereum-style address (a contract or wallet: public by nature; private keys are 64 hex digits).
const CHAIN_ADDRESS = /^0x[0-9a-fA-F]{40}$/;
// `owner/repo@<sha>`: a pinned reference.
const GIT_REF = /^[\w.-]+\/[\w.-]+@[0-9a-f]{7,40}$/;

/**
 * The key before the value is an ordinary word inside a sentence ("during the initial pass: …"):
 * preceded on its line by another word and a space, not by code (`{`, `,`, `(`, `const`, indentation).
 */
function inProse(text, start) {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const before = text.slice(lineStart, start);
  // `pass` is a credential name in code and an ordinary noun in sentences ("the first pass: …").
  const m = /(?:^|[\s(])([A-Za-z][a-z]+) (pass|passes):\s*[`"']?$/.exec(before);
  return m !== null && !/^(const|let|var|export|readonly|private|public|def|val|final|static|set|get|db|user|admin|root)$/i.test(m[1]);
}
