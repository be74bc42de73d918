#!/usr/bin/env tsx
/**
 * `npm run check -- [--root DIR] [--only NAMES] [--format stylish|json|sarif|github] [--output FILE]`
 * Exit 0: no error findings. 1: at least one error finding. 2: could not run (one line on stderr).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { checks } from './checks/index.js';
import { endQuietlyWhenStdoutCloses } from './lib/closed-stdout.js';
import { CannotRunError, CheckFailedError } from './lib/finding.js';
import type { PageParse } from './lib/mdx.js';
import type { CacheFiles } from './lib/cache.js';
import type { ProgressEvent, RunResult } from './lib/pipeline.js';
import { writablePath, writeFileNoFollow } from './lib/write-path.js';
import { isFormatName, reporters } from './reporters/index.js';
import { escapeControls } from './reporters/scrub.js';

const USAGE = `usage: connvo-docs-check [--root DIR] [--only NAMES] [--format stylish|json|sarif|github] [--output FILE] [--function-spec FILE] [--strict] [--watch] [--cache] [--cache-location DIR] [--timings] [--debug]
       (in this repository: npx connvo-docs-check ..., or npm run -s check -- ...)

checks (default: all):
${checks.map((c) => `  ${c.name.padEnd(9)} ${c.summary}`).join('\n')}

--function-spec FILE (output of "npx convex function-spec") turns on the drift check; so does a
convex-function-spec.json at the root.
--strict holds any tree to every rule, as a tree with an access-policy.yaml is (Connvo's reference
contract: titles, spec examples, every page listed, Redocly's recommended style, the access policy);
without it another site is held to the rules that report correctness only.
--watch keeps running: after each change under the root it re-runs the checks the change can
affect (a page: not spec or drift) and prints a fresh report (with --format json, one line each).
--cache keeps what a run worked out for the next: page parses (an unchanged page is not parsed
again), the spec lint (kept while the spec, its $ref files and the Redocly config are unchanged)
and clean files' token scans; in --cache-location DIR (default: node_modules/.cache/connvo-check/results of this
repository), never in the checked tree.
--timings (or CHECK_TIMINGS=1) prints each check's wall time to stderr.
--debug prints the stack trace of an internal error.`;

/** Where the CLI writes, and what it asks of the terminal: the process's own, or a test's buffers. */
export interface CliIO {
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number };
}

async function main(argv: string[], io: CliIO): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        root: { type: 'string' },
        only: { type: 'string', multiple: true },
        format: { type: 'string' },
        output: { type: 'string' },
        timings: { type: 'boolean' },
        watch: { type: 'boolean' },
        cache: { type: 'boolean' },
        'cache-location': { type: 'string' },
        'function-spec': { type: 'string' },
        strict: { type: 'boolean' },
        debug: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new CannotRunError(`${(err as Error).message.split('\n')[0]} (see --help)`);
  }
  if (values.help) {
    io.stdout.write(USAGE + '\n');
    return 0;
  }
  const format = values.format ?? 'stylish';
  if (!isFormatName(format)) throw new CannotRunError(`unknown format "${format}" (use stylish, json, sarif or github)`);
  const root = path.resolve(values.root ?? '.');
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new CannotRunError(`--root ${values.root}: not a directory`);
  const given = values['function-spec'];
  if (given !== undefined && (!fs.existsSync(given) || !fs.statSync(given).isFile())) throw new CannotRunError(`--function-spec ${given}: no such file`);
  const functionSpec = given === undefined ? undefined : path.resolve(given);
  const only = (values.only ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  const strict = values.strict ?? false;

  // Imported after the arguments are read: `--help` and a usage error load no site model.
  const { runChecks } = await import('./lib/pipeline.js');
  const timingsWanted = values.timings || process.env.CHECK_TIMINGS === '1';
  const toFile = values.output !== undefined;
  // The report is never written into the checked tree, nor through a symlink.
  const output = toFile ? writablePath(values.output as string, root, '--output') : undefined;
  const report = (result: RunResult, oneLine = false) => {
    if (timingsWanted) {
      for (const [name, ms] of Object.entries(result.timings)) io.stderr.write(`timing ${name.padEnd(12)} ${(ms / 1000).toFixed(2)} s\n`);
    }
    let text = reporters[format](result.findings, result.summary, { color: !toFile && Boolean(io.stdout.isTTY) && !process.env.NO_COLOR, root });
    if (oneLine && format === 'json') text = JSON.stringify(JSON.parse(text)) + '\n';
    if (toFile) writeFileNoFollow(output!, text, '--output');
    else io.stdout.write(text);
  };

  const cache = values.cache ? await openCache(values['cache-location'], root) : undefined;
  if (values.watch) return watch({ root, only, functionSpec, cache, strict }, runChecks, report, io);
  const progress = io.stderr.isTTY && !process.env.CI ? new ProgressLine(io.stderr) : undefined;
  let result;
  try {
    result = await runChecks({ root, only, functionSpec, strict, parseCache: cache?.parses, results: cache?.results, onProgress: progress && ((e) => progress.update(e)) });
  } finally {
    progress?.stop();
  }
  saveCache(cache, io);
  report(result);
  return result.summary.errors > 0 ? 1 : 0;
}

