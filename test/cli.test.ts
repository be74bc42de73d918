import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECK_NODE_FLAGS, REPO, runCheckCli, snapshotTree } from './helpers/cli.js';
import { GOOD_SITE, lineOf, siteWith } from './helpers/tree.js';

const FINDING_KEYS = ['check', 'column', 'endColumn', 'endLine', 'file', 'line', 'message', 'rule', 'severity'];

describe('npm run check as a process', () => {
  it('exits 0 on a good site, prints contract JSON, writes nothing', () => {
    const dir = siteWith();
    const before = snapshotTree(dir);
    const r = runCheckCli(['--root', dir, '--only', 'spec,site', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out).sort()).toEqual(['findings', 'summary']);
    expect(out.findings).toEqual([]);
    expect(out.summary).toEqual({ errors: 0, warnings: 0, files: expect.any(Number) });
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('npx connvo-docs-check (the package bin) writes nothing but the JSON report to stdout', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    expect(pkg.bin).toEqual({ 'connvo-docs-check': 'scripts/run-check.mjs' });
    const dir = siteWith({ 'docs/introduction.mdx': (t) => t + '\n[gone](/docs/nowhere)\n' });
    // The bin's shebang finds node on PATH: the one running the tests.
    const env = { ...process.env, NO_COLOR: '1', PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}` };
    const r = spawnSync('npx', ['connvo-docs-check', '--root', dir, '--only', 'site', '--format', 'json'], { cwd: REPO, encoding: 'utf8', env });
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.findings.map((f: { rule: string }) => f.rule)).toContain('link-broken');
  });

  // Node 22+ lets each thread's new space grow to 128 MB (see scripts/run-check.mjs). The
  // lazy-checks test holds `npm run check` to the same flags.
  it('the bin starts node with the young generation capped', () => {
    expect(CHECK_NODE_FLAGS).toContainEqual(expect.stringMatching(/^--max-semi-space-size=\d+$/));
  });

  it('exits 1 on a broken $ref, naming the file and line of the $ref in every format', () => {
    const dir = siteWith({ 'openapi.yaml': (t) => t.replace("'401':\n          $ref: '#/components/responses/Error'", "'401':\n          $ref: './missing.yaml'") });
    const line = lineOf(dir, 'openapi.yaml', './missing.yaml');
    const json = runCheckCli(['--root', dir, '--only', 'spec', '--format', 'json']);
    expect(json.code).toBe(1);
    const { findings, summary } = JSON.parse(json.stdout);
    expect(summary.errors).toBeGreaterThan(0);
    const ref = findings.find((f: { rule: string }) => f.rule === 'no-unresolved-refs');
    expect(Object.keys(ref).sort()).toEqual(FINDING_KEYS);
    expect(ref).toMatchObject({ check: 'spec', file: 'openapi.yaml', line, severity: 'error' });

    const stylish = runCheckCli(['--root', dir, '--only', 'spec']);
    expect(stylish.code).toBe(1);
    expect(stylish.stdout).toMatch(new RegExp(`openapi\\.yaml[\\s\\S]*\\n  ${line}:\\d+ +error .*spec/no-unresolved-refs`));

    const github = runCheckCli(['--root', dir, '--only', 'spec', '--format', 'github']);
    expect(github.stdout).toContain(`::error file=openapi.yaml,line=${line},`);
  });

  it('--only site runs without a spec (inputs load only when a selected check needs them); pages naming its operations are errors', () => {
    const dir = siteWith({ 'openapi.yaml': null });
    const r = runCheckCli(['--root', dir, '--only', 'site', '--format', 'json']);
    expect(r.code).toBe(1);
    const findings: Array<{ rule: string }> = JSON.parse(r.stdout).findings;
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.rule === 'openapi-operation-unknown')).toBe(true);
  });

  it('exits 2 with one line when a required input is missing', () => {
    const dir = siteWith({ 'openapi.yaml': null });
    const r = runCheckCli(['--root', dir, '--only', 'spec']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/no OpenAPI spec found in .*openapi\.yaml/);
  });

  it.each([
    [['--root', GOOD_SITE, '--bogus'], /Unknown option '--bogus'/],
    [['--root', GOOD_SITE, '--only', 'nope'], /unknown check "nope"/],
    [['--root', GOOD_SITE, '--format', 'xml'], /unknown format "xml"/],
    [['--root', path.join(os.tmpdir(), 'connvo-no-such-dir')], /not a directory/],
  ])('exits 2 on bad usage %j without a stack trace', (args, message) => {
    const r = runCheckCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('--output writes the report to the named file only', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'connvo-out-')), 'report.json');
    const r = runCheckCli(['--root', GOOD_SITE, '--only', 'spec', '--format', 'json', '--output', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(JSON.parse(fs.readFileSync(out, 'utf8')).summary.errors).toBe(0);
  });
});
