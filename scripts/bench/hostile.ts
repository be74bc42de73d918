#!/usr/bin/env tsx
/**
 * `npm run bench:hostile -- [--repo DIR] [--only ID,...] [--timeout S] [--format stylish|json|github|sarif]`
 *
 * The full `npm run check` (as a process) on each hostile input of scripts/bench/hostile-inputs.ts,
 * each planted in a fresh copy of the good fixture site: wall time, peak RSS of the process tree,
 * exit code, and whether the output carried the canary planted outside the tree or a raw control
 * character, or a file appeared outside the tree. `--repo` runs another checkout's check (the code
 * before a change) on the same inputs. Target: every case under 10 s and 600 MB. `--strace` runs
 * each case under `strace -f -e trace=open,openat,openat2` and lists every path opened outside the
 * tree other than the check's own code and the system's (this repository, Node, /usr, /lib, /etc,
 * /proc, /sys, /dev): there must be none (times are then strace's, not the check's).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { HOSTILE_CASES, plant } from './hostile-inputs.js';
import { checkNodeFlags, measure } from './measure.js';

const { values } = parseArgs({
  options: {
    repo: { type: 'string' },
    only: { type: 'string' },
    timeout: { type: 'string' },
    format: { type: 'string' },
    strace: { type: 'boolean' },
  },
});
const REPO = path.resolve(import.meta.dirname, '..', '..');
const repo = path.resolve(values.repo ?? REPO);
const timeoutS = Number(values.timeout ?? 60);
const format = values.format ?? 'stylish';
const only = values.only?.split(',');
const SITE = path.join(REPO, 'test', 'fixtures', 'good-site');
const TARGET_S = 10;
const TARGET_MB = 600;
// Raw C0/C1 controls other than tab and newline (stylish colours are off: NO_COLOR).
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/** Names, sizes and contents of the files in a folder (what a write outside the tree would change). */
const listing = (dir: string) =>
  fs
    .readdirSync(dir)
    .sort()
    .map((name) => {
      const st = fs.lstatSync(path.join(dir, name));
      return `${name}:${st.size}:${st.isFile() ? fs.readFileSync(path.join(dir, name), 'base64') : ''}`;
    })
    .join(',');

// The first start after a change builds the bundle (seconds): not part of any case.
spawnSync(process.execPath, [path.join(repo, 'scripts', 'run-check.mjs'), '--help'], { cwd: repo, stdio: 'ignore' });

/** Paths a traced run opened that are neither in the tree nor the check's own code or the system's. */
function openedOutside(trace: string, dir: string): string[] {
  const allowed = [dir, repo, REPO, fs.realpathSync(repo), path.dirname(path.dirname(process.execPath)), '/usr/', '/lib', '/etc/', '/proc/', '/sys/', '/dev/'];
  const out = new Set<string>();
  for (const line of fs.readFileSync(trace, 'utf8').split('\n')) {
    const m = /open(?:at2?)?\((?:AT_FDCWD, |\d+, )?"([^"]*)"/.exec(line);
    if (!m || / = -1 /.test(line)) continue; // a failed open opened nothing
    const p = path.resolve(repo, m[1]);
    if (!allowed.some((a) => p === a || p.startsWith(a.endsWith('/') ? a : `${a}/`))) out.add(p);
  }
  return [...out];
}

const rows: string[] = [];
const base = fs.mkdtempSync(path.join(os.tmpdir(), 'connvo-hostile-'));
let failed = 0;
for (const c of HOSTILE_CASES) {
  if (only && !only.includes(c.id)) continue;
  const dir = path.join(base, c.id, 'tree');
  const outside = path.join(base, c.id, 'outside');
  const canary = `CANARY-${c.id}-${process.pid}`;
  const args = plant(c, SITE, dir, outside, canary);
  const outsideBefore = listing(outside);
  const stdout = path.join(base, c.id, 'stdout');
  const trace = path.join(base, c.id, 'strace');
  const command = [process.execPath, ...checkNodeFlags(repo), path.join(repo, 'scripts', 'run-check.mjs'), '--root', dir, '--format', format, ...args];
  if (values.strace) command.unshift('strace', '-f', '-qq', '-e', 'trace=open,openat,openat2', '-o', trace);
  const m = await measure(command[0], command.slice(1), {
    cwd: repo,
    env: { NO_COLOR: '1', CI: '1' },
    stdout,
    timeoutS,
  });
  const output = fs.readFileSync(stdout, 'utf8') + m.stderr;
  const leaks = [
    output.includes(canary) && 'canary',
    RAW_CONTROL.test(output) && 'control char',
    listing(outside) !== outsideBefore && 'wrote outside',
    /\n\s+at .+:\d+:\d+\)?\n/.test(output) && 'stack trace',
    ...(values.strace ? openedOutside(trace, dir).map((p) => `opened ${p}`) : []),
  ].filter(Boolean);
  const slow = m.timedOut || m.wallS > TARGET_S || m.peakRssMb > TARGET_MB;
  if (slow || leaks.length) failed++;
  const code = m.timedOut ? `killed at ${timeoutS} s` : `exit ${m.code}`;
  rows.push(`| ${c.id} | ${c.klass} | ${m.wallS.toFixed(1)} | ${Math.round(m.peakRssMb)} | ${code} | ${leaks.join(', ') || '-'} | ${(m.stderr.trim().split('\n').pop() ?? '').slice(0, 80).replace(/\|/g, '\\|')} |`);
  process.stderr.write(`${rows[rows.length - 1]}\n`);
}
fs.rmSync(base, { recursive: true, force: true });
process.stdout.write(
  `check of ${repo}, --format ${format}, node ${process.version}\n\n| case | class | s | peak MB | exit | leaks | last stderr line |\n| --- | --- | --- | --- | --- | --- | --- |\n${rows.join('\n')}\n\n` +
    `${failed ? `${failed} case(s) over ${TARGET_S} s / ${TARGET_MB} MB or leaking` : `every case under ${TARGET_S} s and ${TARGET_MB} MB, nothing leaked`}\n`,
);
process.exitCode = failed ? 1 : 0;
