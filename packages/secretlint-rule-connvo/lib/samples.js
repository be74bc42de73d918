// Widely published sample values: documentation may quote them, they are never credentials.
// Kept as rules or as SHA-256 fingerprints, never as the literal values.
import { createHash, createHmac } from 'node:crypto';

/**
 * Secrets published by jwt.io and its debugger as the default HMAC key: a JWT signed with one of
 * them can be forged by anyone, so it is a sample whatever its payload says.
 */
const PUBLISHED_HMAC_SECRETS = ['your-256-bit-secret', 'your-384-bit-secret', 'your-512-bit-secret', 'a-string-secret-at-least-256-bits-long', 'secret'];

const HMAC_ALGS = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

/** The JWT is signed with a published sample secret (jwt.io's debugger defaults). */
export function isSignedWithPublishedSecret(token, header) {
  const hash = HMAC_ALGS[header.alg];
  if (!hash) return false;
  const dot = token.lastIndexOf('.');
  const signingInput = token.slice(0, dot);
  const signature = token.slice(dot + 1);
  return PUBLISHED_HMAC_SECRETS.some((secret) => createHmac(hash, secret).update(signingInput).digest('base64url') === signature);
}

// The claims of jwt.io's sample tokens (every published variant uses a subset of these values).
const JWT_IO_CLAIMS = { sub: '1234567890', name: 'John Doe', admin: true, iat: 1516239022 };
// Claims that make a token somebody's session: who it is for, when it ends, where it came from.
const IDENTITY_CLAIMS = /^(sub|email|user_?id|userId|uid|username|preferred_username|sid|session_?id|org_?id|exp|iss|aud|azp|jti|role|tenant_?id|client_?id)$/i;

/**
 * A published sample, not a leaked session: jwt.io's sample tokens exactly (signed with the debugger's
 * published secret, claims no other than the sample's), or a toy token signed with a published secret
 * and carrying no claim that names a user, a session or an expiry. A token with real-looking claims is
 * a leaked session whatever key signed it: a weak key only means anyone can forge more of them.
 * @param {string} token
 * @param {Record<string, unknown>} header
 * @param {Record<string, unknown>} payload
 */
export function isJwtIoSample(token, header, payload) {
  if (!isSignedWithPublishedSecret(token, header)) return false;
  const keys = Object.keys(payload);
  const jwtIo = keys.every((k) => k in JWT_IO_CLAIMS && payload[k] === JWT_IO_CLAIMS[/** @type {keyof typeof JWT_IO_CLAIMS} */ (k)]);
  return jwtIo || !keys.some((k) => IDENTITY_CLAIMS.test(k));
}

/** AWS's documentation marks every sample key: access key IDs end in EXAMPLE, secrets in EXAMPLEKEY. */
export function isAwsDocumentedExample(value) {
  return /EXAMPLE(KEY)?$/.test(value);
}

/**
 * SHA-256 (hex) of other published samples that cannot be recognised by shape; each with where it
 * comes from. Add an entry here only for values published by a vendor as documentation samples.
 */
const PUBLISHED_SAMPLE_SHA256 = new Map([
  // Stripe's API reference test secret keys (sk_test_4eC3…, sk_test_BQok…), quoted in countless tutorials.
  ['2cafc0970149a84f3b9e62eaf169f36f59907a3b3e31f7b82e68c69cd27f7326', 'Stripe API reference test key'],
  ['f2d6ca16515033e5dce14eba840b979d27b5cbae24bb3e5bf484339667f86397', 'Stripe API reference test key (older)'],
  // The ACME example challenge token (Let's Encrypt/boulder, RFC 8555 examples), in many ACME docs and tests.
  ['08d093450e23c1c90c00c87c8574883059605573d6d6ac6f73ece18f71f009ff', 'ACME example challenge token'],
]);

export function isPublishedSample(value) {
  return PUBLISHED_SAMPLE_SHA256.has(createHash('sha256').update(value).digest('hex'));
}
