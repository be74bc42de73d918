import { createHmac } from 'node:crypto';
import { lintSource } from '@secretlint/core';
import { creator as recommended } from '@secretlint/secretlint-rule-preset-recommend';
import { creator as connvoPreset, judge, redact } from '@connvo/secretlint-rule-connvo';
import type { SecretLintCoreConfig } from '@secretlint/types';
import { describe, expect, it } from 'vitest';
import { generateCorpus, makeToken, NEGATIVE_KINDS, POSITIVE_KINDS, Rng } from '../scripts/tokens/corpus.js';
import { createLinter } from '../scripts/tokens/lint-worker.mjs';
import { SECRETLINT_CONFIG } from '../scripts/checks/tokens.js';

// Every value below is generated at run time (seeded); none is a literal token.
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const r = new Rng(2026);
const an = (n: number) => {
  for (;;) {
    const s = r.chars(ALNUM, n);
    if (/[a-z]/.test(s) && /[A-Z]/.test(s) && /[0-9]/.test(s)) return s;
  }
};
const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const hs256 = (payload: unknown, secret: string) => {
  const input = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
};

/** The verdict on `value` where it first occurs in `text`. */
function verdictOf(text: string, value: string, file = 'docs/page.mdx', rule?: string) {
  const start = text.indexOf(value);
  if (start < 0) throw new Error('value not in text');
  return judge({ text, start, end: start + value.length, file, rule });
}
const reasonOf = (...args: Parameters<typeof verdictOf>) => {
  const v = verdictOf(...args);
  return v.secret ? 'secret' : v.reason;
};

