import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { CheckFailedError, type Finding } from '../scripts/lib/finding.js';
import { runChecks, type RunResult } from '../scripts/lib/pipeline.js';
import { REPO, runCheckCli, runCheckInProcess, snapshotTree, type CliResult } from './helpers/cli.js';
import { lineOf, siteWith } from './helpers/tree.js';

/**
 * Every kind of bad input: a finding (exit 1) or one clear line (exit 2), never a stack trace,
 * within seconds, and the checked tree byte-identical afterwards. Most cases run the pipeline
 * in-process with every registered check; the process contract (exit 2, stderr) is tested
 * through the CLI.
 */

/** Generous: the suite runs beside others on 2 cores. Measured: each case takes well under 2 s. */
const SECONDS = 20;

const REF_401 = "'401':\n          $ref: '#/components/responses/Error'";

async function checkUnchanged(dir: string): Promise<RunResult> {
  const before = snapshotTree(dir);
  const t0 = Date.now();
  const result = await runChecks({ root: dir });
  expect(Date.now() - t0).toBeLessThan(SECONDS * 1000);
  expect(snapshotTree(dir)).toEqual(before);
  return result;
}

/** The CLI in-process (exit code, stdout, stderr as a run prints them); the tree left unchanged. */
async function cliUnchanged(dir: string, args: string[]): Promise<CliResult> {
  const before = snapshotTree(dir);
  const t0 = Date.now();
  const r = await runCheckInProcess(['--root', dir, ...args]);
  expect(Date.now() - t0).toBeLessThan(SECONDS * 1000);
  expect(snapshotTree(dir)).toEqual(before);
  return r;
}

