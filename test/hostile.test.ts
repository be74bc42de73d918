import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import { runChecks } from '../scripts/lib/pipeline.js';
import { HOSTILE_CASES, plant, type HostileContext } from '../scripts/bench/hostile-inputs.js';
import type { Finding } from '../scripts/lib/finding.js';
import { makeToken } from '../scripts/tokens/corpus.js';
import { REPO, runCheckCli, runCheckInProcess, snapshotTree, type CliResult } from './helpers/cli.js';
import { GOOD_SITE } from './helpers/tree.js';

/**
 * A stranger's pull request, as an attacker writes it (scripts/bench/hostile-inputs.ts, generated
 * here, never committed): the check runs no code of the tree, opens and writes nothing outside it,
 * prints no detected secret and no raw control character, and neither aborts nor stalls. Each case
 * has a time bound far above what it takes (the stalls it guards against ran for minutes); the
 * time and memory targets are measured by `npm run bench:hostile`, not here.
 */

const SECONDS = 45;
const FORMATS = ['stylish', 'json', 'github', 'sarif'] as const;
// Raw C0/C1 controls and bidi overrides; the reporters' own newlines and tabs are fine.
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

interface Planted extends HostileContext {
  args: string[];
}

function planted(id: string): Planted {
  const c = HOSTILE_CASES.find((x) => x.id === id);
  if (!c) throw new Error(`no hostile case ${id}`);
  const base = fs.mkdtempSync(path.join(os.tmpdir(), `connvo-hostile-${id}-`));
  const ctx = { dir: path.join(base, 'tree'), outside: path.join(base, 'outside'), canary: `CANARY-${id}-${process.pid}` };
  return { ...ctx, args: plant(c, GOOD_SITE, ctx.dir, ctx.outside, ctx.canary) };
}

/** Names, sizes and bytes of what lies in a folder: a write there changes it. */
function listing(dir: string): string {
  return fs
    .readdirSync(dir)
    .sort()
    .map((n) => {
      const st = fs.lstatSync(path.join(dir, n));
      return `${n}:${st.size}:${st.isFile() ? fs.readFileSync(path.join(dir, n), 'base64') : fs.readlinkSync(path.join(dir, n), { encoding: 'utf8' })}`;
    })
    .join('\n');
}

/** The CLI in-process in every format: outputs, findings (json), the tree and the outside unchanged, each run in time. */
async function everyFormat(p: Planted, extra: string[] = []): Promise<{ runs: CliResult[]; findings: Finding[]; text: string }> {
  const tree = snapshotTree(p.dir);
  const outside = listing(p.outside);
  const runs: CliResult[] = [];
  let findings: Finding[] = [];
  for (const format of FORMATS) {
    const t0 = Date.now();
    const r = await runCheckInProcess(['--root', p.dir, '--format', format, ...p.args, ...extra], { env: { FORCE_COLOR: '0' } });
    expect(Date.now() - t0, `${format} took too long`).toBeLessThan(SECONDS * 1000);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    runs.push(r);
    if (format === 'json' && r.stdout) findings = JSON.parse(r.stdout).findings;
  }
  expect(snapshotTree(p.dir)).toEqual(tree);
  expect(listing(p.outside)).toBe(outside);
  const text = runs.map((r) => r.stdout + r.stderr).join('\n');
  expect(text).not.toContain(p.canary);
  expect(text).not.toMatch(RAW_CONTROL);
  return { runs, findings, text };
}

const rules = (findings: Finding[]) => findings.map((f) => `${f.check}/${f.rule}`);

describe('secrets and control characters never reach any output', () => {
  it('a deploy key in a broken link target is masked in every format, whichever check quotes it', async () => {
    const p = planted('secret-in-link');
    const { findings, text } = await everyFormat(p);
    expect(rules(findings)).toEqual(expect.arrayContaining(['site/link-broken', 'tokens/convex-deploy-key']));
    expect(findings.filter((f) => f.rule === 'link-broken')).toHaveLength(3);
    // The second key is written `\|`-escaped in a table: the link as parsed holds `|`, the detected span `\|`.
    for (const key of [makeToken('convex-deploy-key', 22), makeToken('convex-deploy-key', 23)]) {
      for (const form of [key, JSON.stringify(key).slice(1, -1), encodeURIComponent(key), key.split('|')[1]]) expect(text).not.toContain(form);
    }
  });

  it('a file name with ESC, OSC and BEL sequences is printed escaped', async () => {
    const p = planted('control-chars-name');
    const { findings, text } = await everyFormat(p);
    expect(findings.some((f) => f.file.startsWith('docs/\\x1b]0;pwned\\x07'))).toBe(true);
    expect(text).toContain('\\x1b[2J');
  });
});

