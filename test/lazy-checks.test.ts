import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from '../scripts/checks/index.js';
import { driftCheck } from '../scripts/checks/drift.js';
import { examplesCheck } from '../scripts/checks/examples.js';
import { securityCheck } from '../scripts/checks/security.js';
import { siteCheck } from '../scripts/checks/site.js';
import { specCheck } from '../scripts/checks/spec.js';
import { tokensCheck } from '../scripts/checks/tokens.js';
import { CHECK_COMMAND, REPO } from './helpers/cli.js';
import { siteWith } from './helpers/tree.js';

/** The packages of the process's loaded modules (from test/helpers/import-log.mjs). */
function packagesLoaded(args: string[]): { code: number | null; packages: Set<string>; stdout: string } {
  const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'connvo-imports-')), 'log');
  // What `npm run check` runs: the compiled sources, no TypeScript loader.
  const r = spawnSync(process.execPath, ['--import', path.join(REPO, 'test/helpers/import-log.mjs'), path.join(REPO, 'scripts/run-check.mjs'), ...args], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, IMPORT_LOG: log, NO_COLOR: '1' },
  });
  const packages = new Set<string>();
  const chunkPackages = new Map<string, Record<string, string[]>>();
  for (const line of fs.readFileSync(log, 'utf8').split('\n')) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(line);
    if (m) packages.add(m[1]);
    // A chunk of the bundle `npm run check` runs (scripts/build-check.mjs): the packages it holds.
    const chunk = /node_modules\/\.cache\/connvo-check\/[^/]+\/[^/]+\/([^/]+\.js)$/.exec(line.replace(/^file:\/\//, ''));
    if (chunk) {
      const dir = path.dirname(line.replace(/^file:\/\//, ''));
      if (!chunkPackages.has(dir)) chunkPackages.set(dir, JSON.parse(fs.readFileSync(path.join(dir, 'modules.json'), 'utf8')));
      const held = chunkPackages.get(dir)![chunk[1]];
      expect(held, `modules.json lists ${chunk[1]}`).toBeDefined();
      for (const p of held) packages.add(p);
    }
  }
  return { code: r.status, packages, stdout: r.stdout };
}

const HEAVY = ['@redocly/openapi-core', '@mintlify/validation', '@apidevtools/swagger-parser', 'ajv', 'micromark', 'remark-mdx', 'secretlint', '@secretlint/core'];

describe('start-up loads only what the selected checks need', () => {
  it('registers every check with its module’s own name, summary and readsPageParses, in run order', () => {
    const modules = [specCheck, securityCheck, tokensCheck, examplesCheck, siteCheck, driftCheck];
    expect(checks.map((c) => [c.name, c.summary, Boolean(c.readsPageParses)])).toEqual(modules.map((c) => [c.name, c.summary, Boolean(c.readsPageParses)]));
  });

  it('the tests run the command `npm run check` runs', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.check).toBe(['node', ...CHECK_COMMAND.slice(1).map((a) => (a.startsWith('-') ? a : path.relative(REPO, a)))].join(' '));
  });

  it('--help imports none of the checks’ libraries (and lists every check)', () => {
    const r = packagesLoaded(['--help']);
    expect(r.code).toBe(0);
    for (const c of checks) expect(r.stdout).toContain(`  ${c.name}`);
    expect(r.packages.has('.cache')).toBe(true); // the log works: the bundled CLI ran
    expect(r.packages.has('scripts')).toBe(true); // and its chunks are mapped to what they hold
    expect(r.packages.has('tsx')).toBe(false); // no TypeScript loader at start-up
    expect(HEAVY.filter((p) => r.packages.has(p))).toEqual([]);
  });

  it('--only tokens imports none of the checks’ libraries on the main thread (secretlint loads in the scan’s worker thread)', () => {
    const r = packagesLoaded(['--root', siteWith(), '--only', 'tokens', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).summary.files).toBeGreaterThan(3); // the scan ran
    expect(HEAVY.filter((p) => r.packages.has(p))).toEqual([]);
  });

  it('--only spec imports Redocly but not Mintlify’s validation or micromark', () => {
    const r = packagesLoaded(['--root', siteWith(), '--only', 'spec', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.packages.has('@redocly/openapi-core')).toBe(true);
    expect(r.packages.has('@mintlify/validation')).toBe(false);
    expect(r.packages.has('micromark')).toBe(false);
  });
});
