import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { lintSource } from '@secretlint/core';
import { creator as connvoPreset, fingerprint, isPlaceholder, looksRandom, mask } from '@connvo/secretlint-rule-connvo';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../scripts/lib/pipeline.js';
import { generateCorpus, makeToken, Rng, writeCorpus } from '../scripts/tokens/corpus.js';
import { createLinter } from '../scripts/tokens/lint-worker.mjs';
import { lintTexts } from '../scripts/tokens/scan.js';
import { SECRETLINT_CONFIG } from '../scripts/checks/tokens.js';
import { REPO } from './helpers/cli.js';
import { lineOf, tempDirs } from './helpers/tree.js';

const { site, track } = tempDirs();
const tokens = async (root: string) => (await runChecks({ root, only: ['tokens'] })).findings;

describe('check tokens: a real-looking token fails the check with file and line', () => {
  const jwt = makeToken('workos-user-token', 101);
  const deployKey = makeToken('convex-deploy-key', 102);
  const apiKey = makeToken('workos-api-key', 103);

  it('in an MDX curl example', async () => {
    const dir = site({ 'docs/authentication.mdx': (old) => old.replace('Bearer <user-token>" \\', `Bearer ${jwt}" \\`) });
    const findings = await tokens(dir);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ check: 'tokens', rule: 'jwt', severity: 'error', file: 'docs/authentication.mdx', line: lineOf(dir, 'docs/authentication.mdx', jwt), sensitive: true });
    expect(findings[0].message).toContain('WorkOS user token');
  });

  it('in an openapi.yaml example', async () => {
    const dir = site({ 'openapi.yaml': (old) => old.replace('              example:\n                status: success\n                value:\n                  name: Ada', `              example:\n                status: success\n                value:\n                  name: Ada\n                  deployKey: "${deployKey}"`) });
    const findings = await tokens(dir);
    expect(findings.map((f) => [f.rule, f.file, f.line])).toEqual([['convex-deploy-key', 'openapi.yaml', lineOf(dir, 'openapi.yaml', deployKey)]]);
    // Column of the key itself, end after its last character.
    const lineText = fs.readFileSync(path.join(dir, 'openapi.yaml'), 'utf8').split('\n')[findings[0].line - 1];
    expect(findings[0].column).toBe(lineText.indexOf(deployKey) + 1);
    expect(findings[0].endColumn).toBe(lineText.indexOf(deployKey) + deployKey.length + 1);
  });

  it('in mint.json', async () => {
    const dir = site({ 'mint.json': (old) => old.replace('"name": "Fixture",', `"name": "Fixture",\n  "api": { "auth": { "method": "bearer", "inputPrefix": "Bearer ${apiKey}" } },`) });
    const findings = await tokens(dir);
    expect(findings.map((f) => [f.rule, f.file, f.line])).toEqual([['workos-api-key', 'mint.json', lineOf(dir, 'mint.json', apiKey)]]);
  });

  it('a token the writer marks as a sample with an inline allow comment passes', async () => {
    const dir = site({
      'docs/authentication.mdx': (old) =>
        old.replace('```bash\ncurl', `{/* secretlint-disable-next-line -- deliberate sample for the token decoder demo */}\n\`${jwt}\`\n\n\`\`\`bash\ncurl`),
    });
    expect(await tokens(dir)).toEqual([]);
  });

  it('an MDX allow comment without ` -- reason` does not allow (as the README says)', async () => {
    const dir = site({
      'docs/authentication.mdx': (old) => old.replace('```bash\ncurl', `{/* secretlint-disable-next-line */}\n\`${jwt}\`\n\n\`\`\`bash\ncurl`),
    });
    expect((await tokens(dir)).map((f) => f.rule)).toEqual(['jwt']);
  });

  it('.secretlintignore in the checked tree is honoured', async () => {
    const dir = site({ 'notes/scratch.md': `token: ${jwt}\n`, '.secretlintignore': 'notes/\n' });
    expect(await tokens(dir)).toEqual([]);
    fs.rmSync(path.join(dir, '.secretlintignore'));
    expect((await tokens(dir)).map((f) => f.file)).toEqual(['notes/scratch.md']);
  });

  it('with --root on any tree: every text file, skipping lockfiles, node_modules and binaries', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'connvo-any-tree-'));
    track(dir);
    const write = (rel: string, data: string | Buffer) => {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), data);
    };
    write('deploy/.env.production', `CONVEX_DEPLOY_KEY=${deployKey}\n`);
    write('src/client.ts', `export const workos = new WorkOS("${apiKey}");\n`);
    write('package-lock.json', `{"token": "${apiKey}"}\n`);
    write('node_modules/x/index.js', `const k = "${apiKey}";\n`);
    write('img/logo.png', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0]), Buffer.from(apiKey)]));
    const findings = await tokens(dir);
    expect(findings.map((f) => `${f.file}:${f.line}:${f.rule}`)).toEqual(['deploy/.env.production:1:convex-deploy-key', 'src/client.ts:1:workos-api-key']);
  });
});