describe('nothing outside the tree is read', () => {
  it("the security check's dereference does not open a spec $ref that leads out of the tree", async () => {
    const p = planted('security-ref-outside');
    // swagger-parser reads files with fs.promises.readFile; the checks with the sync calls.
    const spies = [vi.spyOn(fs, 'openSync'), vi.spyOn(fs, 'readFileSync'), vi.spyOn(fs.promises, 'readFile')];
    try {
      await runChecks({ root: p.dir, only: ['security'] });
      const opened = spies.flatMap((s) => s.mock.calls.map((c) => c[0])).map(String);
      expect(opened.filter((f) => f.includes(p.outside))).toEqual([]);
    } finally {
      for (const s of spies) s.mockRestore();
    }
    const { findings } = await everyFormat(p);
    expect(findings.some((f) => f.rule === 'path-outside-root' && f.file === 'openapi.yaml')).toBe(true);
  });

  it("a symlinked page's code frame and a symlinked .secretlintignore show nothing of their target", async () => {
    const p = planted('frame-symlink');
    const { findings, runs } = await everyFormat(p);
    expect(findings.some((f) => f.rule === 'path-outside-root' && f.file === 'docs/leak.mdx')).toBe(true);
    expect(runs[0].stdout).toMatch(/docs\/leak\.mdx/); // stylish printed the finding, without a frame of the target
  });
});

describe('configuration from the tree is data, never code', () => {
  it("redocly.yaml's plugins and a default @theme/plugin.js are not run, each reported at its line", async () => {
    const p = planted('redocly-plugin');
    const { findings } = await everyFormat(p);
    expect(fs.readdirSync(p.outside)).toEqual([]); // the plugins would have written here
    const refused = findings.filter((f) => f.rule === 'redocly-plugin').map((f) => `${f.file}:${f.line}`);
    expect(refused.sort()).toEqual(['@theme/plugin.js:1', 'redocly.yaml:3']);
    expect(rules(findings)).toContain('spec/rule/title-never'); // the config's own rules still apply
  });

  it('redocly.yaml extends a URL (no request is made) and a file outside the tree (not read): both reported, built-in rules kept', async () => {
    const requests: string[] = [];
    const server = http.createServer((req, res) => (requests.push(req.url ?? ''), res.end('rules: {}\n')));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const p = planted('redocly-extends-url');
      const port = (server.address() as { port: number }).port;
      const config = path.join(p.dir, 'redocly.yaml');
      fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace('127.0.0.1:9', `127.0.0.1:${port}`));
      const { findings } = await everyFormat(p);
      expect(requests).toEqual([]);
      expect(findings.filter((f) => f.file === 'redocly.yaml').map((f) => `${f.rule}:${f.line}`)).toEqual(['redocly-extends:3', 'path-outside-root:4']);
    } finally {
      server.close();
    }
  });
});

describe('nothing is written outside or into the tree, nor through a symlink', () => {
  it('--output at a symlink the tree planted: refused (exit 2, one line), its target untouched', async () => {
    const p = planted('output-symlink');
    const r = await runCheckInProcess(['--root', p.dir, ...p.args]);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toMatch(/^check: --output .*leads into the checked tree/);
    expect(fs.readFileSync(path.join(p.outside, 'victim.txt'), 'utf8')).toBe(p.canary);
    // Outside the tree too: a report is never written through a link.
    const link = path.join(p.outside, 'report.json');
    fs.symlinkSync(path.join(p.outside, 'victim.txt'), link);
    const out = await runCheckInProcess(['--root', p.dir, '--only', 'spec', '--format', 'json', '--output', link]);
    expect(out).toMatchObject({ code: 2, stdout: '' });
    expect(out.stderr).toMatch(/is a symlink/);
    expect(fs.readFileSync(path.join(p.outside, 'victim.txt'), 'utf8')).toBe(p.canary);
  });

  it('--cache-location through a link into the tree is refused; one that cannot be made is one clear error, at once', async () => {
    const p = planted('cache-symlink-into-tree');
    const before = snapshotTree(p.dir);
    const r = await runCheckInProcess(['--root', p.dir, ...p.args]);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toMatch(/^check: --cache-location .*leads into the checked tree/);
    expect(snapshotTree(p.dir)).toEqual(before);
    const t0 = Date.now();
    const bad = await runCheckInProcess(['--root', p.dir, ...planted('cache-unusable').args]);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(bad).toMatchObject({ code: 2, stdout: '' });
    expect(bad.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^check: --cache-location \/proc\/connvo-check-cache: cannot be used/)]);
  });
});

describe('YAML aliases never stall or abort a run', () => {
  it('a recursive alias and a "billion laughs" in the spec: one yaml-aliases finding each at the alias, the run goes on', async () => {
    for (const id of ['yaml-recursive-alias', 'yaml-alias-bomb']) {
      const p = planted(id);
      const { findings } = await findingsOf(p);
      const spec = findings.filter((f) => f.file === 'openapi.yaml');
      expect(spec.map((f) => f.rule), id).toEqual(['yaml-aliases']);
      expect(fs.readFileSync(path.join(p.dir, 'openapi.yaml'), 'utf8').split('\n')[spec[0].line - 1], id).toMatch(/\*/);
    }
  });

  it('alias bombs in access-policy.yaml, redocly.yaml and page frontmatter are reported or harmless', async () => {
    for (const id of ['config-alias-bombs', 'frontmatter-alias-bomb']) {
      const p = planted(id);
      const { findings } = await findingsOf(p);
      if (id === 'config-alias-bombs') {
        expect(findings.filter((f) => f.file === 'redocly.yaml').map((f) => f.rule)).toEqual(['redocly-config']);
        expect(findings.some((f) => f.file === 'access-policy.yaml' && f.rule === 'policy-invalid' && /aliases/.test(f.message))).toBe(true);
      }
    }
  });
});

