import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHECK_INFO } from '../scripts/checks/info.js';
import type { PageParse } from '../scripts/lib/mdx.js';
import { runChecks } from '../scripts/lib/pipeline.js';
import { affectedChecks, SECURITY_PAGES, watchTree } from '../scripts/lib/watch.js';
import { AUTH_PAGE } from '../scripts/security/docs.js';
import { makeToken } from '../scripts/tokens/corpus.js';
import { MATRIX_PAGE } from '../scripts/security/matrix.js';
import { CHECK_COMMAND, REPO, runCheckInProcess } from './helpers/cli.js';
import { siteWith } from './helpers/tree.js';

const ALL = Object.keys(CHECK_INFO).sort();
const sorted = (s: Set<string>) => [...s].sort();
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

describe('--watch: which checks a change re-runs', () => {
  it('a page: site, examples, tokens; security only for the two pages it reads; spec and drift never', () => {
    expect(sorted(affectedChecks(['docs/errors.mdx']))).toEqual(['examples', 'site', 'tokens']);
    expect(sorted(affectedChecks(['README.md']))).toEqual(['examples', 'site', 'tokens']);
    expect(SECURITY_PAGES.sort()).toEqual([AUTH_PAGE, MATRIX_PAGE].sort());
    for (const page of SECURITY_PAGES) expect(sorted(affectedChecks([page]))).toEqual(['examples', 'security', 'site', 'tokens']);
  });

  it('a spec, config, include, policy, ignore file or folder: every check; any other file: tokens', () => {
    for (const p of ['openapi.yaml', 'v2/api.yml', 'mint.json', 'docs.json', 'nav/group.json', 'access-policy.yaml', '.mintignore', 'docs/new-folder']) {
      expect(sorted(affectedChecks([p])), p).toEqual(ALL);
    }
    expect(sorted(affectedChecks(['scripts/x.ts', 'logo/dark.svg']))).toEqual(['tokens']);
    expect(sorted(affectedChecks(['docs/a.mdx', 'openapi.yaml']))).toEqual(ALL);
  });
});

describe('--watch: a re-run of some checks', () => {
  it('keeps the other checks’ findings (and their load findings), replaces the re-run ones, reuses parses', async () => {
    const dir = siteWith({
      'openapi.yaml': (t) => t.replace("'401':\n          $ref: '#/components/responses/Error'", "'401':\n          $ref: './missing.yaml'"),
      'docs/introduction.mdx': (t) => `${t}\n[gone](/no-such-page)\n`,
    });
    const parseCache = new Map<string, PageParse>();
    const first = await runChecks({ root: dir, parseCache });
    const rules = (r: { findings: Array<{ check: string; rule: string }> }) => r.findings.map((f) => `${f.check}/${f.rule}`).sort();
    expect(rules(first)).toContain('spec/no-unresolved-refs');
    expect(rules(first)).toContain('site/link-broken');
    const pages = parseCache.size;
    expect(pages).toBeGreaterThan(3);

    fs.writeFileSync(path.join(dir, 'docs/introduction.mdx'), fs.readFileSync(path.join(dir, 'docs/introduction.mdx'), 'utf8').replace('[gone](/no-such-page)', '[also gone](/other-missing)'));
    const second = await runChecks({ root: dir, parseCache, rerun: { previous: first.state, checks: affectedChecks(['docs/introduction.mdx']) } });
    expect(Object.keys(second.timings)).not.toContain('spec'); // not re-run
    expect(rules(second)).toEqual(rules(first)); // same kinds: the spec's finding kept, one broken link
    expect(second.findings.find((f) => f.rule === 'link-broken')?.message).toContain('/other-missing');
    expect(parseCache.size).toBe(pages); // the old parse of the edited page dropped, the new one kept

    // A full run of the same tree agrees with the re-run.
    const full = await runChecks({ root: dir });
    expect(second.findings).toEqual(full.findings);
    expect(second.summary).toEqual(full.summary);
  });

  it('keeps each file’s token scan by content: a re-run lints the saved file and finds what it now holds', async () => {
    const dir = siteWith();
    const memo = new Map<string, unknown>();
    const first = await runChecks({ root: dir, memo });
    expect(first.findings).toEqual([]);
    const kept = memo.get('tokens:messages') as Map<string, unknown>;
    const files = kept.size;
    expect(files).toBeGreaterThan(5);
    fs.appendFileSync(path.join(dir, 'docs/introduction.mdx'), `\n\`\`\`bash\nexport CONVEX_DEPLOY_KEY=${makeToken('convex-deploy-key', 7)}\n\`\`\`\n`);
    const second = await runChecks({ root: dir, memo, rerun: { previous: first.state, checks: affectedChecks(['docs/introduction.mdx']) } });
    expect(kept.size).toBe(files + 1); // one new entry: the saved file's new content
    expect(second.findings.map((f) => `${f.check}/${f.rule} ${f.file}`)).toEqual(['tokens/convex-deploy-key docs/introduction.mdx']);
  });
});