describe('check tokens: messages never hold the token', () => {
  it('masks every kind, the recommended preset included, and says the kind', async () => {
    const samples = generateCorpus(5, 3).filter((s) => s.label === 'positive');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'connvo-mask-'));
    track(dir);
    writeCorpus(dir, samples);
    const findings = await tokens(dir);
    const byFile = new Map(samples.map((s) => [s.file, s]));
    expect(new Set(findings.map((f) => f.file)).size).toBe(samples.length);
    for (const f of findings) {
      const value = byFile.get(f.file)!.value;
      for (let i = 0; i + 12 <= value.length; i += 4) expect(f.message).not.toContain(value.slice(i, i + 12));
      expect(f.message).toMatch(/…\(\d+ chars\) \[sha256:[0-9a-f]{16}\]/);
      expect(f.sensitive).toBe(true);
    }
    // The preset's own rules say what they found too (GitHub, Slack, connection strings).
    expect(findings.some((f) => f.rule === 'github' && /GitHub Token\([A-Za-z -]+ tokens\)/.test(f.message))).toBe(true);
  });

  it('mask and fingerprint: prefix, length, no way back', () => {
    const jwt = makeToken('jwt', 7);
    expect(mask(jwt)).toBe(`${jwt.slice(0, 6)}…(${jwt.length} chars)`);
    expect(mask('abcdefghijkl')).toBe('abc…(12 chars)');
    expect(fingerprint(jwt)).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(fingerprint(jwt)).not.toBe(fingerprint(jwt + 'x'));
  });
});

describe('value classification', () => {
  it('written values are not random; generated ones are, whatever their alphabet', () => {
    for (const v of ['super_secret_value', 'mySecretPassword1', 's00pers3cret', 'a-string-secret-at-least-256-bits-long', 'happy-animal-123', 'SUPER_SECRET_VALUE', 'changeme123']) {
      expect([v, looksRandom(v, 10)]).toEqual([v, false]);
    }
    const r = new Rng(77);
    const alphabets = ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', '0123456789abcdef'];
    let missed = 0;
    for (let i = 0; i < 600; i++) if (!looksRandom(r.chars(alphabets[i % 3], 32 + (i % 3) * 16), 16)) missed++;
    expect(missed).toBeLessThanOrEqual(3);
  });

  it('placeholders, whatever the syntax', () => {
    for (const v of ['<user-token>', 'YOUR_API_KEY', 'your-token-here', '$CONVEX_DEPLOY_KEY', '${TOKEN}', '{{token}}', 'process.env.X', '${{ secrets.X }}', 'xxxxxxxx', '****', '...', '…', 'eyJhbGciOi...']) {
      expect([v, isPlaceholder(v)]).toEqual([v, true]);
    }
  });
});

describe('URL credentials', () => {
  it('with a placeholder password pass, for the preset rules too; with a real-looking one fail', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'connvo-urls-'));
    track(dir);
    const real = makeToken('url-credentials', 31);
    fs.writeFileSync(path.join(dir, 'a.md'), `\`https://user:pass@example.com\`, \`postgres://app:<password>@db/app\`, mysql://root:password@localhost/x\n\n${real}\n`);
    expect((await tokens(dir)).map((f) => f.line)).toEqual([3]);
  });
});

describe('allowlist in .secretlintrc.json', () => {
  const jwt = makeToken('jwt', 11);
  const other = makeToken('jwt', 12);
  const lint = async (options: unknown, content: string) =>
    (await lintSource({ source: { content, filePath: 'x.md', ext: '.md', contentType: 'text' }, options: { config: { rules: [{ id: '@connvo/secretlint-rule-connvo', rule: connvoPreset, options: options as never }] } } })).messages;

  it('an entry (masked form + fingerprint + reason) allows exactly that value', async () => {
    const allow = [{ token: mask(jwt), sha256: fingerprint(jwt), reason: 'decoded on the JWT explainer page, signed with a throwaway key' }];
    const messages = await lint({ allow }, `a ${jwt}\nb ${other}\n`);
    expect(messages.map((m) => m.loc.start.line)).toEqual([2]);
  });

  it('an entry without a reason is refused', async () => {
    await expect(lint({ allow: [{ token: mask(jwt), sha256: fingerprint(jwt) }] }, jwt)).rejects.toThrow(/needs a "reason"/);
  });

  it('the repo config loads and its allowlist entries are well-formed', async () => {
    const lintText = await createLinter(SECRETLINT_CONFIG);
    expect(await lintText('x.md', 'Bearer <user-token>\n')).toEqual([]);
  });
});

