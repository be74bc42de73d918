#!/usr/bin/env tsx
/**
 * `npm run bench -- [--sizes 1] [--scale 1] [--targets repo,site] [--rounds 5] [--skip-mint] [--keep]`
 *
 * Times, in one run, `npm run check` against the tools that do a part of its work, on two kinds
 * of tree:
 *   - this repository (the check on the tree itself; the anchors and the watch test on a copy);
 *   - a generated large site per size (1x: ~4,000 operations, ~3,000 MDX pages, ~50 MiB, planted
 *     tokens), in a temp dir.
 * Anchors: `redocly lint` on the spec (with this repo's redocly.yaml), `secretlint` (this
 * repository's, 13, with the recommended preset only) on every file, and `mint broken-links` (Mintlify's own offline page
 * checker) on a temp copy of the tree (it writes docs.json into the tree it checks).
 * For each: wall time and peak RSS (the sum over the process tree, sampled from /proc every 50 ms,
 * worker threads included). Then the ratios and targets:
 *   - generated 1x site: check <= 0.10 x (redocly + secretlint + mint broken-links), peak <= 600 MB;
 *   - this repository: check <= 1.0 x (redocly + secretlint), medians of --rounds runs each, taking
 *     turns; the check through `npm run check`, as its own process (as the anchors run), and with
 *     `--cache` when nothing changed since the last run (a second run; the 1x site too);
 *   - `--watch` on (a copy of) this repository: the report with a new broken link <= 500 ms after
 *     the save (median of several saves);
 * and the start-up alone (`npm run check -- --help`).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateSite, scaledSize } from './generate-site.js';
import { checkNodeFlags, measure, type Measured } from './measure.js';

const REPO = path.resolve(import.meta.dirname, '..', '..');
const BIN = path.join(REPO, 'node_modules', '.bin');
const SITE_RATIO = 0.1;
const REPO_RATIO = 1.0;
const TARGET_RSS_MB = 600;
const WATCH_MS = 500;
const BIN_NODE_FLAGS = checkNodeFlags(REPO);

/** A copy of a tree without node_modules and .git (what the anchors that write, and the watch test, run on). */
function copyTree(src: string, dest: string): string {
  fs.cpSync(src, dest, { recursive: true, filter: (from) => !/[\\/](node_modules|\.git|\.bench)$/.test(from) });
  return dest;
}

/**
 * `npm run check -- --watch --format json` on `root`: the time from each save that adds a broken
 * link to one page until the report naming it is printed (the saves alternate with the fix).
 */