describe('judge: one decision, a reason per class', () => {
  it('vendor prefix + mask', () => {
    for (const v of [`AKIA${'X'.repeat(16)}`, `ghp_${'x'.repeat(36)}`, `xoxb-${'X'.repeat(12)}-${'X'.repeat(13)}`, `sk_live_${'•'.repeat(24)}`, `secret_${'H3AA'.repeat(5)}`]) {
      expect([v, reasonOf(`KEY=${v}\n`, v)]).toEqual([v, 'mask']);
    }
  });

  it('vendor prefix + placeholder words, in any language', () => {
    for (const v of ['fc-VOTRE-CLÉ-API', 'fc-TU_CLAVE_DE_API', 'fc-SUA-CHAVE-DE-API', 'sk_live_IHR-SCHLÜSSEL', 'xoxb-your-token-here', 'gsk_YOUR_GROQ_API_KEY', 'm0sk_your_key_here', 'TU_API_KEY_DE_FIRECRAWL']) {
      expect([v, reasonOf(`client = Client(api_key="${v}")\n`, v)]).toEqual([v, 'placeholder']);
    }
    // A rule whose pattern stops at the accent (`xoxb-VOTRE-CL`) is judged on the whole word.
    const text = 'SLACK_TOKEN=xoxb-VOTRE-CLÉ-API\n';
    expect(reasonOf(text, 'xoxb-VOTRE-CL')).toBe('placeholder');
  });

  it('public by design: analytics keys in the site config and in snippets, publishable keys, local defaults', () => {
    const phc = `phc_${an(43)}`;
    expect(reasonOf(`{\n  "integrations": {\n    "posthog": { "apiKey": "${phc}" }\n  }\n}\n`, phc, 'docs.json')).toBe('public-by-design');
    const segment = an(30);
    expect(reasonOf('```json\n"segment": {\n    "key": "' + segment + '"\n}\n```\n', segment)).toBe('public-by-design');
    // The same value under "integrations" of an ordinary JSON file is not public by that alone.
    const other = an(30);
    expect(reasonOf(`{"integrations": {"billing": {"key": "${other}"}}}`, other, 'config/app.json')).toBe('secret');
    const pk = `pk_live_${an(60)}`;
    expect(reasonOf(`STRIPE_KEY=${pk}\n`, pk)).toBe('public-by-design');
    const anon = hs256({ iss: 'supabase', ref: r.chars('abcdefghijklmnopqrstuvwxyz', 20), role: 'anon', iat: 1700000000, exp: 2000000000 }, an(32));
    expect(reasonOf(`SUPABASE_KEY=${anon}\n`, anon)).toBe('public-by-design');
    const writeKey = an(32);
    expect(reasonOf(`analytics.load({ writeKey: "${writeKey}" })\n`, writeKey)).toBe('public-by-design');
    expect(reasonOf('DATABASE_URL=postgres://postgres:postgres@localhost:5432/app\n', 'postgres://postgres:postgres@localhost:5432/app')).toBe('public-by-design');
  });

  it('not credentials: prose in any language, stubs, samples, identifiers', () => {
    expect(reasonOf('"description": "basic: プロキシでの基本的なボット対策"', 'プロキシでの基本的なボット対策')).toBe('prose');
    const ya29 = `ya29.${an(12)}`;
    expect(reasonOf(`Authorization: Bearer ${ya29}`, ya29)).toBe('sample');
    const truncated = an(24);
    expect(reasonOf(`API_KEY=${truncated}...`, truncated)).toBe('sample');
    const stub = `${b64url({ alg: 'HS256', typ: 'JWT' })}.YOUR_PAYLOAD.YOUR_SIGNATURE`;
    expect(reasonOf(`Bearer ${stub}`, stub)).toBe('placeholder');
    const jwtIo = hs256({ sub: '1234567890', name: 'John Doe', iat: 1516239022 }, 'your-256-bit-secret');
    expect(reasonOf(`token: ${jwtIo}`, jwtIo)).toBe('sample');
    const scope = `${r.chars('0123456789abcdef', 32)}%2F20240625%2Fauto%2Fs3%2Faws4_request`;
    expect(reasonOf(`?X-Amz-Credential=${scope}&X-Amz-Signature=00`, scope, 'openapi.yaml', 'connvo/credential-in-position')).toBe('identifier');
    const ref = `acme/docs@${r.chars('0123456789abcdef', 40)}`;
    expect(reasonOf(`- Docs inspected during the initial pass: \`${ref}\``, ref, 'notes.md', 'connvo/credential-in-position')).toBe('identifier');
    expect(reasonOf('"password": "MindsDBUser123!",', 'MindsDBUser123!')).toBe('sample');
    const short = an(39);
    expect(reasonOf(`"aws_secret_access_key": "${short}",`, short)).toBe('sample');
    expect(reasonOf('uses **Basic Authentication** to access', 'Authentication**', 'a.md', 'connvo/credential-in-position')).toBe('prose');
    const objectKey = `org-12/${r.chars('0123456789abcdef', 8)}-${r.chars('0123456789abcdef', 4)}-4abc-a123-${r.chars('0123456789abcdef', 12)}.tar.gz`;
    expect(reasonOf(`"key": "${objectKey}"`, objectKey)).toBe('identifier');
    const address = `0x${r.chars('0123456789abcdefABCDEF', 40)}`;
    expect(reasonOf(`  token: "${address}", // DAI`, address)).toBe('identifier');
    expect(reasonOf('    password: Uint8Array,', 'Uint8Array')).toBe('identifier');
    expect(reasonOf('sk_live_abc123def456ghi789\n', 'sk_live_abc123def456ghi789')).toBe('placeholder');
    const hash = r.chars('0123456789abcdef', 64);
    expect(reasonOf(`<span data-i18n-key="${hash}">Oops</span>`, hash)).toBe('public-by-design');
    const word = an(20);
    expect(reasonOf(`- Checked in the second pass: ${word}`, word, 'notes.md', 'connvo/credential-in-position')).toBe('prose');
  });

  it('live-looking secrets stay secrets', () => {
    // Real claims signed with jwt.io's published secret: a forgeable, still leaked, session.
    const weak = hs256({ sub: `user_${an(20)}`, email: `${an(6).toLowerCase()}@acme.io`, exp: 1900000000 }, 'your-256-bit-secret');
    expect(reasonOf(`Authorization: Bearer ${weak}`, weak)).toBe('secret');
    for (const url of [`rediss://default:${an(18)}@cache.acme.io:6380`, `amqps://svc:${an(10)}%40${an(6)}@mq.acme.io/vh`, `https://deploy:${an(8)}@${an(6)}!~@registry.acme.dev/v2/`]) {
      expect([url.split(':')[0], reasonOf(`URL=${url}\n`, url)]).toEqual([url.split(':')[0], 'secret']);
    }
    const key = an(40);
    expect(reasonOf(`API_SECRET=${key}\n`, key)).toBe('secret');
    // A token straight before Japanese text is not swallowed into the words.
    const gh = makeToken('github-token', 9);
    expect(reasonOf(`トークンは${gh}です`, gh)).toBe('secret');
  });
});

