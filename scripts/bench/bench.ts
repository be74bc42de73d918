#!/usr/bin/env tsx
/**
 * `npm run bench -- [--sizes 1,2,4] [--scale 0.1] [--keep]`
 *
 * Generates a large docs site per size in a temp dir (1x: ~4,000 operations, ~3,000 MDX pages,
 * ~50 MiB, planted tokens) and times, in the same run and on the same tree:
 *   - the full gate: `npm run check -- --root <site>` (every registered check);
 *   - the anchors doing a subset of that work, one after the other: `redocly lint` on the spec
 *     (with this repo's redocly.yaml, as the check uses it) and `secretlint` with only the
 *     recommended preset on the pages.
 * For each it prints wall time and peak RSS (the sum over the process tree, sampled from /proc
 * every 50 ms, worker threads included), then the ratio check / (redocly + secretlint).
 * Targets: ratio <= 1.0, check peak RSS <= 600 MB, roughly linear growth across sizes.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateSite, scaledSize } from './generate-site.js';

const REPO = path.resolve(import.meta.dirname, '..', '..');
const BIN = path.join(REPO, 'node_modules', '.bin');
const TARGET_RATIO = 1.0;
const TARGET_RSS_MB = 600;

interface Measured {
  wallS: number;
  peakRssMb: number;
  code: number | null;
  stderr: string;
}

/** Resident memory of a process and all its descendants, in kB (0 once they are gone). */
function treeRssKb(rootPid: number): number {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Field 4 (ppid) follows the parenthesised command name, which may itself hold spaces.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid);
      if (list) list.push(Number(entry));
      else children.set(ppid, [Number(entry)]);
    } catch {
      // exited between readdir and read
    }
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop()!;
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) total += Number(m[1]);
    } catch {
      // gone
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

function measure(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; stdout?: string }): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const out = options.stdout ? fs.openSync(options.stdout, 'w') : 'ignore';
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', out, 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    let peak = 0;
    const sample = () => (peak = Math.max(peak, treeRssKb(child.pid!)));
    const timer = setInterval(sample, 50);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      if (typeof out === 'number') fs.closeSync(out);
      resolve({ wallS: (performance.now() - t0) / 1000, peakRssMb: peak / 1024, code, stderr });
    });
  });
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '1,2,4' },
      scale: { type: 'string', default: '1' },
      keep: { type: 'boolean', default: false },
    },
  });
  const scale = Number(values.scale);
  const sizes = values.sizes!.split(',').map(Number);
  if (!(scale > 0) || sizes.some((s) => !(s > 0))) throw new Error('--sizes and --scale take positive numbers');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'connvo-bench-'));
  const secretlintrc = path.join(work, 'secretlintrc.json');
  fs.writeFileSync(secretlintrc, JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));
  const quiet = { REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_NOTIFICATIONS: 'true', NO_UPDATE_NOTIFIER: '1', NO_COLOR: '1' };
  const rows: string[][] = [];
  const notes: string[] = [];
  process.stdout.write(`bench in ${work} (${os.availableParallelism()} CPUs, node ${process.version})\n`);

  for (const size of sizes) {
    const factor = size * scale;
    const root = path.join(work, `site-${factor}x`);
    const t0 = performance.now();
    const site = generateSite(root, scaledSize(factor));
    process.stdout.write(
      `\n${factor}x: ${site.size.operations} operations, ${site.size.pages} pages, ${fmt(site.pageBytes / 1048576)} MiB MDX, ${fmt(site.specBytes / 1048576)} MiB spec, ${site.tokens} planted tokens (generated in ${fmt((performance.now() - t0) / 1000)} s)\n`,
    );

    const report = path.join(work, `report-${factor}x.json`);
    const check = await measure('npm', ['run', '--silent', 'check', '--', '--root', root, '--format', 'json', '--output', report, '--timings'], { cwd: REPO, env: quiet });
    const redocly = await measure(path.join(BIN, 'redocly'), ['lint', path.join(root, 'openapi.yaml'), '--config', path.join(REPO, 'redocly.yaml'), '--format', 'summary'], { cwd: root, env: quiet });
    const secretlint = await measure(path.join(BIN, 'secretlint'), ['--secretlintrc', secretlintrc, '--format', 'json', 'docs/**/*.mdx'], { cwd: root, env: quiet, stdout: path.join(work, `secretlint-${factor}x.json`) });

    // Exit 2 means the tool did not run; 0/1 are both fine (findings are expected: tokens are planted).
    for (const [name, m] of [['check', check], ['redocly', redocly], ['secretlint', secretlint]] as const) {
      if (m.code !== 0 && m.code !== 1) notes.push(`${factor}x ${name} exited ${m.code}: ${m.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    }
    let findings = '?';
    let tokenFindings = '?';
    if (fs.existsSync(report)) {
      const parsed = JSON.parse(fs.readFileSync(report, 'utf8')) as { findings: Array<{ check: string }> };
      findings = String(parsed.findings.length);
      tokenFindings = String(parsed.findings.filter((f) => f.check === 'tokens').length);
    }
    let secretlintFindings = '?';
    try {
      const sl = JSON.parse(fs.readFileSync(path.join(work, `secretlint-${factor}x.json`), 'utf8')) as Array<{ messages: unknown[] }>;
      secretlintFindings = String(sl.reduce((n, r) => n + r.messages.length, 0));
    } catch {
      // secretlint printed nothing parseable; the exit note says why
    }
    const timings = check.stderr
      .split('\n')
      .filter((l) => l.startsWith('timing '))
      .map((l) => l.replace(/^timing\s+/, '').replace(/\s+/, ' '))
      .join(', ');
    const anchors = redocly.wallS + secretlint.wallS;
    const ratio = check.wallS / anchors;
    process.stdout.write(
      `  check       ${fmt(check.wallS)} s, peak ${fmt(check.peakRssMb, 0)} MB, ${findings} findings (${tokenFindings} tokens; secretlint found ${secretlintFindings})\n` +
        `  per check   ${timings || '(no timings)'}\n` +
        `  redocly     ${fmt(redocly.wallS)} s, peak ${fmt(redocly.peakRssMb, 0)} MB\n` +
        `  secretlint  ${fmt(secretlint.wallS)} s, peak ${fmt(secretlint.peakRssMb, 0)} MB\n` +
        `  ratio       ${fmt(ratio, 2)} (target <= ${TARGET_RATIO})\n`,
    );
    rows.push([
      `${factor}x`,
      String(site.size.operations),
      String(site.size.pages),
      fmt(site.pageBytes / 1048576),
      fmt(check.wallS),
      fmt(redocly.wallS),
      fmt(secretlint.wallS),
      fmt(anchors),
      fmt(ratio, 2),
      fmt(check.peakRssMb, 0),
      fmt(Math.max(redocly.peakRssMb, secretlint.peakRssMb), 0),
    ]);
    if (!values.keep) fs.rmSync(root, { recursive: true, force: true });
  }

  const header = ['size', 'ops', 'pages', 'MiB', 'check s', 'redocly s', 'secretlint s', 'anchors s', 'ratio', 'check MB', 'anchor MB'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padStart(widths[i])).join(' | ') + ' |';
  process.stdout.write('\n' + [line(header), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...rows.map(line)].join('\n') + '\n');
  const ratioOk = rows.every((r) => Number(r[8]) <= TARGET_RATIO);
  const rssOk = rows.every((r) => Number(r[9]) <= TARGET_RSS_MB);
  process.stdout.write(`\ntargets: ratio <= ${TARGET_RATIO}: ${ratioOk ? 'met' : 'NOT met'}; check peak RSS <= ${TARGET_RSS_MB} MB: ${rssOk ? 'met' : 'NOT met'}\n`);
  for (const n of notes) process.stdout.write(`note: ${n}\n`);
  if (!values.keep) fs.rmSync(work, { recursive: true, force: true });
  else process.stdout.write(`kept: ${work}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${(err as Error).message}\n`);
  process.exitCode = 2;
});
