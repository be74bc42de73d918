// Value classification shared by every rule: placeholders, well-known non-secrets, randomness,
// base64 decoding, masking and fingerprints. Plain JavaScript so stock secretlint loads it as is.
import { createHash } from 'node:crypto';

/** Decode base64 or base64url (padding optional); undefined when `s` is not base64. */
export function decodeBase64(s) {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(s)) return undefined;
  const normal = s.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (normal.length % 4 === 1) return undefined;
  return Buffer.from(normal, 'base64');
}

/** `decodeBase64` as UTF-8 text, only when every character is printable (tabs and newlines allowed). */
export function decodeBase64Text(s) {
  const bytes = decodeBase64(s);
  if (!bytes) return undefined;
  const text = bytes.toString('utf8');
  // U+FFFD: invalid UTF-8; control characters: binary, not text.
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffd]/.test(text)) return undefined;
  return text;
}

/** Decoded JSON object, or undefined. */
export function decodeBase64Json(s) {
  const text = decodeBase64Text(s);
  if (!text || text[0] !== '{') return undefined;
  try {
    const value = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Shannon entropy in bits per character. */
export function entropy(s) {
  const counts = new Map();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

// Words that mark a value as written by a human for a reader to replace or to look at.
const PLACEHOLDER_WORDS = new Set([
  'your', 'yours', 'my', 'example', 'examples', 'sample', 'placeholder', 'changeme', 'change', 'replace', 'insert',
  'dummy', 'fake', 'redacted', 'here', 'todo', 'fixme', 'secret', 'token', 'password', 'passwd', 'key', 'api', 'apikey',
  'value', 'test', 'demo', 'foo', 'bar', 'baz', 'xxx', 'abc', 'abcdef', 'abc123', 'hunter2', 'none', 'null', 'undefined',
  'deploy', 'admin', 'user', 'users', 'username', 'jwt', 'bearer', 'string', 'hidden', 'masked', 'omitted', 'truncated',
  'goes', 'put', 'paste', 'enter', 'set', 'env', 'new', 'old', 'long', 'random', 'access', 'refresh', 'session', 'prod',
  'dev', 'staging', 'local', 'workos', 'convex', 'connvo', 'client', 'id', 'private', 'public', 'some', 'the', 'a', 'an',
  'changeme', 'letmein', 'qwerty', 'admin123', 'passw0rd', 'p4ssw0rd', 'supersecret', 'topsecret', 'mysecret', 'secret123',
]);

/**
 * A value a writer obviously meant as a stand-in: `<user-token>`, `YOUR_API_KEY`, `your-token-here`,
 * `$CONVEX_DEPLOY_KEY`, `${TOKEN}`, `{{token}}`, `process.env.X`, `${{ secrets.X }}`, masks (`xxxx`,
 * `****`, `...`, `…`) and truncated stubs (`eyJhbGciOi...`, `sk_test_...`).
 */
export function isPlaceholder(value) {
  if (value.length === 0) return true;
  // Template and variable syntax of every language the docs show.
  if (/[<>{}]|^\$|\$\(|(?:^|[^A-Za-z0-9])%[A-Z_][A-Z0-9_]{2,}%(?![A-Za-z0-9])|\bprocess\.env\b|\bos\.environ|\bimport\.meta\.env|\bsecrets\.|\benv\.|\bgetenv\b/.test(value)) return true;
  // Masks and truncation.
  if (/\.\.\.|…|\*{3,}|•|x{4,}|X{4,}|#{3,}|_{4,}/.test(value)) return true;
  // A run of one character (`0000000000`, `aaaaaaaa`).
  if (/(.)\1{5,}/.test(value)) return true;
  // Sequential runs such as abcdef / 123456 / ABCDEF.
  if (/abcdef|bcdefg|123456|234567|qwerty/i.test(value)) return true;
  // Words: split on separators and camelCase; a value made only of words, at least one of them a
  // placeholder word, or a value that starts with `your`/`my`.
  const lower = value.toLowerCase();
  if (/^(your|my)[-_ ]?(own[-_ ]?)?(api|secret|token|key|password|deploy|access|workos|convex|client|user|session|auth)/.test(lower)) return true;
  const parts = splitWords(value);
  const words = parts.map((w) => w.toLowerCase());
  if (words.length >= 2 && words.some((w) => PLACEHOLDER_WORDS.has(w)) && isWordy(parts)) return true;
  if (words.length === 1 && PLACEHOLDER_WORDS.has(words[0].replace(/\d+$/, ''))) return true;
  return false;
}

/** Words of an identifier-like value: split on separators and camelCase humps. */
function splitWords(value) {
  return value.split(/[^A-Za-z0-9]+|(?<=[a-z])(?=[A-Z])/).filter(Boolean);
}

/**
 * Written words rather than generated characters: snake/kebab/camel words (`super_secret_value`,
 * `mySecretPassword1`, `happy-animal-123`). Random mixed-case text also splits into capitalised
 * chunks, but short ones and ones without vowels (`VNcyTDoJLmpb` → V, Ncy, T, Do, J, Lmpb).
 */
const SMALL_WORDS = new Set(['a', 'i', 'an', 'at', 'of', 'to', 'in', 'on', 'is', 'it', 'by', 'or', 'be', 'as', 'my', 'we', 'no', 'so', 'up', 'do', 'go', 'me', 'id', 'v1', 'v2']);

function isWordy(parts) {
  if (parts.length < 2) return false;
  let stray = 0;
  for (const w of parts) {
    if (/^\d{1,4}$/.test(w)) continue;
    if (!/^[A-Za-z][a-z]*\d{0,4}$/.test(w) && !/^[A-Z]+\d{0,4}$/.test(w)) return false;
    const letters = w.replace(/\d+$/, '');
    if (letters.length <= 2) {
      // `a`, `at`, `of` are words; `k`, `D2`, `yU` chunks of random text are not.
      if (!SMALL_WORDS.has(letters.toLowerCase())) stray++;
    } else if (!/[aeiouy]/i.test(letters)) return false;
  }
  return stray <= 1;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Convex document IDs: lowercase Crockford base32 (no i, l, o, u). One of 32 random characters
// drawn from the 16 hex digits alone happens once in 2^32: an all-hex value is a hex key (an API
// key, a digest), not a document ID.
const CONVEX_ID = /^(?=[0-9a-f]*[g-hjkmnp-tv-z])[0-9a-hjkmnp-tv-z]{31,37}$/;
// WorkOS and other ULID-based public identifiers: client_01H..., user_01H..., org_01H...
const PREFIXED_ULID = /^[a-z]+_01[0-9A-HJKMNP-TV-Z]{24}$/;
// Convex deployment names (happy-animal-123) and their URLs.
const DEPLOYMENT_NAME = /^[a-z]+-[a-z]+-\d{2,4}$/;

/**
 * Values that are not secrets whatever key they sit under (`afterScheme`: after an auth scheme
 * word, where a document ID never goes): UUIDs, Convex document IDs, public
 * ULID identifiers, deployment names, URLs, emails, paths, numbers, integrity hashes, data URIs,
 * CSS colors, public SSH keys.
 */
export function isKnownNonSecret(value, { afterScheme = false } = {}) {
  return (
    UUID.test(value) ||
    // After `Bearer`/`Basic`/a scheme word a value is a credential, not a document ID of the same shape.
    (!afterScheme && CONVEX_ID.test(value)) ||
    PREFIXED_ULID.test(value) ||
    DEPLOYMENT_NAME.test(value) ||
    /^(https?|wss?|ftp|file):\/\//i.test(value) ||
    /^data:/i.test(value) ||
    /^(sha1|sha256|sha384|sha512)-[A-Za-z0-9+/=]+$/.test(value) ||
    /^W\//.test(value) ||
    /^#[0-9a-f]{3,8}$/i.test(value) ||
    /^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp\d+)$/.test(value) ||
    /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(value) ||
    /^[-+]?\d+(\.\d+)?$/.test(value) ||
    /^(true|false|null|undefined|none|nil)$/i.test(value) ||
    /^(\.{1,2}|~)\/|^\/[a-z0-9_.-]+(\/[a-z0-9_.{}:-]*)+$/.test(value) ||
    /\.(json|ya?ml|pem|key|crt|txt|env|js|ts|mdx?|html|png|svg)$/i.test(value)
  );
}

const LEET = { 0: 'o', 1: 'i', 3: 'e', 4: 'a', 5: 's', 7: 't', 9: 'g', '@': 'a', $: 's', '!': 'i' };

/**
 * Looks machine-generated rather than written: long enough, several character classes, high
 * entropy, not a run of words. `minLength` is lower for passwords.
 */
export function looksRandom(value, minLength = 16) {
  if (value.length < minLength) return false;
  const hasLower = /[a-z]/.test(value);
  const hasUpper = /[A-Z]/.test(value);
  const hasDigit = /[0-9]/.test(value);
  const hasSymbol = /[^A-Za-z0-9]/.test(value);
  const classes = [hasLower, hasUpper, hasDigit, hasSymbol].filter(Boolean).length;
  if (/^[0-9a-f]+$/i.test(value)) return value.length >= 32 && hasDigit && /[a-f]/i.test(value) && entropy(value) >= 3.2;
  if (classes < 2) return false;
  if (!hasDigit && !hasUpper) return false;
  // Snake/kebab/camel words (`super_secret_value`, `mySecretPassword1`) are written, not generated.
  if (isWordy(splitWords(value))) return false;
  // A slug: written words and one short generated tail (`openai-prod-x7k2q9`), far too little
  // randomness for a credential; the name of a stored key, not the key.
  const segments = value.split(/[-_.]/);
  if (segments.length >= 3 && segments.at(-1).length <= 8 && segments.slice(0, -1).every((w) => /^[a-z]{2,}$/.test(w) && /[aeiouy]/.test(w))) return false;
  // One word, digits, maybe a symbol: `changeme123`, `Summer2024!`.
  if (/^[A-Za-z][a-z]{3,}\d{0,4}[!@#$%^&*?.]?$/.test(value)) return false;
  // Leetspeak of words (`s00pers3cret`, `P@ssw0rd`): lowercase but for a capital first letter and,
  // undone, pronounceable letters. (Generated values mix cases throughout.)
  // A number after the word (`P@ssw0rd123`) is not leetspeak: the word is judged without it.
  if (!/[A-Z]/.test(value.slice(1))) {
    for (const form of new Set([value, value.replace(/\d{1,4}[!?.#]?$/, '')])) {
      const plain = form.toLowerCase().replace(/[0134579@$!]/g, (c) => LEET[c]);
      if (plain.length >= 4 && /^[a-z]+$/.test(plain) && (plain.match(/[aeiouy]/g)?.length ?? 0) / plain.length >= 0.3) return false;
    }
  }
  const bits = entropy(value);
  const needed = value.length < 16 ? 2.9 : value.length < 24 ? 3.3 : 3.6;
  return bits >= needed;
}

/** Masked form of a secret: a short prefix and the length, e.g. `eyJhbG…(212 chars)`. */
export function mask(value, visible) {
  const shown = visible ?? Math.min(6, Math.floor(value.length / 4));
  return `${value.slice(0, Math.min(shown, 40, Math.max(0, value.length - 8)))}…(${value.length} chars)`;
}

/** Parse a masked form back into its prefix and length (for allowlist entries). */
export function parseMasked(masked) {
  const m = /^([\s\S]*)…\((\d+) chars\)$/.exec(masked);
  return m ? { prefix: m[1], length: Number(m[2]) } : undefined;
}

/** Short, non-reversible identifier of a secret for allowlists: `sha256:` + 16 hex digits. */
export function fingerprint(value) {
  return `sha256:${createHash('sha256').update(value).digest('hex').slice(0, 16)}`;
}