describe('judgement that reads context (classes met on unseen public sites)', () => {
  const hex = (n: number) => r.chars('0123456789abcdef', n);
  const detected = async (text: string) => {
    const lintText = await createLinter(SECRETLINT_CONFIG);
    return (await lintText('docs/page.mdx', text)).map((m) => text.slice(m.range[0], m.range[1]));
  };

  it('a 32-hex API key is a credential, not a document ID, in an env assignment among others on one shell line', async () => {
    const key = hex(32);
    expect(await detected(`\`\`\`bash
ACME_API_KEY=${key} ACME_URL="https://acme.example" acme deploy
\`\`\`
`)).toEqual([key]);
  });

  it('after `Authorization:` any scheme word counts: the high-entropy value behind it is the credential', async () => {
    const key = hex(32);
    for (const scheme of ['ApiKey', 'SSWS', 'Token', 'Acme-Auth-Key']) {
      expect(await detected(`\`\`\`bash
curl https://api.acme.example/v1/items -H "Authorization: ${scheme} ${key}"
\`\`\`
`)).toEqual([key]);
    }
    expect(await detected('```bash\ncurl https://api.acme.example/v1/items -H "Authorization: ApiKey YOUR_API_KEY"\n```\n')).toEqual([]);
    // After a scheme word, a value shaped like a Convex document ID (base32, lowercase) is a token all the same.
    const base32 = r.chars('0123456789abcdefghjkmnpqrstvwxyz', 33);
    expect(await detected(`\`\`\`bash\ncurl https://cache.acme.example/set/a/b -H "Authorization: Bearer ${base32}"\n\`\`\`\n`)).toEqual([base32]);
  });

  it('a value that is also a path segment of a URL beside it is a slug (a short link\'s key), not a credential', () => {
    const slug = an(24);
    const text = `{\n  "id": "link_${an(20)}",\n  "key": "${slug}",\n  "shortLink": "https://acme.link/${slug}",\n  "url": "https://acme.example"\n}\n`;
    expect(reasonOf(text, slug, 'docs/webhooks.mdx', 'connvo/credential-in-position')).toBe('identifier');
    // Alone, the same value under the same name is reported.
    expect(reasonOf(`{\n  "key": "${slug}"\n}\n`, slug, 'docs/webhooks.mdx', 'connvo/credential-in-position')).toBe('secret');
  });

  it('a 32-byte hash on a chain (a storage slot, a transaction) is an identifier; a key named private is not', () => {
    const word = `0x${hex(64)}`;
    expect(reasonOf(`"params": [{"address": "0x${hex(40)}", "key": "${word}"}]`, word)).toBe('identifier');
    expect(reasonOf(`PRIVATE_KEY=${word}\n`, word)).toBe('secret');
  });

  it("a local chain node's printed test accounts are published samples; one private key alone is a secret", () => {
    const accounts = Array.from({ length: 4 }, (_, i) => `Account #${i}: 0x${hex(40)}\nPrivate Key: 0x${hex(64)}\n`).join('\n');
    const first = /Private Key: (0x[0-9a-f]{64})/.exec(accounts)![1];
    expect(reasonOf(`\`\`\`text\n${accounts}\`\`\`\n`, first)).toBe('sample');
    const lone = `0x${hex(64)}`;
    expect(reasonOf(`\`\`\`text\nAccount: 0x${hex(40)}\nPrivate Key: ${lone}\n\`\`\`\n`, lone)).toBe('secret');
  });
});

