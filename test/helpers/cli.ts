import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkNodeFlags } from '../../scripts/bench/measure.js';

export const REPO = path.resolve(import.meta.dirname, '..', '..');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The node flags of the bin's shebang, which `npm run check` passes too. */
export const CHECK_NODE_FLAGS = checkNodeFlags(REPO);

/** The command `npm run check` runs (package.json), without npm: node on the compiled sources. */
export const CHECK_COMMAND = [process.execPath, ...CHECK_NODE_FLAGS, path.join(REPO, 'scripts', 'run-check.mjs')];

/** Run `npm run check -- ARGS` the way CI does (as a process), without npm's own noise. */
export function runCheckCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): CliResult {
  const r = spawnSync(CHECK_COMMAND[0], [...CHECK_COMMAND.slice(1), ...args], {
    cwd: options.cwd ?? REPO,
    encoding: 'utf8',
    // Killed (status null) when it runs longer: a stall fails the test instead of hanging it.
    timeout: options.timeoutMs,
    killSignal: 'SIGKILL',
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The same CLI (arguments, reporters, exit code, one-line errors) run in this process, with `env`
 * set for the run: for tests about what it reports rather than about the process, which then skip
 * a process start and the libraries' import (seconds per run on 2 busy cores). stdout is not a TTY.
 */
export async function runCheckInProcess(args: string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  const { runCli } = await import('../../scripts/check.js');
  const env: NodeJS.ProcessEnv = { NO_COLOR: '1', ...options.env };
  const saved = new Map(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  let stdout = '';
  let stderr = '';
  try {
    const code = await runCli(args, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
    return { code, stdout, stderr };
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** A throwaway copy of a fixture tree (tests mutate copies, never the fixtures). */
export function copyToTemp(src: string, prefix = 'connvo-docs-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.cpSync(src, dir, { recursive: true });
  return dir;
}

/** Every file under dir with its bytes, to prove a run left the tree untouched. */
export function snapshotTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  // Names as bytes: a tree may hold a name that is not UTF-8 (a string would not reopen it).
  const walk = (d: Buffer) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true, encoding: 'buffer' }) as Array<fs.Dirent<Buffer>>) {
      const name = e.name.toString('latin1');
      if (name === 'node_modules' || name === '.git') continue;
      const p = Buffer.concat([d, Buffer.from('/'), e.name]);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.set(p.toString('latin1').slice(dir.length + 1), fs.readFileSync(p).toString('base64'));
    }
  };
  walk(Buffer.from(dir));
  return out;
}
