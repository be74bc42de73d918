import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { runCheckInProcess, snapshotTree } from './helpers/cli.js';
import { siteWith } from './helpers/tree.js';
import { makeToken } from '../scripts/tokens/corpus.js';

const cacheDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'connvo-cache-'));
const cacheFiles = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.v8'));
const report = (r: { stdout: string }) => JSON.parse(r.stdout) as { findings: Array<{ rule: string; file: string; message: string }> };

describe('--cache: what a run worked out, kept for the next', () => {
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
    expect(r.stderr).toMatch(/--cache-location .*leads into the checked tree/);
    expect(fs.existsSync(path.join(root, '.cache'))).toBe(false);
  });

  const results = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, fs.readdirSync(dir).find((f) => f.startsWith('results-'))!), 'utf8')) as Record<string, { value: Array<{ message: string }>; files: Record<string, string> }>;
  const plant = (dir: string, kind: string, message: string) => {
    const file = path.join(dir, fs.readdirSync(dir).find((f) => f.startsWith('results-'))!);
    const stored = results(dir);
    const key = Object.keys(stored).find((k) => k.startsWith(`${kind}\0`))!;
    stored[key].value = [{ ...(stored[key].value[0] ?? { check: 'spec', rule: 'planted', severity: 'warning', file: 'openapi.yaml', line: 1, column: 1 }), message }];
    fs.writeFileSync(file, JSON.stringify(stored));
  };

  it('the spec lint is kept while the spec, its $ref files and the Redocly config are unchanged', async () => {
    const root = siteWith({
      'openapi.yaml': (t) => t.replace("$ref: '#/components/schemas/EmptyArgsRequest'", "$ref: './schemas/args.yaml'"),
      'schemas/args.yaml': 'type: object\nproperties:\n  args:\n    type: object\n',
      'redocly.yaml': 'extends:\n  - recommended\n',
    });
    const dir = cacheDir();
    const args = ['--root', root, '--only', 'spec', '--format', 'json', '--cache', '--cache-location', dir];
    const cold = await runCheckInProcess(args);
    expect(cold.stderr).toBe('');
    const stored = results(dir);
    const entry = Object.entries(stored).find(([k]) => k.startsWith('spec\0'))![1];
    expect(Object.keys(entry.files)).toEqual(expect.arrayContaining([path.join(root, 'openapi.yaml'), path.join(root, 'schemas', 'args.yaml'), path.join(root, 'redocly.yaml')]));
    expect((await runCheckInProcess(args)).stdout).toBe(cold.stdout);

    // Kept: a planted finding shows while nothing changed.
    plant(dir, 'spec', 'planted finding');
    expect(report(await runCheckInProcess(args)).findings.map((f) => f.message)).toContain('planted finding');
    // A $ref file changed: linted again (the planted finding is gone, the new problem found).
    fs.writeFileSync(path.join(root, 'schemas', 'args.yaml'), 'type: object\nproperties:\n  args:\n    $ref: "./gone.yaml"\n');
    let messages = report(await runCheckInProcess(args)).findings.map((f) => f.message);
    expect(messages).not.toContain('planted finding');
    expect(messages.join('\n')).toMatch(/gone\.yaml/);
    // The file the $ref asked for appears: linted again.
    plant(dir, 'spec', 'planted finding');
    fs.writeFileSync(path.join(root, 'schemas', 'gone.yaml'), 'type: object\n');
    messages = report(await runCheckInProcess(args)).findings.map((f) => f.message);
    expect(messages).not.toContain('planted finding');
    expect(messages.join('\n')).not.toMatch(/gone\.yaml/);
    // The Redocly config or its ignore file changes: linted again.
    for (const [file, text] of [
      ['.redocly.lint-ignore.yaml', 'openapi.yaml: {}\n'],
      ['redocly.yaml', `${fs.readFileSync(path.join(root, 'redocly.yaml'), 'utf8')}\n# changed\n`],
    ]) {
      plant(dir, 'spec', 'planted finding');
      fs.writeFileSync(path.join(root, file), text);
      expect(report(await runCheckInProcess(args)).findings.map((f) => f.message)).not.toContain('planted finding');
    }
  });

  it('a spec whose $ref leads outside the tree is not kept (the file outside is never opened, not even to hash it)', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'connvo-outside-'));
    fs.writeFileSync(path.join(outside, 'args.yaml'), 'type: object\n');
    const root = siteWith({ 'openapi.yaml': (t) => t.replace("$ref: '#/components/schemas/EmptyArgsRequest'", `$ref: '${path.join(outside, 'args.yaml')}'`) });
    const dir = cacheDir();
    const r = await runCheckInProcess(['--root', root, '--only', 'spec', '--format', 'json', '--cache', '--cache-location', dir]);
    expect(report(r).findings.map((f) => f.rule)).toContain('path-outside-root');
    const stored = fs.readdirSync(dir).some((f) => f.startsWith('results-')) ? results(dir) : {};
    expect(Object.keys(stored).filter((k) => k.startsWith('spec\0'))).toEqual([]);
    expect(JSON.stringify(stored)).not.toContain(outside);
  });

  it("a site without a redocly.yaml of its own: one added later is read (the repository's fallback is not kept)", async () => {
    const root = siteWith();
    expect(fs.existsSync(path.join(root, 'redocly.yaml'))).toBe(false);
    const dir = cacheDir();
    const args = ['--root', root, '--only', 'spec', '--format', 'json', '--cache', '--cache-location', dir];
    await runCheckInProcess(args);
    plant(dir, 'spec', 'planted finding');
    expect(report(await runCheckInProcess(args)).findings.map((f) => f.message)).toContain('planted finding');
    fs.writeFileSync(path.join(root, 'redocly.yaml'), 'extends:\n  - minimal\n');
    expect(report(await runCheckInProcess(args)).findings.map((f) => f.message)).not.toContain('planted finding');
  });

  it("a clean file's token scan is kept by its text; a file with findings is scanned each run and stored nowhere", async () => {
    const token = makeToken('github-token', 41);
    const root = siteWith({ 'docs/keys.mdx': `---\ntitle: Keys\n---\n\n\`\`\`bash\nexport GITHUB_TOKEN=${token}\n\`\`\`\n` });
    const dir = cacheDir();
    const args = ['--root', root, '--only', 'tokens', '--format', 'json', '--cache', '--cache-location', dir];
    const cold = await runCheckInProcess(args);
    expect(report(cold).findings.map((f) => f.file)).toEqual(['docs/keys.mdx']);
    const stored = Object.keys(results(dir)).filter((k) => k.startsWith('tokens\0'));
    expect(stored.length).toBeGreaterThan(3);
    expect(stored.some((k) => k.includes('docs/keys.mdx'))).toBe(false);
    expect(fs.readFileSync(path.join(dir, fs.readdirSync(dir).find((f) => f.startsWith('results-'))!), 'utf8')).not.toContain(token.slice(8));
    expect((await runCheckInProcess(args)).stdout).toBe(cold.stdout);
    // A kept file's text changes: scanned again (and its old entry dropped).
    fs.appendFileSync(path.join(root, 'docs/introduction.mdx'), `\nexport GITHUB_TOKEN=${makeToken('github-token', 42)}\n`);
    expect(report(await runCheckInProcess(args)).findings.map((f) => f.file).sort()).toEqual(['docs/introduction.mdx', 'docs/keys.mdx']);
    expect(Object.keys(results(dir)).filter((k) => k.includes('docs/introduction.mdx'))).toEqual([]);
  });
});