describe('watchTree', () => {
  it('reports a change in a folder created after it started, and never watches node_modules', async () => {
    const dir = siteWith({ 'node_modules/pkg/index.js': '1' });
    const seen: string[][] = [];
    const watcher = watchTree(dir, (paths) => seen.push(paths));
    cleanups.push(() => void watcher.close());
    await watcher.ready;
    expect(watcher.dirs.has('docs/api-reference')).toBe(true);
    expect([...watcher.dirs].some((d) => d.includes('node_modules'))).toBe(false);
    fs.mkdirSync(path.join(dir, 'docs/guides'));
    await expect.poll(() => watcher.dirs.has('docs/guides'), { timeout: 10_000 }).toBe(true);
    fs.writeFileSync(path.join(dir, 'docs/guides/new.mdx'), 'x');
    await expect.poll(() => seen.flat(), { timeout: 10_000 }).toContain('docs/guides/new.mdx');
  });
});

describe('npm run check -- --watch (the process)', () => {
  it('prints one JSON line per report: the first run, then after a save with a broken link, then after the fix', async () => {
    const dir = siteWith();
    const child = spawn(CHECK_COMMAND[0], [...CHECK_COMMAND.slice(1), '--watch', '--root', dir, '--format', 'json'], {
      cwd: REPO,
      env: { ...process.env, NO_COLOR: '1' },
    });
    cleanups.push(() => child.kill());
    const lines: string[] = [];
    let buffer = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop()!;
      lines.push(...parts);
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Generous bounds: this asserts behaviour, the speed is measured by `npm run bench`.
    await expect.poll(() => lines.length, { timeout: 60_000, interval: 50 }).toBe(1);
    expect(JSON.parse(lines[0])).toEqual({ findings: [], summary: { errors: 0, warnings: 0, files: expect.any(Number) } });
    await expect.poll(() => stderr, { timeout: 10_000 }).toContain('watching');

    const page = path.join(dir, 'docs/introduction.mdx');
    const original = fs.readFileSync(page, 'utf8');
    fs.writeFileSync(page, `${original}\nSee [the guide](/no-such-guide).\n`);
    await expect.poll(() => lines.length, { timeout: 30_000, interval: 20 }).toBe(2);
    const broken = JSON.parse(lines[1]);
    expect(broken.summary.errors).toBe(1);
    expect(broken.findings).toEqual([expect.objectContaining({ check: 'site', rule: 'link-broken', file: 'docs/introduction.mdx', line: original.split('\n').length + 1 })]);
    // The status line goes to stderr after the report on stdout: it may arrive a moment later.
    await expect.poll(() => stderr, { timeout: 10_000 }).toMatch(/docs\/introduction\.mdx changed: ran site, examples, tokens in/);

    fs.writeFileSync(page, original);
    await expect.poll(() => lines.length, { timeout: 30_000, interval: 20 }).toBe(3);
    expect(JSON.parse(lines[2]).findings).toEqual([]);
    expect(child.exitCode).toBe(null); // still watching
  }, 120_000);
});

describe('npm run check -- --watch --output FILE inside the tree', () => {
  it('is refused before watching: checks never write into the tree (exit 2, one line)', async () => {
    const dir = siteWith();
    const r = await runCheckInProcess(['--watch', '--root', dir, '--format', 'json', '--output', path.join(dir, 'report.json')]);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^check: --output .*leads into the checked tree/)]);
    expect(fs.existsSync(path.join(dir, 'report.json'))).toBe(false);
  });
});