/**
 * One run (json) as a process, killed if it outlives the bound (a stall in-process could not be
 * stopped by a test timeout), the tree unchanged: its findings.
 */
async function findingsOf(p: Planted): Promise<{ code: number | null; findings: Finding[] }> {
  const before = snapshotTree(p.dir);
  const r = runCheckCli(['--root', p.dir, '--format', 'json', ...p.args], { timeoutMs: SECONDS * 1000, env: { CI: '1' } });
  expect(r.code, `killed after ${SECONDS} s, or could not run: ${r.stderr}`).not.toBe(null);
  expect(r.stderr).toBe('');
  expect(snapshotTree(p.dir)).toEqual(before);
  return { code: r.code, findings: JSON.parse(r.stdout).findings };
}

describe('no input aborts or stalls the run', () => {
  it('a file name that is not UTF-8 is reported and skipped (the run used to end with exit 2)', async () => {
    const p = planted('non-utf8-name');
    const { findings } = await everyFormat(p);
    expect(findings.filter((f) => f.rule === 'file-name-invalid').map((f) => f.file)).toEqual(['docs/bad-\ufffd\ufffd.mdx']);
  });

  it('5,000 nested quotes and other deep nesting: a page-too-complex warning or a parse, never exit 2', async () => {
    for (const id of ['deep-quotes', 'deep-nesting']) {
      const { code, findings } = await findingsOf(planted(id));
      expect(code, id).not.toBe(2);
      if (id === 'deep-quotes') expect(findings.filter((f) => f.rule === 'page-too-complex').map((f) => `${f.file}:${f.severity}`), id).toContain('docs/quotes-big.mdx:warning');
    }
  });

  it('1 MiB pages that are quadratic for the MDX parser get page-too-complex instead of a stall', async () => {
    for (const id of ['open-links', 'page-emphasis', 'page-math']) {
      const { findings } = await findingsOf(planted(id));
      expect(findings.some((f) => f.rule === 'page-too-complex'), id).toBe(true);
    }
  });

  it('1 MiB of token=, api_key: and table pipes is scanned in linear time', async () => {
    const { findings } = await findingsOf(planted('token-assignments'));
    expect(findings.filter((f) => f.check === 'tokens')).toEqual([]);
  });

  it('pages naming operations of a spec that is gone are errors (openapi.yaml deleted)', async () => {
    const { code, findings } = await findingsOf(planted('spec-missing'));
    expect(code).toBe(1);
    const unknown = findings.filter((f) => f.rule === 'openapi-operation-unknown');
    expect(unknown.map((f) => f.file).sort()).toEqual(['docs/api-reference/get-current-user.mdx', 'docs/api-reference/get-migration-status.mdx', 'docs/api-reference/health.mdx']);
    expect(unknown.every((f) => f.severity === 'error')).toBe(true);
  });
});

describe('the contract holds on odd invocations', () => {
  it('--only drift without a function spec: exit 2, one line', async () => {
    const r = await runCheckInProcess(['--root', GOOD_SITE, '--only', 'drift']);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^check: drift: no function spec/)]);
  });

  it('a closed stdout ends every command quietly', () => {
    const many = fs.mkdtempSync(path.join(os.tmpdir(), 'connvo-epipe-'));
    fs.cpSync(GOOD_SITE, many, { recursive: true });
    // Enough output that the reader is gone while the command still writes.
    const block = '```bash\ncurl -X POST https://your-deployment.convex.cloud/api/run/users/queries/getCurrentUser -H "Authorization: Bearer <user-token>" -d \'{"args": {}, "format": "json"}\'\n```\n\n';
    fs.writeFileSync(path.join(many, 'docs', 'many.mdx'), `---\ntitle: Many\nhidden: true\n---\n\n${block.repeat(3000)}`);
    const commands = [
      `${process.execPath} ${path.join(REPO, 'node_modules', '.bin', 'tsx')} scripts/examples/stats.ts --root ${many} --list`,
      `${process.execPath} --expose-gc scripts/run-check.mjs --root ${many} --format json`,
    ];
    for (const command of commands) {
      const r = spawnSync('bash', ['-c', `${command} | head -c 10 >/dev/null; echo "exit \${PIPESTATUS[0]}" >&2`], { cwd: REPO, encoding: 'utf8' });
      expect(r.stderr, command).not.toMatch(/EPIPE|\n\s+at /);
      expect(r.stderr.trim().split('\n').pop(), command).toMatch(/^exit [01]$/);
    }
  });
});

