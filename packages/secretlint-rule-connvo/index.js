// @connvo/secretlint-rule-connvo: the Connvo docs' token rules as a secretlint rule preset.
// Loaded by stock `secretlint` through .secretlintrc.json and by `npm run check` (check `tokens`).
import { rules as recommendedRules } from '@secretlint/secretlint-rule-preset-recommend';
import { detectCached, detectAll } from './lib/detect.js';
import { judge, REASONS } from './lib/judge.js';
import { L, literals } from './lib/literals.js';
import { redact } from './lib/redact.js';
import { fingerprint, isKnownNonSecret, isPlaceholder, looksRandom, mask, parseMasked } from './lib/text.js';

export { L, literals, detectAll, detectCached, fingerprint, isKnownNonSecret, isPlaceholder, judge, looksRandom, mask, parseMasked, REASONS, redact };

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
  'url-credentials': () => undefined,
};

/**
 * The detections of a text that `judge` says are secrets (the same decision as every other rule's
 * findings), plus every other occurrence of each of those secrets in the text: a token written twice
 * (in an env block and again on a line of its own) is leaked twice, even where only one occurrence
 * sits in a position a detector recognises.
 * @param {string} text
 * @param {string | undefined} file
 */
export function judgedSecrets(text, file) {
  const kept = detectCached(text).filter((d) => judge({ text, start: d.start, end: d.end, file, rule: `connvo/${d.rule}`, detail: d.detail }).secret);
  const out = [...kept];
  const covered = (/** @type {number} */ s, /** @type {number} */ e) => out.some((d) => d.start < e && s < d.end);
  for (const d of kept) {
    const value = text.slice(d.start, d.end);
    if (value.length < 16 || value.includes('\n')) continue;
    for (let i = text.indexOf(value); i >= 0; i = text.indexOf(value, i + 1)) {
      const end = i + value.length;
      // A whole token, not the middle of a longer one.
      if (/[A-Za-z0-9_+/=-]/.test(text[i - 1] ?? '') || /[A-Za-z0-9_+/=-]/.test(text[end] ?? '') || covered(i, end)) continue;
      out.push({ ...d, start: i, end });
    }
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}

let lastKey = '';
let lastText = '';
/** @type {import('./lib/detect.js').Detection[]} */
let lastSecrets = [];
function secretsCached(text, file) {
  if (text !== lastText || file !== lastKey) {
    lastSecrets = judgedSecrets(text, file);
    lastText = text;
    lastKey = file;
  }
  return lastSecrets;
}

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
          for (const d of secretsCached(source.content, source.filePath)) {
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
export const urlCredentialsRule = scannerRule('url-credentials', {
  URLCredentials: msg((p) => `password in a ${p.scheme} URL (user ${p.user}) ${p.TOKEN} [${p.FINGERPRINT}]`),
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

export const rules = [jwtRule, workosApiKeyRule, stripeSecretKeyRule, convexDeployKeyRule, convexAdminKeyRule, credentialInPositionRule, privateKeyRule, awsRule, urlCredentialsRule];

// ---------------------------------------------------------------- the recommended preset, judged

const RECOMMENDED_ID = '@secretlint/secretlint-rule-preset-recommend';
/**
 * Rules of the recommended preset this preset replaces with stricter supersets: connvo/aws (keys
 * ending in `+` or `/`, IDs always), connvo/private-key (SEC1 EC and Ed25519 keys), connvo/url-credentials
 * (every URL scheme, any character in the password, percent-encoding decoded), connvo/stripe-secret-key
 * with connvo/workos-api-key (the preset's Stripe rule, new in 13, matches the same `sk_`/`rk_` keys
 * from 24 characters where these do from 16, and calls a WorkOS key, `sk_` + base64 of `key_…`,
 * a Stripe key: the same secret was reported twice under two names).
 */
export const SUPERSEDED = new Set([
  '@secretlint/secretlint-rule-aws',
  '@secretlint/secretlint-rule-stripe',
  '@secretlint/secretlint-rule-privatekey',
  '@secretlint/secretlint-rule-basicauth',
  '@secretlint/secretlint-rule-database-connection-string',
]);

/** Every string in `data` that is (part of) the secret, masked; the rest kept. */
function maskData(data, secret) {
  if (typeof data === 'string') return data.length >= 6 && (secret.includes(data) || data.includes(secret)) ? mask(data) : data;
  if (Array.isArray(data)) return data.map((d) => maskData(d, secret));
  if (data && typeof data === 'object') return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, maskData(v, secret)]));
  return data;
}

/** The preset's message with the secret masked and a fingerprint, like the project's own messages. */
function maskedPresetMessage(message, data, secret) {
  const values = new Set([secret]);
  const collect = (/** @type {unknown} */ v) => {
    if (typeof v === 'string' && v.length >= 6 && (secret.includes(v) || v.includes(secret))) values.add(v);
    else if (v && typeof v === 'object') Object.values(v).forEach(collect);
  };
  collect(data);
  let text = String(message);
  for (const v of [...values].sort((a, b) => b.length - a.length)) text = text.split(v).join(mask(v));
  return `${text.replace(/^found /, '')} [${fingerprint(secret)}]`;
}

/**
 * A rule of another package whose findings pass through `judge`, like the project's own: a finding
 * judged not a secret is dropped; the others are reported with the secret masked in the message
 * and data, so stock `secretlint` output does not hold it either.
 * @template {import('@secretlint/types').SecretLintRuleCreator} R
 * @param {R} rule
 * @returns {R}
 */
export function judged(rule) {
  return /** @type {R} */ ({
    ...rule,
    /** @param {import('@secretlint/types').SecretLintRuleContext} context @param {any} options */
    create(context, options) {
      /** @type {import('@secretlint/types').SecretLintSourceCode | undefined} */
      let source;
      const inner = rule.create(
        /** @type {any} */ ({
          ...context,
          createTranslator: context.createTranslator,
          ignore: context.ignore,
          /** @param {any} descriptor */
          report(descriptor) {
            if (!source) return;
            const [start, end] = descriptor.range;
            const verdict = judge({ text: source.content, start, end, file: source.filePath, rule: rule.meta.id });
            if (!verdict.secret) return;
            const secret = source.content.slice(start, end);
            const m = descriptor.message;
            context.report({ ...descriptor, message: { ...m, message: maskedPresetMessage(m.message, m.data, secret), data: maskData(m.data, secret) } });
          },
        }),
        options,
      );
      return {
        ...inner,
        /** @param {import('@secretlint/types').SecretLintSourceCode} s */
        file(s) {
          source = s;
          return inner.file?.(s);
        },
      };
    },
  });
}

/** The recommended preset's rules this preset runs, each judged. */
export const presetRules = recommendedRules.filter((r) => !SUPERSEDED.has(r.meta.id)).map(judged);

/** Rule ids of this preset (with the `connvo/` prefix). */
export const ruleIds = [...rules.map((r) => r.meta.id), 'connvo/allowlist'];

/**
 * The preset, registering the recommended preset's rules for which `keep(id)` holds (all by
 * default). The token scan passes a narrower `keep` per text (rules whose literals are absent
 * cannot report, see scripts/tokens/lint-worker.mjs).
 * @param {(id: string) => boolean} keep
 */
export function presetWith(keep) {
  return {
    meta: { id: PRESET_ID, recommended: true, type: /** @type {const} */ ('preset') },
    rules: [...rules, ...presetRules],
    presetRules,
    presetWith,
    /**
     * @param {import('@secretlint/types').SecretLintRulePresetContext} context
     * @param {{allow?: AllowEntry[], recommend?: boolean}} options `recommend: false` leaves the
     *   recommended preset's rules out (then list it yourself; its findings are not judged)
     */
    create(context, options) {
      const opts = options && !Array.isArray(options) ? options : {};
      const entries = parseAllowlist(opts.allow);
      for (const rule of rules) context.registerRule(rule);
      if (opts.recommend !== false) for (const rule of presetRules) if (keep(rule.meta.id)) context.registerRule(rule);
      if (entries.length) context.registerRule(allowlistRule(entries));
    },
  };
}

export const creator = presetWith(() => true);
export { RECOMMENDED_ID };