describe('local development defaults (classes met on unseen public sites)', () => {
  it("a development server's test users: credentials beside a URL of their own service on the reader's machine", () => {
    const key = `sig_${an(28)}`;
    const block = `\`\`\`env\nACMEQ_URL="http://localhost:8080"\nACMEQ_TOKEN="${an(40)}"\nACMEQ_SIGNING_KEY="${key}"\n\`\`\`\n`;
    const generic = (text: string, value: string) => reasonOf(text, value, 'docs/local.mdx', 'connvo/credential-in-position');
    expect(generic(block, key)).toBe('public-by-design');
    // The same value where the server's output prints it again, without the URL beside it.
    expect(generic(`Output:\nACMEQ_SIGNING_KEY=${key}\n\n${block}`, key)).toBe('public-by-design');
    // A production key beside a local URL of another service is not the local server's.
    const live = `sig_${an(28)}`;
    expect(generic(`APP_URL="http://localhost:3000"\nACMEQ_SIGNING_KEY="${live}"\n`, live)).toBe('secret');
    // A vendor's own secret format (here a self-hosted Convex admin key) stays a secret on a local instance.
    const admin = makeToken('convex-admin-key', 3);
    expect(reasonOf(`CONVEX_SELF_HOSTED_URL=http://localhost:3210\nCONVEX_SELF_HOSTED_ADMIN_KEY=${admin}\n`, admin, 'docs/local.mdx', 'connvo/convex-admin-key')).toBe('secret');
  });

  it('base64 of written words (a default user and password) is a placeholder; base64 of random bytes is not', () => {
    const readable = Buffer.from(JSON.stringify({ UserID: 'defaultUser', Password: 'defaultPassword' })).toString('base64');
    expect(reasonOf(`ACMEQ_TOKEN="${readable}"\n`, readable)).toBe('placeholder');
    const random = Buffer.from(JSON.stringify({ id: an(24), secret: an(32) })).toString('base64');
    expect(reasonOf(`ACMEQ_TOKEN="${random}"\n`, random)).toBe('secret');
  });

  it('a placeholder password in leetspeak with a number is a placeholder', () => {
    for (const v of ['P@ssw0rd123', 's3cr3t2024!', 'Ch4ngeMe1'.replace('M', 'm')]) expect([v, reasonOf(`"password": "${v}",`, v)]).toEqual([v, 'placeholder']);
  });

  it("a parameter table's type column is a type, not the parameter's value", () => {
    for (const t of ['Optional[str]', 'List[Dict[str, Any]]', 'Record<string, string>', 'str | None', 'Optional[SecretStr]']) {
      const row = `| \`password\` | \`${t}\` | \`None\` | Password for the database. |\n`;
      // `Optional[str]` is only a type; `<…>`, `None` and `Secret` read as placeholders first.
      expect([t, reasonOf(row, t)]).toEqual([t, t === 'Optional[str]' || t.startsWith('List[') ? 'identifier' : expect.stringMatching(/^(identifier|placeholder)$/)]);
    }
    // A generated value in the same cell is still one.
    const key = an(28);
    expect(reasonOf(`| \`password\` | \`${key}\` | Password for the database. |\n`, key)).toBe('secret');
  });
});

