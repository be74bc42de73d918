import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runChecks } from '../scripts/lib/pipeline.js';
import type { Finding } from '../scripts/lib/finding.js';
import { runCheckInProcess, snapshotTree } from './helpers/cli.js';
import { siteWith } from './helpers/tree.js';

/**
 * The checked tree is untrusted: a symlink, a `$ref`, a docs.json include or an `openapi` source
 * that leads out of it is reported where the tree names it, and no byte of what lies outside (nor
 * its resolved path) reaches any output.
 */

const CANARY = `OUTSIDE-${process.pid}-${Date.now().toString(36)}`;

/** Files outside any checked tree, each holding the canary (an MDX page with a syntax error too). */
function outsideFiles(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'connvo-outside-'));
  fs.writeFileSync(path.join(dir, 'leak.mdx'), `---\ntitle: ${CANARY}\n---\n\n<div ${CANARY}\n`);
  fs.mkdirSync(path.join(dir, 'pages'));
  fs.writeFileSync(path.join(dir, 'pages', 'walked.mdx'), `---\ntitle: x\n---\n\n[${CANARY}](/${CANARY})\n`);
  fs.writeFileSync(path.join(dir, 'schema.yaml'), `${CANARY}:\n  type: [unclosed\n`);
  fs.writeFileSync(path.join(dir, 'nav.json'), `{"groups": [{"group": "${CANARY}", "pages": ["${CANARY}"]}]}`);
  fs.writeFileSync(path.join(dir, 'spec.yaml'), `openapi: 3.1.0\ninfo: {title: ${CANARY}, version: '1'}\npaths: {}\n`);
  return dir;
}

const FORMATS = ['stylish', 'json', 'github', 'sarif'] as const;

/** Every format's full output (stdout and stderr) for the tree, which must stay byte-identical. */
async function outputs(dir: string): Promise<{ text: string; findings: Finding[] }> {
  const before = snapshotTree(dir);
  let text = '';
  let findings: Finding[] = [];
  for (const format of FORMATS) {
    const r = await runCheckInProcess(['--root', dir, '--format', format], { env: { FORCE_COLOR: '0' } });
    expect(r.code, r.stderr).not.toBe(2);
    text += r.stdout + r.stderr;
    if (format === 'json') findings = JSON.parse(r.stdout).findings;
  }
  expect(snapshotTree(dir)).toEqual(before);
  return { text, findings };
}

const outsideRoot = (findings: Finding[]) => findings.filter((f) => f.rule === 'path-outside-root').map((f) => `${f.file}:${f.line}`).sort();

describe('never read outside the checked tree', () => {
  it('symlinks out of the tree (a file, a directory) are reported at the link and never opened; a chain back in is read', async () => {
    const outside = outsideFiles();
    const dir = siteWith();
    fs.symlinkSync(path.join(outside, 'leak.mdx'), path.join(dir, 'docs', 'leak.mdx'));
    fs.symlinkSync(path.join(outside, 'pages'), path.join(dir, 'docs', 'outdir'));
    // The Authentication page the security check reads by name, swapped for a link out of the tree.
    fs.rmSync(path.join(dir, 'docs', 'authentication.mdx'));
    fs.symlinkSync(path.join(outside, 'leak.mdx'), path.join(dir, 'docs', 'authentication.mdx'));
    // docs/chain.mdx → outside/hop.mdx → back into the tree: its real location is inside.
    fs.symlinkSync(path.join(dir, 'docs', 'introduction.mdx'), path.join(outside, 'hop.mdx'));
    fs.symlinkSync(path.join(outside, 'hop.mdx'), path.join(dir, 'docs', 'chain.mdx'));
    // In-process, no read of the checks' own thread touches a file outside the tree.
    const reads = vi.spyOn(fs, 'readFileSync');
    const opens = vi.spyOn(fs, 'openSync');
    await runChecks({ root: dir });
    const opened = [...reads.mock.calls, ...opens.mock.calls].filter((c) => typeof c[0] === 'string').map((c) => fs.realpathSync(String(c[0])));
    reads.mockRestore();
    opens.mockRestore();
    expect(opened.filter((p) => p.startsWith(fs.realpathSync(outside)))).toEqual([]);
    const { text, findings } = await outputs(dir);
    expect(outsideRoot(findings)).toEqual(['docs/authentication.mdx:1', 'docs/leak.mdx:1', 'docs/outdir:1']);
    expect(text).not.toContain(CANARY);
    expect(text).not.toContain(outside);
    expect(findings.some((f) => f.file === 'docs/chain.mdx' && f.rule === 'page-orphan')).toBe(true); // read like any page
  });

  it('a spec $ref with ../ or an absolute path out of the tree is reported at the $ref and never read', async () => {
    const outside = outsideFiles();
    const dir = siteWith({
      'openapi.yaml': (t) =>
        t.replace(
          /\ncomponents:\n/,
          `\ncomponents:\n  x-relative:\n    $ref: '${path.relative(path.join(os.tmpdir(), 'x'), path.join(outside, 'schema.yaml')).replace(/^\.\.\//, '../../')}'\n  x-absolute:\n    $ref: '${path.join(outside, 'schema.yaml')}'\n`,
        ),
    });
    const { text, findings } = await outputs(dir);
    expect(findings.filter((f) => f.rule === 'path-outside-root').map((f) => f.file)).toEqual(['openapi.yaml', 'openapi.yaml']);
    expect(text).not.toContain(CANARY);
  });

  it('a docs.json $ref include and an openapi source out of the tree are reported where they are written', async () => {
    const outside = outsideFiles();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'connvo-escape-'));
    const rel = (f: string) => path.relative(dir, path.join(outside, f));
    const config = {
      $schema: 'https://mintlify.com/docs.json',
      theme: 'mint',
      name: 'Escape',
      colors: { primary: '#4F46E5' },
      navigation: { tabs: [{ tab: 'In', groups: [{ group: 'G', pages: ['index'] }] }, { tab: 'Out', $ref: rel('nav.json') }, { tab: 'API', openapi: rel('spec.yaml'), groups: [] }] },
    };
    fs.writeFileSync(path.join(dir, 'docs.json'), JSON.stringify(config, null, 2));
    fs.writeFileSync(path.join(dir, 'index.mdx'), '---\ntitle: Home\n---\n\nHome.\n');
    const { text, findings } = await outputs(dir);
    const lines = fs.readFileSync(path.join(dir, 'docs.json'), 'utf8').split('\n');
    const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle)) + 1;
    expect(outsideRoot(findings)).toEqual([`docs.json:${lineOf('"$ref"')}`, `docs.json:${lineOf('"openapi"')}`].sort());
    expect(text).not.toContain(CANARY);
    expect(text).not.toContain(outside);
  });
});
