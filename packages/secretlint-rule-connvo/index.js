// @connvo/secretlint-rule-connvo: the Connvo docs' token rules as a secretlint rule preset.
// Loaded by stock `secretlint` through .secretlintrc.json and by `npm run check` (check `tokens`).
import { detectCached, detectAll } from './lib/detect.js';
import { L, literals } from './lib/literals.js';
import { fingerprint, isKnownNonSecret, isPlaceholder, looksRandom, mask, parseMasked } from './lib/text.js';

export { L, literals, detectAll, detectCached, fingerprint, isKnownNonSecret, isPlaceholder, looksRandom, mask, parseMasked };

const PRESET_ID = '@connvo/secretlint-rule-connvo';
const DOCS = 'https://github.com/connvo/docs/blob/main/packages/secretlint-rule-connvo/README.md';

/** @param {(p: {TOKEN: string, FINGERPRINT: string} & Record<string, string>) => string} en */
const msg = (en) => ({ en });

/** How much of each kind's secret a message shows: non-secret structure plus a couple of characters. */
const VISIBLE = {
  jwt: () => 6,
  'workos-api-key': () => 10,
  'stripe-secret-key': () => 10,
  'convex-deploy-key': (v) => v.indexOf('|') + 1,
  'convex-admin-key': (v) => v.indexOf('|') + 3,
  'private-key': (v) => v.indexOf('-----', 5) + 5,
  aws: (v) => (/^A[A-Z0-9]{3}/.test(v) && v.length === 20 ? 4 : 2),
  'credential-in-position': () => undefined,
};

/**
 * @param {string} name rule name; its id is `connvo/<name>`
 * @param {Record<string, {en: (p: any) => string}>} messages
 */
function scannerRule(name, messages) {
  return {
    messages,
    meta: {
      id: `connvo/${name}`,
      recommended: true,
      type: /** @type {const} */ ('scanner'),
      supportedContentTypes: /** @type {Array<'text'>} */ (['text']),
      docs: { url: DOCS },
    },
    /** @param {import('@secretlint/types').SecretLintRuleContext} context */
    create(context) {
      const t = context.createTranslator(messages);
      return {
        /** @param {import('@secretlint/types').SecretLintSourceCode} source */
        file(source) {
          for (const d of detectCached(source.content)) {
            if (d.rule !== name) continue;
            const value = source.content.slice(d.start, d.end);
            context.report({
              message: t(d.messageId, { ...d.detail, TOKEN: mask(value, VISIBLE[name]?.(value)), FINGERPRINT: fingerprint(value) }),
              range: [d.start, d.end],
            });
          }
        },
      };
    },
  };
}

export const jwtRule = scannerRule('jwt', {
  JWT: msg((p) => `JWT (${p.alg}) ${p.TOKEN} [${p.FINGERPRINT}]`),
  WorkOSUserToken: msg((p) => `WorkOS user token (JWT, ${p.alg}) ${p.TOKEN} [${p.FINGERPRINT}]`),
});
export const workosApiKeyRule = scannerRule('workos-api-key', {
  WorkOSAPIKey: msg((p) => `WorkOS API key (${p.mode}) ${p.TOKEN} [${p.FINGERPRINT}]`),
});
export const stripeSecretKeyRule = scannerRule('stripe-secret-key', {
  SecretKey: msg((p) => `Stripe-format secret key (${p.mode}, not a WorkOS key) ${p.TOKEN} [${p.FINGERPRINT}]`),
});
export const convexDeployKeyRule = scannerRule('convex-deploy-key', {
  DeployKey: msg((p) => `Convex deploy key (${p.kind} ${p.target}) ${p.TOKEN} [${p.FINGERPRINT}]`),
});
export const convexAdminKeyRule = scannerRule('convex-admin-key', {
  AdminKey: msg((p) => `Convex admin key (${p.instance}) ${p.TOKEN} [${p.FINGERPRINT}]`),
});
export const credentialInPositionRule = scannerRule('credential-in-position', {
  KeyCredential: msg((p) => `credential-like value for ${p.name} ${p.TOKEN} [${p.FINGERPRINT}]`),
  SchemeCredential: msg((p) => `credential-like value after "${p.name}" ${p.TOKEN} [${p.FINGERPRINT}]`),
});
export const privateKeyRule = scannerRule('private-key', {
  PrivateKey: msg((p) => `private key (${p.kind}) ${p.TOKEN} [${p.FINGERPRINT}]`),
});
export const awsRule = scannerRule('aws', {
  AccessKeyID: msg((p) => `AWS access key ID ${p.TOKEN} [${p.FINGERPRINT}]`),
  SecretAccessKey: msg((p) => `AWS secret access key ${p.TOKEN} [${p.FINGERPRINT}]`),
});

/**
 * @typedef {object} AllowEntry
 * @property {string} token   masked form as printed in the finding, e.g. `eyJhbG…(212 chars)`
 * @property {string} sha256  fingerprint as printed in the finding, e.g. `sha256:0123456789abcdef`
 * @property {string} reason  why this value may stay (a deliberate, documented sample)
 */

