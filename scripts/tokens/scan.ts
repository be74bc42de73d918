import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { createLinter, type LintMessage } from './lint-worker.mjs';

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
}

const DEFAULT_PARALLEL_MIN_BYTES = 6 * 1024 * 1024;
const BATCH_BYTES = 512 * 1024;

const linters = new Map<string, ReturnType<typeof createLinter>>();

function linterFor(configFile: string) {
  let linter = linters.get(configFile);
  if (!linter) {
    linter = createLinter(configFile);
    linters.set(configFile, linter);
    linter.catch(() => linters.delete(configFile)); // a broken config is retried after it is fixed
  }
  return linter;
}

export async function lintTexts(items: ScanItem[], options: ScanOptions): Promise<Map<string, LintMessage[]>> {
  const bytes = items.reduce((n, it) => n + it.text.length, 0);
  const workers = options.workers ?? (bytes >= (options.parallelMinBytes ?? DEFAULT_PARALLEL_MIN_BYTES) ? Math.min(4, os.availableParallelism()) : 1);
  if (workers <= 1 || items.length < 2) {
    const lint = await linterFor(options.configFile);
    const out = new Map<string, LintMessage[]>();
    for (const it of items) out.set(it.file, await lint(it.file, it.text));
    return out;
  }
  return lintInWorkers(items, options.configFile, workers);
}

function batches(items: ScanItem[]): ScanItem[][] {
  const out: ScanItem[][] = [];
  let current: ScanItem[] = [];
  let size = 0;
  for (const it of items) {
    current.push(it);
    size += it.text.length;
    if (size >= BATCH_BYTES) {
      out.push(current);
      current = [];
      size = 0;
    }
  }
  if (current.length) out.push(current);
  return out;
}

type Reply = { id: number; results: Array<{ file: string; messages: LintMessage[] }> } | { id: number; error: string };

async function lintInWorkers(items: ScanItem[], configFile: string, count: number): Promise<Map<string, LintMessage[]>> {
  const queue = batches(items);
  const out = new Map<string, LintMessage[]>();
  const url = new URL('./lint-worker.mjs', import.meta.url);
  const pool: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let pending = 0;
      const feed = (worker: Worker) => {
        if (next >= queue.length) {
          if (pending === 0) resolve();
          return;
        }
        const id = next++;
        pending++;
        worker.postMessage({ id, items: queue[id] });
      };
      for (let i = 0; i < Math.min(count, queue.length); i++) {
        // No TypeScript loader in the workers: they run plain JavaScript only.
        const worker = new Worker(url, { workerData: { role: 'connvo-tokens-lint', configFile }, execArgv: [] });
        pool.push(worker);
        worker.on('message', (reply: Reply) => {
          pending--;
          if ('error' in reply) return reject(new Error(reply.error));
          for (const r of reply.results) out.set(r.file, r.messages);
          feed(worker);
        });
        worker.on('error', reject);
        worker.on('exit', (code) => {
          if (code !== 0) reject(new Error(`token scan worker exited with code ${code}`));
        });
        feed(worker);
      }
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return out;
}