describe('scanner', () => {
  it('worker threads and in-process give the same messages', async () => {
    const samples = generateCorpus(9, 4);
    const items = samples.map((s) => ({ file: s.file, text: s.text }));
    const inProcess = await lintTexts(items, { configFile: SECRETLINT_CONFIG, workers: 1 });
    const threaded = await lintTexts(items, { configFile: SECRETLINT_CONFIG, workers: 2 });
    expect(threaded).toEqual(inProcess);
    expect([...inProcess.values()].flat().length).toBeGreaterThan(samples.filter((s) => s.label === 'positive').length - 1);
  });

  it('skipping preset rules whose literals are absent changes no result (corpus and every preset format)', async () => {
    const filtered = await createLinter(SECRETLINT_CONFIG);
    const full = await createLinter(SECRETLINT_CONFIG, { prefilter: false });
    for (const s of generateCorpus(4, 12)) expect(await filtered(s.file, s.text)).toEqual(await full(s.file, s.text));
    // One fake value of each format the recommended preset knows, built from a seeded PRNG.
    const r = new Rng(42);
    const an = (n: number) => r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', n);
    let ops = '';
    for (let pad = ''; !ops.endsWith('fQ==') && !ops.endsWith('fQ'); pad += ' ') ops = Buffer.from(`{"email":"${an(12)}@example.net","secretKey":"${an(40)}","srpX":"${an(64)}"${pad}}`).toString('base64');
    const formats: Record<string, string> = {
      'a.md': `npm token npm_${an(36)}\nfine-grained github_pat_${an(82)}\nslack xoxp-${an(10)}-${an(12)}-${an(24)}\nhook https://hooks.slack.com/services/T${an(8)}/B${an(8)}/${an(24)}\n`,
      'b.md': `SG.${an(22)}.${an(43)} shpat_${an(32)} sk-proj-${an(74)}T3BlbkFJ${an(74)} sk-ant-api03-${an(93)}AA lin_api_${an(40)} ops_${ops}\n`,
      'c.md': `mongodb+srv://svc:${an(16)}@cluster0.${an(6)}.example.net/app and https://deploy:${an(16)}@registry.${an(5)}.dev/v2/\n<!-- secretlint-disable-next-line -->\nghp_${an(36)}\n`,
      '.npmrc': `//registry.npmjs.org/:_authToken=${an(36)}\n`,
      'package.json': `{"repository": "https://${an(40)}:x-oauth-basic@github.com/acme/app.git"}\n`,
      'key.json': JSON.stringify({ type: 'service_account', private_key_id: an(40), private_key: makeToken('private-key-rsa', 3) }),
      // Rules new in preset 13.
      'd.env': [
        `GROQ=gsk_${an(52)}`,
        `HF=hf_${r.chars('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ', 34)}`,
        `GITLAB=glpat-${an(24)}`,
        `GRAFANA=glc_${an(40)}`,
        `VAULT=hvs.${an(100)}`,
        `VERCEL=vcp_${an(30)}`,
        `DATABRICKS=dapi${r.chars('0123456789abcdef', 32)}`,
        `DOCKER=dckr_pat_${an(27)}`,
        `FIGMA=figd_${an(48)}`,
        `CLOUDFLARE=cfut_${an(40)}${r.chars('0123456789abcdef', 8)}`,
        `TAILSCALE=tskey-auth-${an(12)}-${an(30)}`,
        '',
      ].join('\n'),
    };
    const rules = new Set<string>();
    for (const [file, text] of Object.entries(formats)) {
      const expected = await full(file, text);
      expected.forEach((m) => rules.add(m.ruleId));
      expect(await filtered(file, text)).toEqual(expected);
    }
    // Every preset rule with a trigger reported something, so each trigger was exercised.
    for (const rule of ['npm', 'github', 'slack', 'sendgrid', 'shopify', 'openai', 'anthropic', 'linear', '1password', 'gcp', 'groq', 'huggingface', 'gitlab', 'grafana', 'hashicorp-vault', 'vercel', 'databricks', 'docker', 'figma', 'cloudflare', 'tailscale']) {
      expect(rules).toContain(`@secretlint/secretlint-rule-${rule}`);
    }
    // URL credentials of every scheme are the project's url-credentials rule (it supersedes the
    // preset's basicauth and database-connection-string).
    expect(rules).toContain('connvo/url-credentials');
  });
});

describe('the repository itself', () => {
  it('passes `--only tokens`', async () => {
    expect(await tokens(REPO)).toEqual([]);
  });

  it('stock `secretlint` loads the project rules from .secretlintrc.json', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'connvo-stock-'));
    track(dir);
    const key = makeToken('convex-deploy-key', 5);
    fs.writeFileSync(path.join(dir, 'page.mdx'), `---\ntitle: x\n---\n\n\`CONVEX_DEPLOY_KEY=${key}\`\n`);
    const r = spawnSync(path.join(REPO, 'node_modules', '.bin', 'secretlint'), ['**/*', '--secretlintrc', SECRETLINT_CONFIG, '--format', 'json', '--no-color'], { cwd: dir, encoding: 'utf8' });
    expect(r.status).toBe(1);
    const results = JSON.parse(r.stdout) as Array<{ messages: Array<{ ruleId: string; message: string }> }>;
    const messages = results.flatMap((x) => x.messages);
    expect(messages.map((m) => m.ruleId)).toEqual(['connvo/convex-deploy-key']);
    expect(messages[0].message).not.toContain(key);
  });
});
