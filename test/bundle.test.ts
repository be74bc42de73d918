import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECK_COMMAND, REPO, runCheckCli, runCheckInProcess } from './helpers/cli.js';
import { siteWith } from './helpers/tree.js';
import { makeToken } from '../scripts/tokens/corpus.js';

/**
 * `npm run check` runs a bundle of the sources and their libraries (scripts/build-check.mjs); the
 * tests mostly import the sources. These compare the two where the bundle differs most: the MDX
 * parse workers (which import the bundled parser) and module-relative paths.
 */
describe('the bundled CLI', () => {
  it("never loads Node's fetch implementation: nothing here fetches (the first read of the Headers global costs ~75 ms)", () => {
    const probe = `data:text/javascript,process.on('exit', () => process.stderr.write(process.moduleLoadList.some((m) => m.includes('undici')) ? 'fetch loaded' : 'fetch not loaded'))`;
    const r = spawnSync(CHECK_COMMAND[0], ['--import', probe, ...CHECK_COMMAND.slice(1), '--root', siteWith(), '--format', 'json'], { cwd: REPO, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('fetch not loaded');
  });

  it('reports what the sources report on a site big enough for the parse workers', async () => {
    // 2.2 MiB of MDX in 30 pages (the workers start above 2 MiB), cheap to parse: short
    // paragraphs of prose. One page does not parse, one has a broken link.
    const body = Array.from({ length: 800 }, (_, i) => `Paragraph ${i} about the meeting notes, the transcripts and the insights of each session.\n\n`).join('');
    const edits: Record<string, string> = {};
    for (let i = 0; i < 30; i++) edits[`docs/big-${i}.mdx`] = `---\ntitle: Page ${i}\n---\n\n## Heading ${i}\n\nSee the [introduction](/docs/introduction).\n\n${body}`;
    edits['docs/big-7.mdx'] += '<Note>\nunclosed\n';
    edits['docs/big-21.mdx'] += 'See [this](/no-such-page).\n';
    const root = siteWith(edits);
    const args = ['--root', root, '--only', 'site', '--format', 'json'];
    const bundled = runCheckCli(args, { env: { CHECK_DEBUG: '1' } });
    // A worker that fails hands its pages to the main thread, which would hide a broken bundle.
    expect(bundled.stderr).not.toMatch(/MDX worker|through tsx/);
    const sources = await runCheckInProcess(args);
    expect(bundled.code).toBe(sources.code);
    const findings = JSON.parse(bundled.stdout).findings as Array<{ rule: string }>;
    expect(findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['mdx-syntax', 'link-broken']));
    expect(JSON.parse(bundled.stdout)).toEqual(JSON.parse(sources.stdout));
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('reports the OpenAPI schema errors the sources report (its 3.1 validator is precompiled)', async () => {
    // Mistakes Redocly's `struct` rule does not see the same way: a path that does not start with `/`
    // (the schema's patternProperties), and `deprecated` of the wrong type (struct reports it, so
    // the schema's message for that place is left out).
    const root = siteWith({
      'openapi.yaml': (t) => t.replace('\npaths:\n', "\npaths:\n  noslash:\n    get:\n      responses:\n        '200': {description: OK}\n").replace('      summary: Get the current user\n', '      summary: Get the current user\n      deprecated: maybe\n'),
    });
    const args = ['--root', root, '--only', 'spec', '--format', 'json'];
    const bundled = runCheckCli(args);
    const sources = await runCheckInProcess(args);
    expect(bundled.code).toBe(1);
    const schema = (JSON.parse(bundled.stdout).findings as Array<{ rule: string; message: string }>).filter((f) => f.rule === 'openapi-schema');
    expect(schema.map((f) => f.message)).toEqual([expect.stringContaining('/paths must NOT have unevaluated properties (noslash)')]);
    expect(JSON.parse(bundled.stdout)).toEqual(JSON.parse(sources.stdout));
  });

  it('finds the pages Mintlify generates from an OpenAPI directory (its scraping package, bundled)', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'connvo-bundle-'));
    const files: Record<string, string> = {
      'docs.json': JSON.stringify({
        $schema: 'https://mintlify.com/docs.json',
        theme: 'mint',
        name: 'Generated',
        colors: { primary: '#4F46E5' },
        navigation: { groups: [{ group: 'Start', pages: ['index'] }, { group: 'API', openapi: { source: 'api/convex.yaml', directory: 'reference' }, pages: [] }] },
      }),
      'index.mdx': '---\ntitle: Home\n---\n\nSee [the generated page](/reference/meetings/list-meetings) and [a missing one](/reference/meetings/nope).\n',
      'api/convex.yaml':
        'openapi: 3.1.0\ninfo:\n  title: T\n  version: 1.0.0\npaths:\n  /meetings:\n    get:\n      operationId: listMeetings\n      summary: List meetings\n      tags: [Meetings]\n      responses:\n        \'200\':\n          description: OK\n',
    };
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
    }
    const args = ['--root', root, '--only', 'site', '--format', 'json'];
    const bundled = runCheckCli(args);
    expect(bundled.stderr).toBe('');
    const broken = (JSON.parse(bundled.stdout).findings as Array<{ rule: string; message: string }>).filter((f) => f.rule === 'link-broken').map((f) => f.message);
    expect(broken).toEqual([expect.stringContaining('/reference/meetings/nope')]);
    expect(JSON.parse(bundled.stdout)).toEqual(JSON.parse((await runCheckInProcess(args)).stdout));
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('scans for tokens in its own bundled worker (secretlint inside) and finds what the sources find', async () => {
    const root = siteWith({ 'docs/keys.mdx': `---\ntitle: Keys\n---\n\n\`\`\`bash\nexport GITHUB_TOKEN=${makeToken('github-token', 31)}\ncurl -H "Authorization: Bearer ${makeToken('workos-user-token', 32)}" https://x.test\n\`\`\`\n` });
    const args = ['--root', root, '--only', 'tokens', '--format', 'json'];
    const bundled = runCheckCli(args);
    expect(bundled.stderr).toBe('');
    const rules = (JSON.parse(bundled.stdout).findings as Array<{ rule: string }>).map((f) => f.rule);
    expect(rules.length).toBeGreaterThanOrEqual(2);
    expect(JSON.parse(bundled.stdout)).toEqual(JSON.parse((await runCheckInProcess(args)).stdout));
    // The build that ran holds the worker with secretlint and the rule packages in it.
    const checkout = createHash('sha256').update(fs.realpathSync(REPO)).digest('hex').slice(0, 12);
    const base = path.join(REPO, 'node_modules', '.cache', 'connvo-check', checkout);
    const newest = fs.readdirSync(base).filter((d) => !d.includes('.tmp-')).map((d) => path.join(base, d)).sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
    const modules = JSON.parse(fs.readFileSync(path.join(newest, 'modules.json'), 'utf8')) as Record<string, string[]>;
    expect(modules['tokens-worker.js']).toEqual(expect.arrayContaining(['@secretlint/core', '@secretlint/config-loader', '@secretlint/secretlint-rule-preset-recommend']));
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('finds the repository’s own files (Redocly config, secretlint config) from a root elsewhere', () => {
    const r = runCheckCli(['--root', path.join(REPO, 'test', 'fixtures', 'good-site'), '--only', 'spec,tokens', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