/** `--cache`: what earlier runs on the root worked out; a location inside the checked tree is refused (checks never write there). */
async function openCache(location: string | undefined, root: string): Promise<CacheFiles> {
  const { DEFAULT_CACHE_LOCATION, openCache: open } = await import('./lib/cache.js');
  // Resolved, and refused when its real location is in the checked tree; this repository's
  // node_modules (the default) is outside every site (Mintlify ignores it, and so do the checks),
  // when reached without a symlink.
  const dir = writablePath(location ?? DEFAULT_CACHE_LOCATION, root, '--cache-location', 'node_modules');
  return open(dir, root);
}

function saveCache(cache: CacheFiles | undefined, io: CliIO): void {
  try {
    cache?.save();
  } catch (err) {
    io.stderr.write(`check: cannot write the cache in ${path.dirname(cache!.files[0])}: ${(err as Error).message.split('\n')[0]}\n`);
  }
}

/**
 * `--watch`: one full run, then after each change (quiet for 20 ms) a run of the checks the change
 * can affect, keeping the other checks' findings, with page parses reused for unchanged pages; each
 * prints a whole report. Changes during a run are gathered for the next one. Runs until killed.
 */
async function watch(
  { root, only, functionSpec, cache, strict }: { root: string; only: string[]; functionSpec?: string; cache?: CacheFiles; strict: boolean },
  runChecks: typeof import('./lib/pipeline.js').runChecks,
  report: (result: RunResult, oneLine: boolean) => void,
  io: CliIO,
): Promise<number> {
  const { affectedChecks, watchTree } = await import('./lib/watch.js');
  const parseCache = cache?.parses ?? new Map<string, PageParse>();
  const memo = new Map<string, unknown>();
  let previous: RunResult | undefined;
  let queued: string[] = [];
  let running = false;
  const runOnce = async (paths: string[]) => {
    const t0 = performance.now();
    try {
      const rerun = previous && paths.length ? { previous: previous.state, checks: affectedChecks(paths) } : undefined;
      if (rerun && ![...rerun.checks].some((c) => !only.length || only.includes(c))) return; // none of the selected
      if (!rerun || rerun.checks.has('spec')) memo.clear(); // a change beyond pages: spec-side results are stale
      previous = await runChecks({ root, only, functionSpec, strict, parseCache, results: cache?.results, memo, rerun });
      saveCache(cache, io);
      report(previous, true);
      const what = paths.length ? `${paths.length === 1 ? paths[0] : `${paths.length} files`} changed: ` : '';
      const which = rerun ? [...rerun.checks].join(', ') : 'all checks';
      io.stderr.write(`check: ${escapeControls(what)}ran ${which} in ${((performance.now() - t0) / 1000).toFixed(2)} s; watching ${root}\n`);
    } catch (err) {
      // Bad usage or an internal error: reported, and the next change is checked again in full.
      previous = undefined;
      const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
      io.stderr.write(`check: ${err instanceof CannotRunError ? '' : 'internal error: '}${escapeControls(message)}\n`);
      if (debug && !(err instanceof CannotRunError)) io.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
    }
  };
  const drain = async () => {
    if (running) return;
    running = true;
    while (queued.length) {
      const paths = queued;
      queued = [];
      await runOnce(paths);
    }
    running = false;
  };
  // Watching starts before the first run, so a save during it is checked right after.
  running = true;
  watchTree(root, (changed) => {
    if (!changed.length) return;
    queued.push(...changed);
    void drain();
  });
  await runOnce([]);
  running = false;
  await drain();
  return new Promise<number>(() => undefined); // until the process is stopped
}