describe("the recommended preset's findings pass the same judgement", () => {
  const PRESET: SecretLintCoreConfig = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommended }] };
  const OURS: SecretLintCoreConfig = { rules: [{ id: '@connvo/secretlint-rule-connvo', rule: connvoPreset }] };
  const lint = async (config: SecretLintCoreConfig, content: string) =>
    (await lintSource({ source: { content, filePath: 'a.md', ext: '.md', contentType: 'text' }, options: { config, noPhysicFilePath: true } })).messages;

  it('a vendor mask the preset alone reports is not reported; a real token is, masked', async () => {
    const masked = `GITHUB_TOKEN=ghp_${'x'.repeat(36)}\nSLACK_TOKEN=xoxb-your-token-here\n`;
    expect((await lint(PRESET, masked)).length).toBeGreaterThan(0);
    expect(await lint(OURS, masked)).toEqual([]);
    const gh = makeToken('github-token', 4);
    const messages = await lint(OURS, `GITHUB_TOKEN=${gh}\n`);
    expect(messages.map((m) => m.ruleId)).toEqual(['@secretlint/secretlint-rule-github']);
    expect(messages[0].message).not.toContain(gh.slice(4, 16));
    expect(JSON.stringify(messages[0].data)).not.toContain(gh.slice(4, 16));
    expect(messages[0].message).toMatch(/…\(40 chars\) \[sha256:[0-9a-f]{16}\]$/);
  });

  it('the same token written twice in one block is reported twice', async () => {
    const token = `tr_wgt_${an(40)}`;
    const text = `Token:\n${token}\n\nIf using docker compose, set:\nTRIGGER_WORKER_TOKEN=${token}\n`;
    expect((await lint(OURS, text)).map((m) => m.loc.start.line)).toEqual([2, 5]);
  });
});

describe('redact: every output masks', () => {
  it('masks tokens in URL paths and query strings, keeps identifiers readable', () => {
    const gh = makeToken('github-token', 5);
    const jwt = makeToken('jwt', 6);
    const uuid = '3f1c2a9b-8e7d-4c5b-a1f0-9e8d7c6b5a43';
    const out = redact(`POST https://x.convex.site/export/${gh}/all?session=${jwt}&id=${uuid} /api/run/users/getCurrent`);
    expect(out).not.toContain(gh.slice(4, 16));
    expect(out).not.toContain(jwt.slice(40, 52));
    expect(out).toContain(uuid);
    expect(out).toContain('/api/run/users/getCurrent');
    expect(out).toMatch(/…\(40 chars\)/);
  });
});

describe('seeded corpus (fresh seeds): every kind >= 98% recall, <= 1% of negatives flagged', () => {
  it('with the new classes (vendor masks and placeholders, public-by-design, prose, stubs, URLs, weak-key JWTs, repeats)', async () => {
    const lintText = await createLinter(SECRETLINT_CONFIG);
    const recall = new Map<string, [number, number]>();
    let flagged = 0;
    let negatives = 0;
    const misses: string[] = [];
    for (const seed of [7001, 7002]) {
      for (const s of generateCorpus(seed, 10)) {
        const messages = await lintText(s.file, s.text);
        if (s.label === 'negative') {
          negatives++;
          if (messages.length > 0) {
            flagged++;
            misses.push(`flagged ${s.id}`);
          }
          continue;
        }
        const lineOf = (offset: number) => s.text.slice(0, offset).split('\n').length;
        const hit = messages.some((m) => lineOf(m.range[0]) <= s.line && s.line <= lineOf(m.range[1]));
        const [h, n] = recall.get(s.kind) ?? [0, 0];
        recall.set(s.kind, [h + (hit ? 1 : 0), n + 1]);
        if (!hit) misses.push(`missed ${s.id}`);
      }
    }
    expect(new Set(recall.keys())).toEqual(new Set(Object.keys(POSITIVE_KINDS)));
    for (const [kind, [h, n]] of recall) expect([kind, h / n >= 0.98], misses.join('\n')).toEqual([kind, true]);
    expect(negatives).toBe(Object.keys(NEGATIVE_KINDS).length * 20);
    expect(flagged / negatives, misses.join('\n')).toBeLessThanOrEqual(0.01);
  }, 120_000);
});
