import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import realSlugify from '@sindresorhus/slugify';
import { slugify } from '../scripts/lib/mdx.js';
import { runChecks } from '../scripts/lib/pipeline.js';
import { copyToTemp, REPO } from './helpers/cli.js';

const LINKS = path.join(REPO, 'test', 'fixtures', 'site', 'links');
const MINT = path.join(REPO, 'node_modules', '.bin', 'mint');

/**
 * `mint broken-links --check-anchors` (Mintlify's own checker) on a temporary copy: it writes a
 * docs.json next to mint.json, so it never runs on the checked tree, and the pipeline does not run
 * it at all (it takes ~15 s). Its report: a file name line, then one "⎿  <link>" line per link.
 */
function mintBrokenLinks(root: string): string[] {
  const dir = copyToTemp(root, 'connvo-mint-links-');
  const r = spawnSync(MINT, ['broken-links', '--check-anchors'], { cwd: dir, encoding: 'utf8', env: { ...process.env, CI: '1', NO_COLOR: '1' }, timeout: 180_000 });
  const out = `${r.stdout}\n${r.stderr}`.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
  expect(out, `mint broken-links did not report (exit ${r.status}):\n${out}`).toMatch(/found \d+ broken links? in \d+ files?|no broken links found/i);
  const broken: string[] = [];
  let file = '';
  for (const line of out.split('\n')) {
    const link = /^\s*⎿\s+(.*?)\s*$/.exec(line.replace(/\u00a0/g, ' '));
    if (link) broken.push(`${file} ${link[1]}`);
    else if (/\.mdx?$/.test(line.trim())) file = line.trim();
  }
  return broken.sort();
}

describe('site check: links compared with Mintlify', () => {
  it('finds exactly the broken links and anchors `mint broken-links --check-anchors` finds', async () => {
    const { findings } = await runChecks({ root: LINKS, only: ['site'] });
    const ours = findings
      .filter((f) => f.rule === 'link-broken' || f.rule === 'anchor-broken')
      .map((f) => `${f.file} ${/^link to "([^"]*)"/.exec(f.message)![1]}`)
      .sort();
    expect(ours.length).toBeGreaterThan(10);
    expect(findings.filter((f) => f.rule !== 'link-broken' && f.rule !== 'anchor-broken')).toEqual([]);
    // The one link read differently on purpose: a bare relative link (`guides/deep` on the page at
    // /docs/start) goes where a browser takes it (/docs/guides/deep, a page), where Mintlify's
    // checker reads it from the site root (/guides/deep, nothing).
    const browserResolves = ['docs/start.mdx guides/deep#deep-dive'];
    const mint = mintBrokenLinks(LINKS);
    expect(mint).toEqual(expect.arrayContaining(browserResolves));
    expect(ours).toEqual(mint.filter((l) => !browserResolves.includes(l)));
  });
});

describe('heading slugs', () => {
  it('the fast ASCII slugify equals @sindresorhus/slugify (what Mintlify uses) on a random corpus', () => {
    let seed = 20240601;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = "abcXYZ019 _-&%:?!'\"()[]{}.,;/\\`~#@*+=<>|ATokenAPIsHTTP2";
    const corpus = ['', 'Obtaining bearer tokens for testing', "What's new: v2 (beta)?", 'The `args` field', 'APIsAndHTTP2Clients', 'snake_case & CamelCase', '%3A-encoded%2Fid', '--edge--'];
    for (let i = 0; i < 3000; i++) corpus.push(Array.from({ length: 1 + Math.floor(random() * 24) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''));
    const optionSets = [
      {},
      { decamelize: false },
      { decamelize: false, preserveCharacters: ['_'] },
      { decamelize: false, preserveCharacters: ['%', '_'], lowercase: false },
      { decamelize: true, separator: '-' },
    ];
    for (const options of optionSets) for (const text of corpus) expect([text, options, slugify(text, options)]).toEqual([text, options, realSlugify(text, options)]);
  });
});