/**
 * One self-rewriting line on stderr while checks run (only on a TTY, only after a second, so CI
 * logs and quick runs stay clean).
 */
class ProgressLine {
  constructor(private readonly stderr: CliIO['stderr']) {}
  private readonly started = Date.now();
  private readonly running = new Set<string>();
  private readonly done: string[] = [];
  private shown = false;
  private readonly timer = setInterval(() => this.draw(), 250);

  update(e: ProgressEvent): void {
    if (e.type === 'start') this.running.add(e.name);
    else {
      this.running.delete(e.name);
      this.done.push(`${e.name} ${(e.ms / 1000).toFixed(1)}s`);
    }
  }

  private draw(): void {
    const elapsed = (Date.now() - this.started) / 1000;
    if (elapsed < 1) return;
    const line = `checking ${elapsed.toFixed(0)}s · running: ${[...this.running].join(', ') || '-'} · done: ${this.done.join(', ') || '-'}`;
    this.stderr.write(`\r\u001b[K${line.slice(0, (this.stderr.columns || 100) - 1)}`);
    this.shown = true;
  }

  stop(): void {
    clearInterval(this.timer);
    if (this.shown) this.stderr.write('\r\u001b[K');
  }
}

let debug = false;

/** One line on stderr for an error that ends the run (and the trace with --debug); the exit code 2. */
function failure(err: unknown, stderr: CliIO['stderr']): number {
  if (err instanceof CannotRunError) {
    stderr.write(`check: ${escapeControls(err.message)}\n`);
  } else {
    // A bug, not bad input: one line, and the trace only on request.
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    stderr.write(`check: internal error: ${escapeControls(message)} (rerun with --debug for the trace)\n`);
    if (debug) {
      const cause = err instanceof CheckFailedError ? err.cause : err;
      stderr.write(`${(cause as Error)?.stack ?? String(cause)}\n`);
    }
  }
  return 2;
}

function fail(err: unknown): void {
  process.exitCode = failure(err, process.stderr);
}

/**
 * The CLI in this process, writing to `io`: the exit code it would exit with. Tests that are about
 * what the check reports, not about the process, run it this way (the libraries stay loaded).
 */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  debug = argv.includes('--debug');
  try {
    return await main(argv, io);
  } catch (err) {
    return failure(err, io.stderr);
  }
}

export function cli(argv: string[]): void {
  debug = argv.includes('--debug');
  if (debug) process.env.CHECK_DEBUG = '1';
  // Whatever escapes (a rejected promise nobody awaited, an error event): still one line, exit 2.
  process.on('uncaughtException', (err) => {
    fail(err);
    process.exit(2);
  });
  process.on('unhandledRejection', (err) => {
    fail(err);
    process.exit(2);
  });
  // A closed pipe (`npm run check | head`) is not an error of the check.
  endQuietlyWhenStdoutCloses();
  main(argv, process).then((code) => {
    process.exitCode = code;
  }, fail);
}

// Run as the entry point; importing this module (tests) runs nothing.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) cli(process.argv.slice(2));
