import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Wall time and peak memory of a process tree (the benches' one way of measuring a run). */

export interface Measured {
  wallS: number;
  peakRssMb: number;
  code: number | null;
  stderr: string;
  /** Killed after `timeoutS` (then `code` is null). */
  timedOut?: boolean;
}

/**
 * The node flags of the check's bin (`#!/usr/bin/env -S node <flags>` in `repo`'s
 * scripts/run-check.mjs; `npm run check` passes the same): the benches and tests start the check
 * alone as the bin does.
 */
export function checkNodeFlags(repo: string): string[] {
  const shebang = fs.readFileSync(path.join(repo, 'scripts', 'run-check.mjs'), 'utf8').split('\n', 1)[0];
  return shebang.replace(/^#!\/usr\/bin\/env\s+(-S\s+)?node\s*/, '').split(/\s+/).filter(Boolean);
}

/** Resident memory of a process and all its descendants, in kB (0 once they are gone). */
export function treeRssKb(rootPid: number): number {
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

/**
 * Run `command` and sample its tree's RSS every 50 ms (worker threads included). `stdout`: a file
 * to write its output to (else ignored); `timeoutS`: kill it (SIGKILL) after that many seconds.
 */
export function measure(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; stdout?: string; timeoutS?: number }): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const out = options.stdout ? fs.openSync(options.stdout, 'w') : 'ignore';
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', out, 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    let peak = 0;
    let timedOut = false;
    const sample = () => (peak = Math.max(peak, treeRssKb(child.pid!)));
    const timer = setInterval(sample, 50);
    const killer = options.timeoutS
      ? setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, options.timeoutS * 1000)
      : undefined;
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      if (killer) clearTimeout(killer);
      if (typeof out === 'number') fs.closeSync(out);
      resolve({ wallS: (performance.now() - t0) / 1000, peakRssMb: peak / 1024, code, stderr, timedOut });
    });
  });
}
