import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { runCheckInProcess, snapshotTree } from './helpers/cli.js';
import { siteWith } from './helpers/tree.js';

const cacheDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'connvo-cache-'));
const cacheFiles = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.v8'));
const report = (r: { stdout: string }) => JSON.parse(r.stdout) as { findings: Array<{ rule: string; file: string; message: string }> };

describe('--cache: page parses kept between runs', () => {
  it('a second run reports what the first did, from the parses of the first', async () => {
    const root = siteWith({ 'docs/introduction.mdx': (t) => `${t}\nSee [the missing page](/docs/nowhere).\n` });
    const dir = cacheDir();
    const args = ['--root', root, '--only', 'site', '--format', 'json', '--cache', '--cache-location', dir];
    const before = snapshotTree(root);
    const cold = await runCheckInProcess(args);
    expect(cold.stderr).toBe('');
    expect(report(cold).findings.map((f) => f.rule)).toContain('link-broken');
    expect(cacheFiles(dir)).toHaveLength(1);
    const warm = await runCheckInProcess(args);
    expect(warm.stdout).toBe(cold.stdout);
    expect(snapshotTree(root)).toEqual(before); // nothing written into the checked tree

    // The warm run takes a page's parse from the cache by the hash of its text: a planted parse shows.
    const file = path.join(dir, cacheFiles(dir)[0]);
    const parses = v8.deserialize(fs.readFileSync(file)) as Map<string, { facts?: { links?: Array<{ url: string }> } }>;
    const text = fs.readFileSync(path.join(root, 'docs/introduction.mdx'), 'utf8');
    const key = createHash('sha256').update(text).digest('base64');
    const planted = parses.get(key)!;
    expect(planted.facts?.links?.some((l) => l.url === '/docs/nowhere')).toBe(true);
    for (const link of planted.facts!.links!) if (link.url === '/docs/nowhere') link.url = '/docs/planted-elsewhere';
    fs.writeFileSync(file, v8.serialize(parses));
    const messages = report(await runCheckInProcess(args)).findings.map((f) => f.message).join('\n');
    expect(messages).toContain('/docs/planted-elsewhere');
    expect(messages).not.toContain('/docs/nowhere');
  });

  it('an edited page is parsed again', async () => {
    const root = siteWith();
    const dir = cacheDir();
    const args = ['--root', root, '--only', 'site', '--format', 'json', '--cache', '--cache-location', dir];
    expect(report(await runCheckInProcess(args)).findings.filter((f) => f.rule === 'link-broken')).toEqual([]);
    fs.appendFileSync(path.join(root, 'docs/introduction.mdx'), '\nSee [the missing page](/docs/nowhere).\n');
    expect(report(await runCheckInProcess(args)).findings.filter((f) => f.rule === 'link-broken').map((f) => f.file)).toEqual(['docs/introduction.mdx']);
  });

  it('an unreadable cache file is replaced, not fatal', async () => {
    const root = siteWith();
    const dir = cacheDir();
    const args = ['--root', root, '--only', 'site', '--format', 'json', '--cache', '--cache-location', dir];
    const first = await runCheckInProcess(args);
    const file = path.join(dir, cacheFiles(dir)[0]);
    fs.writeFileSync(file, 'not a cache');
    const second = await runCheckInProcess(args);
    expect(second.code).toBe(first.code);
    expect(second.stdout).toBe(first.stdout);
    expect(v8.deserialize(fs.readFileSync(file))).toBeInstanceOf(Map);
  });

  it('a cache location inside the checked tree is refused (checks never write there)', async () => {
    const root = siteWith();
    const r = await runCheckInProcess(['--root', root, '--cache', '--cache-location', path.join(root, '.cache')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--cache-location .*inside the checked tree/);
    expect(fs.existsSync(path.join(root, '.cache'))).toBe(false);
  });
});
