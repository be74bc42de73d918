import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { batchesOf } from '../lib/batches.js';
import type { createLinter, LintMessage } from './lint-worker.mjs';

/** secretlint over many texts: in-process when small, spread over worker threads when big. */

export interface ScanItem {
  file: string;
  text: string;
}

export interface ScanOptions {
  configFile: string;
  /** Worker threads; default: one per core (at most 4), none below `parallelMinBytes`. */
  workers?: number;
  /** Below this many bytes in total, starting workers costs more than it saves. */
  parallelMinBytes?: number;
  /**
   * The caller's thread has other work meanwhile (the pipeline's other checks): lint in worker
   * threads only (at least one, however small the input), where the machine has two cores or more.
   */
  background?: boolean;
}

/**
 * Set by scripts/build-check.mjs in the bundle `npm run check` runs: the URL of lint-worker.mjs
 * bundled with secretlint and the rule packages (a worker then starts from one file instead of
 * Node's loader resolving secretlint's modules one by one).
 */
declare const __CONNVO_BUNDLED_TOKENS_WORKER__: string | undefined;
const BUNDLED_WORKER = typeof __CONNVO_BUNDLED_TOKENS_WORKER__ === 'string' ? __CONNVO_BUNDLED_TOKENS_WORKER__ : undefined;

const DEFAULT_PARALLEL_MIN_BYTES = 6 * 1024 * 1024;
const BATCH_BYTES = 512 * 1024;

const linters = new Map<string, ReturnType<typeof createLinter>>();

function linterFor(configFile: string) {
  let linter = linters.get(configFile);
  if (!linter) {
    // Imported here: secretlint is loaded only by a thread that lints.
    linter = import('./lint-worker.mjs').then((m) => m.createLinter(configFile));
    linters.set(configFile, linter);
    linter.catch(() => linters.delete(configFile)); // a broken config is retried after it is fixed
  }
  return linter;
}

export async function lintTexts(items: ScanItem[], options: ScanOptions): Promise<Map<string, LintMessage[]>> {
  const bytes = items.reduce((n, it) => n + it.text.length, 0);
  const workers = options.workers ?? (bytes >= (options.parallelMinBytes ?? DEFAULT_PARALLEL_MIN_BYTES) ? idleWorkers() : 0);
  if (options.background && items.length > 0 && os.availableParallelism() > 1) return lintInWorkers(items, options.configFile, Math.max(1, workers), false);
  if (workers <= 0 || items.length < 2) {
    const lint = await linterFor(options.configFile);
    const out = new Map<string, LintMessage[]>();
    for (const it of items) out.set(it.file, await lint(it.file, it.text));
    return out;
  }
  return lintInWorkers(items, options.configFile, workers);
}

/**
 * Worker threads worth starting: the main thread lints too, so one idle core means none and two
 * mean one. Cores other processes keep busy (1-minute load average) do not count: on a saturated
 * machine threads only take turns, and each pays its own start-up and JIT warm-up.
 */
function idleWorkers(): number {
  const idle = Math.round(os.availableParallelism() - os.loadavg()[0]);
  return Math.max(0, Math.min(3, idle - 1));
}

type Reply = { id: number; results: Array<{ file: string; messages: LintMessage[] }> } | { id: number; error: string };

/**
 * `count` worker threads and (with `mainLints`) the main thread take batches from one queue until
 * it is empty.
 */
async function lintInWorkers(items: ScanItem[], configFile: string, count: number, mainLints = true): Promise<Map<string, LintMessage[]>> {
  const queue = batchesOf(items, BATCH_BYTES);
  const out = new Map<string, LintMessage[]>();
  let next = 0;
  const take = () => (next < queue.length ? queue[next++] : undefined);
  const url = BUNDLED_WORKER ? new URL(BUNDLED_WORKER) : new URL('./lint-worker.mjs', import.meta.url);
  const pool: Worker[] = [];
  const inWorker = (worker: Worker) =>
    new Promise<void>((resolve, reject) => {
      const feed = () => {
        const batch = take();
        if (batch) worker.postMessage({ id: 0, items: batch });
        else resolve();
      };
      worker.on('message', (reply: Reply) => {
        if ('error' in reply) return reject(new Error(reply.error));
        for (const r of reply.results) out.set(r.file, r.messages);
        feed();
      });
      worker.on('error', reject);
      worker.on('exit', (code) => reject(new Error(`token scan worker exited with code ${code}`)));
      feed();
    });
  const inMain = async () => {
    const lint = await linterFor(configFile);
    for (let batch = take(); batch; batch = take()) {
      for (const it of batch) out.set(it.file, await lint(it.file, it.text));
      // Let worker replies in between batches hand out more work.
      await new Promise((r) => setImmediate(r));
    }
  };
  try {
    for (let i = 0; i < Math.min(count, mainLints ? queue.length - 1 : queue.length); i++) {
      // No TypeScript loader in the workers: they run plain JavaScript only.
      pool.push(new Worker(url, { workerData: { role: 'connvo-tokens-lint', configFile }, execArgv: [] }));
    }
    await Promise.all([...(mainLints ? [inMain()] : []), ...pool.map(inWorker)]);
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return out;
}