function expectOneLine(r: CliResult, pattern: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

const errorsOf = (r: RunResult) => r.findings.filter((f) => f.severity === 'error');
const only = (r: RunResult, rule: string): Finding => {
  const hits = r.findings.filter((f) => f.rule === rule);
  expect(hits, JSON.stringify(r.findings, null, 2)).toHaveLength(1);
  return hits[0];
};

describe('bad spec input', () => {
  it('invalid YAML: a yaml-syntax finding at the line', async () => {
    const dir = siteWith({ 'openapi.yaml': (t) => t.replace('  version: 1.0.0\n', '  version: 1.0.0\n  summary: [unclosed\n') });
    const r = await checkUnchanged(dir);
    expect(only(r, 'yaml-syntax')).toMatchObject({ file: 'openapi.yaml', severity: 'error' });
    expect(only(r, 'yaml-syntax').line).toBeGreaterThanOrEqual(lineOf(dir, 'openapi.yaml', 'summary: [unclosed'));
  });

  it('duplicate keys: a finding at the second key', async () => {
    const dir = siteWith({ 'openapi.yaml': (t) => t.replace('  version: 1.0.0\n', '  version: 1.0.0\n  title: Again\n') });
    const r = await checkUnchanged(dir);
    const f = only(r, 'yaml-syntax');
    expect(f).toMatchObject({ file: 'openapi.yaml', line: lineOf(dir, 'openapi.yaml', 'title: Again') });
    expect(f.message).toMatch(/unique|duplicate/i);
  });

  it('YAML that is not OpenAPI: not-openapi', async () => {
    const dir = siteWith({ 'openapi.yaml': 'name: my service\nendpoints:\n  - /health\n' });
    const r = await checkUnchanged(dir);
    expect(only(r, 'not-openapi')).toMatchObject({ file: 'openapi.yaml', line: 1, severity: 'error' });
  });

  it('empty spec: spec-empty', async () => {
    const dir = siteWith({ 'openapi.yaml': '\n  \n' });
    const r = await checkUnchanged(dir);
    expect(only(r, 'spec-empty')).toMatchObject({ file: 'openapi.yaml', severity: 'error' });
  });

  it('no spec: a valid site without one; `--only spec` exits 2 with one line naming openapi.yaml', async () => {
    const dir = siteWith({ 'openapi.yaml': null });
    const r = await checkUnchanged(dir);
    expect(r.findings.filter((f) => f.check === 'spec' || f.check === 'security')).toEqual([]);
    expectOneLine(await cliUnchanged(dir, ['--only', 'spec']), /no OpenAPI spec found in .*openapi\.yaml/);
  });

  it('JSON instead of YAML: openapi.json passes when valid', async () => {
    const dir = siteWith();
    const api = parseYaml(fs.readFileSync(path.join(dir, 'openapi.yaml'), 'utf8'));
    fs.rmSync(path.join(dir, 'openapi.yaml'));
    fs.writeFileSync(path.join(dir, 'openapi.json'), JSON.stringify(api, null, 2));
    const r = await checkUnchanged(dir);
    expect(errorsOf(r)).toEqual([]);
    expect(r.summary.files).toBeGreaterThan(0);
  });

  it('$ref to a missing file: exit 1 naming the file and the line of the $ref', async () => {
    const dir = siteWith({ 'openapi.yaml': (t) => t.replace(REF_401, "'401':\n          $ref: './errors/missing.yaml'") });
    const r = await cliUnchanged(dir, ['--format', 'json']);
    expect(r.code).toBe(1);
    const f = (JSON.parse(r.stdout).findings as Finding[]).find((x) => x.rule === 'no-unresolved-refs');
    expect(f).toMatchObject({ file: 'openapi.yaml', line: lineOf(dir, 'openapi.yaml', './errors/missing.yaml') });
    expect(f!.message).toContain("'errors/missing.yaml'"); // relative to the root, like `file`
    expect(f!.message).not.toContain(dir);
  });

  describe('$ref to an http(s) URL', () => {
    let server: http.Server;
    let hits = 0;
    beforeAll(async () => {
      server = http.createServer((_req, res) => {
        hits++;
        res.end('type: object\n');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('is reported at the $ref and never fetched', async () => {
      const { port } = server.address() as { port: number };
      const url = `http://127.0.0.1:${port}/errors.yaml`;
      const dir = siteWith({ 'openapi.yaml': (t) => t.replace(REF_401, `'401':\n          $ref: '${url}'`) });
      const r = await checkUnchanged(dir);
      const f = r.findings.find((x) => x.message.includes(url));
      expect(f, JSON.stringify(r.findings, null, 2)).toMatchObject({ file: 'openapi.yaml', line: lineOf(dir, 'openapi.yaml', url), severity: 'error' });
      expect(f!.message).toMatch(/not fetched|offline/);
      expect(hits).toBe(0);
    });
  });

  it('cyclic $refs (inside the spec and across files) are valid and do not hang', async () => {
    const dir = siteWith({
      'openapi.yaml': (t) =>
        t
          .replace('              errorMessage:\n                type: string', "              errorMessage:\n                type: string\n              cause:\n                $ref: '#/components/schemas/Node'\n              trail:\n                $ref: './schemas/a.yaml'")
          .replace('  schemas:\n', "  schemas:\n    Node:\n      type: object\n      properties:\n        next:\n          $ref: '#/components/schemas/Node'\n"),
      'schemas/a.yaml': "type: object\nproperties:\n  b:\n    $ref: './b.yaml'\n",
      'schemas/b.yaml': "type: object\nproperties:\n  a:\n    $ref: './a.yaml'\n",
    });
    const r = await checkUnchanged(dir);
    expect(errorsOf(r)).toEqual([]);
  });
});

describe('bad site input', () => {
  it('invalid mint.json: a finding at the line and column where the JSON breaks', async () => {
    const dir = siteWith({ 'mint.json': (t) => t.replace('"name": "Fixture",', '"name": "Fixture",,') });
    const r = await checkUnchanged(dir);
    const f = only(r, 'mint-json-syntax');
    const line = lineOf(dir, 'mint.json', '"Fixture",,');
    const column = fs.readFileSync(path.join(dir, 'mint.json'), 'utf8').split('\n')[line - 1].indexOf(',,') + 2;
    expect(f).toMatchObject({ file: 'mint.json', line, column, severity: 'error' });
  });

  it('truncated mint.json: the finding points at the end of the file', async () => {
    const dir = siteWith({ 'mint.json': '{\n  "name": \n' });
    const r = await checkUnchanged(dir);
    expect(only(r, 'mint-json-syntax')).toMatchObject({ file: 'mint.json', line: 3, column: 1 });
  });

  it('missing mint.json: exit 2, one line naming mint.json', async () => {
    const dir = siteWith({ 'mint.json': null });
    expectOneLine(await cliUnchanged(dir, []), /mint\.json: not found/);
  });

  it('binary file where a page is expected: page-unreadable', async () => {
    const dir = siteWith();
    fs.writeFileSync(path.join(dir, 'docs', 'logo.mdx'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]));
    const r = await checkUnchanged(dir);
    expect(only(r, 'page-unreadable')).toMatchObject({ file: 'docs/logo.mdx', severity: 'error' });
    expect(only(r, 'page-unreadable').message).toMatch(/binary/);
  });

  it('non-UTF-8 page: page-unreadable', async () => {
    const dir = siteWith();
    fs.writeFileSync(path.join(dir, 'docs', 'latin1.mdx'), Buffer.from('---\ntitle: Caf\xe9\n---\n\nD\xe9j\xe0 vu.\n', 'latin1'));
    const r = await checkUnchanged(dir);
    expect(only(r, 'page-unreadable')).toMatchObject({ file: 'docs/latin1.mdx' });
    expect(only(r, 'page-unreadable').message).toMatch(/UTF-8/);
  });

  it('UTF-8 BOM and CRLF line ends work normally, with the right line numbers', async () => {
    const bomCrlf = (t: string) => '\ufeff' + t.replace(/\r?\n/g, '\r\n');
    const files = ['openapi.yaml', 'mint.json', 'docs/introduction.mdx', 'docs/authentication.mdx', 'docs/api-reference/get-current-user.mdx'];
    const clean = siteWith(Object.fromEntries(files.map((f) => [f, bomCrlf])));
    expect(fs.readFileSync(path.join(clean, 'openapi.yaml')).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(errorsOf(await checkUnchanged(clean))).toEqual([]);

    const broken = siteWith({
      'openapi.yaml': (t) => bomCrlf(t.replace(REF_401, "'401':\n          $ref: './missing.yaml'")),
      'docs/introduction.mdx': (t) => bomCrlf(t + '\nText with <b c=> here.\n\nMore text.\n'),
    });
    const r = await checkUnchanged(broken);
    expect(only(r, 'no-unresolved-refs').line).toBe(lineOf(broken, 'openapi.yaml', './missing.yaml'));
    const line = lineOf(broken, 'docs/introduction.mdx', '<b c=>');
    const column = fs.readFileSync(path.join(broken, 'docs/introduction.mdx'), 'utf8').split('\r\n')[line - 1].indexOf('=>') + 2;
    expect(only(r, 'mdx-syntax')).toMatchObject({ file: 'docs/introduction.mdx', line, column });
  });

  it('a symlink loop under docs/ ends the walk', async () => {
    const dir = siteWith();
    fs.symlinkSync('..', path.join(dir, 'docs', 'loop')); // docs/loop/docs/loop/...
    fs.symlinkSync('self', path.join(dir, 'docs', 'self')); // ELOOP
    fs.symlinkSync('nowhere.mdx', path.join(dir, 'docs', 'dangling.mdx'));
    const r = await checkUnchanged(dir);
    expect(errorsOf(r)).toEqual([]);
  });

  it('a 60 MB page: skipped for MDX with a warning, the run still takes seconds', async () => {
    // Listed in the navigation, so the only thing wrong with it is its size.
    const dir = siteWith({ 'mint.json': (t) => t.replace('"docs/authentication"]', '"docs/authentication", "docs/huge"]') });
    const para = 'Connvo meetings have participants, transcripts and insights; call `POST /api/run/meetings/queries/getMeeting` with a bearer token.\n\n';
    fs.writeFileSync(path.join(dir, 'docs', 'huge.mdx'), '---\ntitle: Huge\n---\n\n' + para.repeat(Math.ceil(60e6 / para.length)));
    expect(fs.statSync(path.join(dir, 'docs', 'huge.mdx')).size).toBeGreaterThanOrEqual(60e6);
    const r = await cliUnchanged(dir, ['--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const findings = JSON.parse(r.stdout).findings as Finding[];
    expect(findings).toEqual([expect.objectContaining({ file: 'docs/huge.mdx', rule: 'page-too-large', severity: 'warning' })]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('bad usage and internal errors', () => {
  it('an unknown flag: exit 2, one line', async () => {
    expectOneLine(await cliUnchanged(siteWith(), ['--colour']), /Unknown option '--colour'/);
  });

  it('a --root that does not exist: exit 2, one line naming it', () => {
    const missing = path.join(os.tmpdir(), `connvo-no-such-root-${process.pid}`);
    const r = runCheckCli(['--root', missing]);
    expectOneLine(r, new RegExp(`--root ${missing.replace(/[/\\]/g, '.')}: not a directory`));
  });

  it('a check that throws stops the run naming the check (in-process)', async () => {
    const boom = { name: 'boom', summary: 'throws', run: () => JSON.parse('{') as never };
    await expect(runChecks({ root: siteWith(), checks: [boom] })).rejects.toBeInstanceOf(CheckFailedError);
    await expect(runChecks({ root: siteWith(), checks: [boom] })).rejects.toThrow(/check "boom" failed/);
  });

  it('an internal error exits 2 with one line and a --debug hint; --debug prints the trace', () => {
    // The real CLI with one extra check that has a bug, registered the way a check is.
    const wrapper = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'connvo-fault-')), 'cli.mts');
    fs.writeFileSync(
      wrapper,
      [
        `import { checks } from ${JSON.stringify(path.join(REPO, 'scripts/checks/index.ts'))};`,
        `import { cli } from ${JSON.stringify(path.join(REPO, 'scripts/check.ts'))};`,
        `(checks as unknown as object[]).push({ name: 'buggy', summary: 'has a bug', run: () => (undefined as unknown as { x: { y: number } }).x.y });`,
        'cli(process.argv.slice(2));',
      ].join('\n'),
    );
    const dir = siteWith();
    const before = snapshotTree(dir);
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', wrapper, '--root', dir, '--only', 'buggy', ...args], { cwd: REPO, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const plain = run();
    expectOneLine({ code: plain.status, stdout: plain.stdout, stderr: plain.stderr }, /^check: internal error: check "buggy" failed: Cannot read properties of undefined .*--debug/);
    const debug = run('--debug');
    expect(debug.status).toBe(2);
    expect(debug.stderr).toMatch(/\n\s+at .*cli\.mts/);
    expect(snapshotTree(dir)).toEqual(before);
  });
});