async function watchLatency(root: string, page: string, saves: number): Promise<{ ms: number[]; ok: boolean; note?: string }> {
  const child = spawn('npm', ['run', '--silent', 'check', '--', '--watch', '--root', root, '--format', 'json'], { cwd: REPO, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const lines: string[] = [];
  let buffer = '';
  let stderr = '';
  let wake: (() => void) | undefined;
  child.stdout!.on('data', (d: Buffer) => {
    buffer += d.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    lines.push(...parts.map((l) => `${performance.now()}\t${l}`));
    wake?.();
  });
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const nextLine = async (count: number, timeoutMs: number) => {
    const until = performance.now() + timeoutMs;
    while (lines.length < count && performance.now() < until) await new Promise<void>((r) => ((wake = r), setTimeout(r, 50)));
    return lines[count - 1];
  };
  const ms: number[] = [];
  let ok = true;
  let note: string | undefined;
  try {
    if (!(await nextLine(1, 300_000))) return { ms, ok: false, note: `no first report: ${stderr.trim().split('\n').pop()}` };
    await new Promise((r) => setTimeout(r, 500)); // let the watchers settle
    const file = path.join(root, page);
    const original = fs.readFileSync(file, 'utf8');
    for (let i = 0; i < saves * 2; i++) {
      const broken = i % 2 === 0;
      const t0 = performance.now();
      fs.writeFileSync(file, broken ? `${original}\nSee [this](/no-such-page-${i}).\n` : original);
      const line = await nextLine(2 + i, 30_000);
      if (!line) return { ms, ok: false, note: `no report after save ${i + 1}` };
      const [at, json] = line.split('\t');
      const hasLink = (JSON.parse(json) as { findings: Array<{ rule: string; message: string }> }).findings.some((f) => f.rule === 'link-broken' && f.message.includes(`/no-such-page-${i}`));
      if (hasLink !== broken) {
        ok = false;
        note = `report after save ${i + 1} ${broken ? 'misses' : 'still has'} the broken link`;
      }
      if (broken) ms.push(Number(at) - t0);
      await new Promise((r) => setTimeout(r, 300));
    }
  } finally {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // gone
    }
  }
  return { ms, ok, note };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
/** The run with the median wall time. */
const medianRun = (ms: Measured[]): Measured => [...ms].sort((a, b) => a.wallS - b.wallS)[Math.floor(ms.length / 2)];
const fmt = (n: number, digits = 1) => n.toFixed(digits);

interface Row {
  target: string;
  check: Measured;
  redocly: Measured;
  secretlint: Measured;
  mint?: Measured;
  ratio: number;
  ratioTarget: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '1' },
      scale: { type: 'string', default: '1' },
      targets: { type: 'string', default: 'repo,site' },
      'skip-mint': { type: 'boolean', default: false },
      saves: { type: 'string', default: '5' },
      rounds: { type: 'string', default: '5' },
      keep: { type: 'boolean', default: false },
    },
  });
  const scale = Number(values.scale);
  const sizes = values.sizes!.split(',').map(Number);
  const targets = new Set(values.targets!.split(','));
  if (!(scale > 0) || sizes.some((s) => !(s > 0))) throw new Error('--sizes and --scale take positive numbers');
  const secretlintBin = path.join(BIN, 'secretlint');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'connvo-bench-'));
  const secretlintrc = path.join(work, 'secretlintrc.json');
  fs.writeFileSync(secretlintrc, JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));
  const quiet = { REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_NOTIFICATIONS: 'true', NO_UPDATE_NOTIFIER: '1', NO_COLOR: '1', CI: '1' };
  const rows: Row[] = [];
  const notes: string[] = [];
  const verdicts: string[] = [];
  process.stdout.write(`bench in ${work} (${os.availableParallelism()} CPUs, node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')})\n`);

  const exitNote = (label: string, name: string, m: Measured) => {
    // Exit 2 means the tool did not run; 0/1 are both fine (findings are expected: tokens are planted).
    if (m.code !== 0 && m.code !== 1) notes.push(`${label} ${name} exited ${m.code}: ${m.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  };
  const anchors = async (label: string, root: string, spec: string, mint: boolean) => {
    const redocly = await measure(path.join(BIN, 'redocly'), ['lint', spec, '--config', path.join(REPO, 'redocly.yaml'), '--format', 'summary'], { cwd: root, env: quiet });
    const secretlint = await measure(secretlintBin, ['--secretlintrc', secretlintrc, '--format', 'json', '**/*'], { cwd: root, env: quiet, stdout: path.join(work, `secretlint-${label}.json`) });
    let mintRun: Measured | undefined;
    if (mint) {
      const copy = copyTree(root, path.join(work, `mint-${label}`));
      mintRun = await measure(path.join(BIN, 'mint'), ['broken-links'], { cwd: copy, env: quiet });
      fs.rmSync(copy, { recursive: true, force: true });
    }
    for (const [name, m] of [['redocly', redocly], ['secretlint', secretlint], ['mint broken-links', mintRun]] as const) if (m) exitNote(label, name, m);
    return { redocly, secretlint, mint: mintRun };
  };
  const checkRun = async (label: string, root: string) => {
    const report = path.join(work, `report-${label}.json`);
    const check = await measure('npm', ['run', '--silent', 'check', '--', '--root', root, '--format', 'json', '--output', report, '--timings'], { cwd: REPO, env: quiet });
    exitNote(label, 'check', check);
    let findings = '?';
    if (fs.existsSync(report)) findings = String((JSON.parse(fs.readFileSync(report, 'utf8')) as { findings: unknown[] }).findings.length);
    const timings = check.stderr
      .split('\n')
      .filter((l) => l.startsWith('timing '))
      .map((l) => l.replace(/^timing\s+/, '').replace(/\s+/, ' '))
      .join(', ');
    process.stdout.write(`  check       ${fmt(check.wallS, 2)} s, peak ${fmt(check.peakRssMb, 0)} MB, ${findings} findings\n  per check   ${timings || '(no timings)'}\n`);
    return check;
  };
  const printAnchors = (a: { redocly: Measured; secretlint: Measured; mint?: Measured }) => {
    for (const [name, m] of [['redocly', a.redocly], ['secretlint', a.secretlint], ['mint', a.mint]] as const) {
      if (m) process.stdout.write(`  ${name.padEnd(11)} ${fmt(m.wallS, 2)} s, peak ${fmt(m.peakRssMb, 0)} MB\n`);
    }
  };

  if (targets.has('repo')) {
    process.stdout.write('\nthis repository:\n');
    await measure('npm', ['run', '--silent', 'check', '--', '--help'], { cwd: REPO, env: quiet }); // builds the bundle if the sources changed
    const help = await measure('npm', ['run', '--silent', 'check', '--', '--help'], { cwd: REPO, env: quiet });
    const helpNode = await measure(process.execPath, [...BIN_NODE_FLAGS, path.join(REPO, 'scripts', 'run-check.mjs'), '--help'], { cwd: REPO, env: quiet });
    process.stdout.write(`  --help      ${fmt(help.wallS, 2)} s through npm, ${fmt(helpNode.wallS, 2)} s without npm's own start (start-up alone)\n`);
    const copy = copyTree(REPO, path.join(work, 'repo'));
    // Runs of about a second vary by a tenth or two from one to the next on a shared machine: each
    // tool runs `rounds` times, taking turns, and the median runs are compared.
    const rounds = Math.max(1, Number(values.rounds));
    const runs = { check: [] as Measured[], direct: [] as Measured[], warm: [] as Measured[], redocly: [] as Measured[], secretlint: [] as Measured[] };
    // --cache with nothing changed since the last run (a first, unmeasured run fills it).
    const warmArgs = ['run', '--silent', 'check', '--', '--cache', '--cache-location', path.join(work, 'cache'), '--format', 'json', '--output', path.join(work, 'report-repo-warm.json')];
    await measure('npm', warmArgs, { cwd: REPO, env: quiet });
    let mint: Measured | undefined;
    for (let i = 0; i < rounds; i++) {
      runs.check.push(i === 0 ? await checkRun('repo', REPO) : await measure('npm', ['run', '--silent', 'check', '--', '--format', 'json', '--output', path.join(work, 'report-repo.json')], { cwd: REPO, env: quiet }));
      runs.warm.push(await measure('npm', warmArgs, { cwd: REPO, env: quiet }));
      runs.direct.push(await measure(process.execPath, [...BIN_NODE_FLAGS, path.join(REPO, 'scripts', 'run-check.mjs'), '--format', 'json', '--output', path.join(work, 'report-repo-direct.json')], { cwd: REPO, env: quiet }));
      const a = await anchors('repo', copy, path.join(copy, 'openapi.yaml'), i === 0 && !values['skip-mint']);
      runs.redocly.push(a.redocly);
      runs.secretlint.push(a.secretlint);
      mint ??= a.mint;
    }
    const check = medianRun(runs.check);
    const direct = medianRun(runs.direct);
    const warm = medianRun(runs.warm);
    const a = { redocly: medianRun(runs.redocly), secretlint: medianRun(runs.secretlint), mint };
    const walls = (ms: Measured[]) => ms.map((m) => fmt(m.wallS, 2)).join(' ');
    process.stdout.write(`  medians of ${rounds} runs each (check: ${walls(runs.check)}; redocly: ${walls(runs.redocly)}; secretlint: ${walls(runs.secretlint)})\n`);
    process.stdout.write(`  check       ${fmt(check.wallS, 2)} s through npm, peak ${fmt(check.peakRssMb, 0)} MB\n`);
    process.stdout.write(`  check alone ${fmt(direct.wallS, 2)} s without npm's own start (node scripts/run-check.mjs, as the anchors run: their own processes), peak ${fmt(direct.peakRssMb, 0)} MB\n`);
    process.stdout.write(`  check warm  ${fmt(warm.wallS, 2)} s through npm with --cache, nothing changed since the last run (${walls(runs.warm)}), peak ${fmt(warm.peakRssMb, 0)} MB\n`);
    printAnchors(a);
    const sum = a.redocly.wallS + a.secretlint.wallS;
    const ratio = check.wallS / sum;
    const ratioAlone = direct.wallS / sum;
    const ratioWarm = warm.wallS / sum;
    process.stdout.write(`  ratio       ${fmt(ratio, 2)} of redocly + secretlint through npm, ${fmt(ratioAlone, 2)} process to process, ${fmt(ratioWarm, 2)} warm through npm (target <= ${REPO_RATIO})\n`);
    rows.push({ target: 'repo', check, ...a, ratio, ratioTarget: REPO_RATIO });
    rows.push({ target: 'repo, no npm', check: direct, ...a, ratio: ratioAlone, ratioTarget: REPO_RATIO });
    rows.push({ target: 'repo, --cache warm', check: warm, ...a, ratio: ratioWarm, ratioTarget: REPO_RATIO });
    const verdict = (r: number) => `${r <= REPO_RATIO ? 'met' : 'NOT met'} (${fmt(r, 2)})`;
    verdicts.push(`repo: check <= ${REPO_RATIO} x (redocly + secretlint): through npm ${verdict(ratio)}; process to process ${verdict(ratioAlone)}; with --cache, nothing changed, through npm ${verdict(ratioWarm)}`);
    const w = await watchLatency(copy, 'docs/errors.mdx', Number(values.saves));
    const med = median(w.ms);
    process.stdout.write(`  --watch     new broken link reported ${w.ms.map((x) => fmt(x, 0)).join(', ')} ms after the saves (median ${fmt(med, 0)} ms)${w.ok ? '' : `; ${w.note}`}\n`);
    verdicts.push(`--watch: report <= ${WATCH_MS} ms after the save: ${w.ok && med <= WATCH_MS ? 'met' : 'NOT met'} (median ${fmt(med, 0)} ms${w.ok ? '' : `, ${w.note}`})`);
    if (!values.keep) fs.rmSync(copy, { recursive: true, force: true });
  }

  if (targets.has('site')) {
    for (const size of sizes) {
      const factor = size * scale;
      const label = `${factor}x`;
      const root = path.join(work, `site-${label}`);
      const t0 = performance.now();
      const site = generateSite(root, scaledSize(factor));
      process.stdout.write(
        `\n${label} site: ${site.size.operations} operations, ${site.size.pages} pages, ${fmt(site.pageBytes / 1048576)} MiB MDX, ${fmt(site.specBytes / 1048576)} MiB spec, ${site.tokens} planted tokens (generated in ${fmt((performance.now() - t0) / 1000)} s)\n`,
      );
      const check = await checkRun(label, root);
      const cacheArgs = ['run', '--silent', 'check', '--', '--root', root, '--cache', '--cache-location', path.join(work, `cache-${label}`), '--format', 'json', '--output', path.join(work, `report-${label}-warm.json`)];
      await measure('npm', cacheArgs, { cwd: REPO, env: quiet }); // fills the cache
      const warm = await measure('npm', cacheArgs, { cwd: REPO, env: quiet });
      process.stdout.write(`  check warm  ${fmt(warm.wallS, 2)} s with --cache, nothing changed since the last run, peak ${fmt(warm.peakRssMb, 0)} MB\n`);
      const a = await anchors(label, root, path.join(root, 'openapi.yaml'), !values['skip-mint']);
      printAnchors(a);
      const sum = a.redocly.wallS + a.secretlint.wallS + (a.mint?.wallS ?? 0);
      const ratio = check.wallS / sum;
      process.stdout.write(`  ratio       ${fmt(ratio, 2)} of redocly + secretlint${a.mint ? ' + mint broken-links' : ''} (target <= ${SITE_RATIO})\n`);
      rows.push({ target: label, check, ...a, ratio, ratioTarget: SITE_RATIO });
      verdicts.push(`${label}: check <= ${SITE_RATIO} x (redocly + secretlint + mint broken-links): ${a.mint && ratio <= SITE_RATIO ? 'met' : 'NOT met'} (${fmt(ratio, 2)}${a.mint ? '' : ', mint skipped'})`);
      verdicts.push(`${label}: check peak RSS <= ${TARGET_RSS_MB} MB: ${check.peakRssMb <= TARGET_RSS_MB ? 'met' : 'NOT met'} (${fmt(check.peakRssMb, 0)} MB)`);
      if (!values.keep) fs.rmSync(root, { recursive: true, force: true });
    }
  }

  const header = ['target', 'check s', 'check MB', 'redocly s', 'redocly MB', 'secretlint s', 'secretlint MB', 'mint s', 'mint MB', 'ratio', 'target'];
  const cells = rows.map((r) => [
    r.target,
    fmt(r.check.wallS, 2),
    fmt(r.check.peakRssMb, 0),
    fmt(r.redocly.wallS, 2),
    fmt(r.redocly.peakRssMb, 0),
    fmt(r.secretlint.wallS, 2),
    fmt(r.secretlint.peakRssMb, 0),
    r.mint ? fmt(r.mint.wallS, 2) : '-',
    r.mint ? fmt(r.mint.peakRssMb, 0) : '-',
    fmt(r.ratio, 2),
    `<= ${r.ratioTarget}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length)));
  const line = (c: string[]) => '| ' + c.map((x, i) => x.padStart(widths[i])).join(' | ') + ' |';
  process.stdout.write('\n' + [line(header), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...cells.map(line)].join('\n') + '\n');
  process.stdout.write('(ratio: check / (redocly + secretlint) for the repository, / (redocly + secretlint + mint broken-links) for a generated site)\n\ntargets:\n');
  for (const v of verdicts) process.stdout.write(`  ${v}\n`);
  for (const n of notes) process.stdout.write(`note: ${n}\n`);
  if (!values.keep) fs.rmSync(work, { recursive: true, force: true });
  else process.stdout.write(`kept: ${work}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${(err as Error).message}\n`);
  process.exitCode = 2;
});