/** @param {unknown} allow */
function parseAllowlist(allow) {
  if (allow === undefined) return [];
  if (!Array.isArray(allow)) throw new Error(`${PRESET_ID}: "allow" must be an array of {token, sha256, reason}`);
  return allow.map((entry, i) => {
    const where = `${PRESET_ID}: allow[${i}]`;
    if (!entry || typeof entry !== 'object') throw new Error(`${where} must be an object {token, sha256, reason}`);
    const { token, sha256, reason } = /** @type {Record<string, unknown>} */ (entry);
    if (typeof reason !== 'string' || reason.trim().length < 10) throw new Error(`${where} needs a "reason" (why this value is a deliberate sample)`);
    const parsed = typeof token === 'string' ? parseMasked(token) : undefined;
    if (!parsed || parsed.prefix.length === 0) throw new Error(`${where}.token must be the masked form a finding prints, e.g. "eyJhbG…(212 chars)"`);
    const fp = typeof sha256 === 'string' ? (sha256.startsWith('sha256:') ? sha256 : `sha256:${sha256}`) : '';
    if (!/^sha256:[0-9a-f]{16}$/.test(fp)) throw new Error(`${where}.sha256 must be the fingerprint a finding prints, e.g. "sha256:0123456789abcdef"`);
    return { ...parsed, fingerprint: fp };
  });
}

/**
 * Filter rule: a value the allowlist names (by its masked form and fingerprint, never the value
 * itself) is ignored for every rule, the recommended preset's included.
 * @param {ReturnType<typeof parseAllowlist>} entries
 */
function allowlistRule(entries) {
  const messages = { Allowed: msg(() => 'allowed by the allowlist in .secretlintrc.json') };
  return {
    messages,
    meta: {
      id: 'connvo/allowlist',
      recommended: true,
      type: /** @type {const} */ ('scanner'),
      supportedContentTypes: /** @type {Array<'text'>} */ (['text']),
      docs: { url: DOCS },
    },
    /** @param {import('@secretlint/types').SecretLintRuleContext} context */
    create(context) {
      const t = context.createTranslator(messages);
      return {
        /** @param {import('@secretlint/types').SecretLintSourceCode} source */
        file(source) {
          const text = source.content;
          for (const entry of entries) {
            for (let i = text.indexOf(entry.prefix); i >= 0; i = text.indexOf(entry.prefix, i + 1)) {
              if (fingerprint(text.slice(i, i + entry.length)) === entry.fingerprint) {
                context.ignore({ message: t('Allowed'), range: [i, i + entry.length], targetRuleId: '*' });
              }
            }
          }
        },
      };
    },
  };
}

/**
 * Filter rule: credentials in URLs whose password is a placeholder (`https://user:pass@example.com`,
 * `postgres://app:<password>@db/app`) are examples, whichever rule (the recommended preset's
 * basic-auth and connection-string rules included) would report them.
 */
export const placeholderUrlFilterRule = {
  messages: { PlaceholderURL: msg(() => 'URL credentials with a placeholder password') },
  meta: {
    id: 'connvo/placeholder-url-filter',
    recommended: true,
    type: /** @type {const} */ ('scanner'),
    supportedContentTypes: /** @type {Array<'text'>} */ (['text']),
    docs: { url: DOCS },
  },
  /** @param {import('@secretlint/types').SecretLintRuleContext} context */
  create(context) {
    const t = context.createTranslator(placeholderUrlFilterRule.messages);
    return {
      /** @param {import('@secretlint/types').SecretLintSourceCode} source */
      file(source) {
        const text = source.content;
        if (!text.includes('@')) return;
        for (const m of text.matchAll(URL_CREDENTIALS)) {
          const password = m[3];
          if (!isPlaceholder(password) && !URL_PLACEHOLDER_PASSWORDS.has(password.toLowerCase())) continue;
          let end = m.index + m[0].length;
          // To the next whitespace: the preset's connection-string pattern takes quotes and brackets too.
          while (end < text.length && !/\s/.test(text[end])) end++;
          context.ignore({ message: t('PlaceholderURL'), range: [m.index, end], targetRuleId: '*' });
        }
      },
    };
  },
};
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]{1,20}):\/\/([^\s:@/]{1,100}):([^\s@/]{1,200})@/gi;
const URL_PLACEHOLDER_PASSWORDS = new Set(['pass', 'passwd', 'pw', 'pwd', 'password', 'secret', 'changeme', 'mypassword', 'p@ssw0rd', 'hunter2']);

export const rules = [jwtRule, workosApiKeyRule, stripeSecretKeyRule, convexDeployKeyRule, convexAdminKeyRule, credentialInPositionRule, privateKeyRule, awsRule];

/** Rule ids of this preset (with the `connvo/` prefix). */
export const ruleIds = [...rules.map((r) => r.meta.id), placeholderUrlFilterRule.meta.id, 'connvo/allowlist'];

export const creator = {
  meta: { id: PRESET_ID, recommended: true, type: /** @type {const} */ ('preset') },
  rules,
  /**
   * @param {import('@secretlint/types').SecretLintRulePresetContext} context
   * @param {{allow?: AllowEntry[]}} options
   */
  create(context, options) {
    const entries = parseAllowlist(options && !Array.isArray(options) ? options.allow : undefined);
    for (const rule of rules) context.registerRule(rule);
    context.registerRule(placeholderUrlFilterRule);
    if (entries.length) context.registerRule(allowlistRule(entries));
  },
};
