import { createRequire } from 'node:module';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { batchesOf } from './batches.js';
import { pageParse, tooComplex, type PageParse } from './mdx.js';

/**
 * Parses many pages' MDX at once in worker threads, while the main thread runs the other checks.
 * On a large site parsing is the run's biggest cost and it parallelises. The main thread parses
 * only what workers cannot (none start, or one fails): measured on a 50 MiB site, parsing there
 * too grew the main heap by more than a worker costs (peak 1.3 GB against 0.98 GB).
 */

export interface ParseJob {
  text: string;
  /** Receives the parse (from a worker or the main thread). */
  done(parse: PageParse): void;
}

/**
 * The worker: loads the MDX parser (the bundled mdx.js under `npm run check`; otherwise mdx.ts
 * through tsx's programmatic API, so it works under `tsx`, vitest and plain node alike) and
 * answers batches of pages with their parse summaries (no trees: a tree is far larger than its
 * page and costs more to copy than the facts taken from it).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { pageParse } = workerData.tsxApi
    ? await (await import(workerData.tsxApi)).tsImport(workerData.mdxModule, workerData.mdxModule)
    : await import(workerData.mdxModule);
  parentPort.on('message', (batch) => {
    parentPort.postMessage(batch.map((text) => pageParse(text)));
  });
})().catch((err) => parentPort.postMessage({ failed: String(err && err.stack || err) }));
`;

/** Set by scripts/build-check.mjs in the bundle `npm run check` runs: the URL of the bundled mdx.js. */
declare const __CONNVO_BUNDLED_MDX__: string | undefined;
const BUNDLED_MDX = typeof __CONNVO_BUNDLED_MDX__ === 'string' ? __CONNVO_BUNDLED_MDX__ : undefined;

/** What a parse worker needs to load the MDX parser: the bundled mdx.js, or mdx.ts through tsx. */
function workerDataFor(): Record<string, string> {
  return BUNDLED_MDX
    ? { mdxModule: BUNDLED_MDX }
    : {
        tsxApi: pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href.replace(/index\.cjs$/, 'index.mjs'),
        mdxModule: new URL('./mdx.ts', import.meta.url).href,
      };
}

/** Pages are handed out in batches of about this many characters (~0.3 s of parsing). */
const BATCH_CHARS = 256 * 1024;
/**
 * Batches a worker holds at once (~4 MiB, about five seconds of parsing): a worker is topped up
 * only when the main thread handles its answer, and a spec check can keep the main thread busy
 * for seconds. Not more: every batch sent is a copy of its pages in the worker's heap.
 */
const IN_FLIGHT = 16;

export class PageParser {
  private readonly queue: ParseJob[][];
  private readonly workers: Worker[] = [];
  /** Batches sent to each live worker and not answered yet, oldest first. */
  private readonly pending = new Map<Worker, ParseJob[][]>();
  private settle!: () => void;
  /** Resolves once every job is done. */
  readonly settled = new Promise<void>((resolve) => (this.settle = resolve));
  private remaining: number;
  /** Wakes `finish` when a batch is done or a retiring worker hands batches back. */
  private wake?: () => void;
  /** Why each worker that stopped with pages still to parse stopped (the main thread parsed them). */
  readonly stopped: string[] = [];

  constructor(
    jobs: ParseJob[],
    private readonly options: { workers?: number; resourceLimits?: ResourceLimits } = {},
  ) {
    this.queue = batchesOf(jobs, BATCH_CHARS);
    this.remaining = this.queue.length;
    if (this.remaining === 0) this.settle();
  }

  /**
   * Start the workers: one per core but one (the main thread has checks to run meanwhile), at
   * least one, at most four (or as many as the options say). With the block pre-pass
   * (mdx-blocks.ts) a 50 MiB site parses in ~4 s of one thread: on two cores a second worker
   * saved no time and held ~35-40 MB more (measured on the 1x bench site).
   */
  start(): void {
    const count = Math.max(1, Math.min(this.options.workers ?? Math.min(os.availableParallelism() - 1, 4), this.queue.length));
    const workerData = workerDataFor();
    for (let i = 0; i < count; i++) {
      let worker: Worker;
      try {
        worker = new Worker(WORKER_SOURCE, { eval: true, workerData, execArgv: [], resourceLimits: this.options.resourceLimits });
      } catch (err) {
        if (process.env.CHECK_DEBUG) process.stderr.write(`check: cannot start an MDX worker (${(err as Error).message}); the main thread parses\n`);
        break;
      }
      this.workers.push(worker);
      this.pending.set(worker, []);
      worker.on('message', (msg: unknown) => {
        if (msg && typeof msg === 'object' && 'failed' in msg) return this.retire(worker, String((msg as { failed: unknown }).failed));
        // An answer that arrives after close() (a check failed and the run is ending) is dropped.
        const batch = this.pending.get(worker)?.shift();
        if (!batch) return;
        (msg as PageParse[]).forEach((parse, k) => batch[k].done(parse));
        this.batchDone();
        this.feed(worker);
      });
      worker.on('error', (err) => this.retire(worker, err.message));
      worker.on('exit', (code) => this.retire(worker, `exited with code ${code}`));
      this.feed(worker);
    }
  }

  /**
   * Wait until every page is parsed, then stop the workers. When no worker is left (none could
   * start, or they failed and gave their batches back), the main thread parses what remains.
   */
  async finish(): Promise<void> {
    while (this.remaining > 0) {
      const batch = this.pending.size === 0 ? this.queue.shift() : undefined;
      if (batch) {
        for (const job of batch) job.done(pageParse(job.text));
        this.batchDone();
        await new Promise((resolve) => setImmediate(resolve));
      } else {
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
    }
    await this.close();
  }

  /** Stop the workers (also when the run ends early). */
  async close(): Promise<void> {
    const workers = this.workers.splice(0);
    for (const w of workers) this.pending.delete(w);
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private feed(worker: Worker): void {
    const pending = this.pending.get(worker);
    if (!pending) return; // retired
    while (pending.length < IN_FLIGHT && this.queue.length) {
      const batch = this.queue.shift()!;
      pending.push(batch);
      worker.postMessage(batch.map(({ text }) => text));
    }
  }

  private batchDone(): void {
    if (--this.remaining === 0) this.settle();
    this.wake?.();
  }

  /** A worker that fails gives its unanswered batches back to the queue (the main thread takes them). */
  private retire(worker: Worker, reason: string): void {
    const pending = this.pending.get(worker);
    if (!pending) return;
    this.pending.delete(worker);
    this.queue.unshift(...pending);
    for (const other of this.pending.keys()) this.feed(other);
    this.wake?.();
    if (pending.length) {
      this.stopped.push(reason);
      if (process.env.CHECK_DEBUG) process.stderr.write(`check: MDX worker stopped (${reason}); the main thread parses its pages\n`);
    }
    void worker.terminate();
  }
}

/**
 * Pages above this size are parsed one at a time in a worker with a time and memory budget
 * (GuardedParser): micromark is quadratic on some constructs (1 MiB of `[a](` or `*a _b` took
 * 20-40 s and up to 1.5 GB), and a synchronous parse on the main thread could not be stopped.
 * Below it, the worst such page parses in a fraction of a second. Real pages are < 200 KB; a
 * normal one of this size parses in ~10-40 ms.
 */
export const GUARDED_PARSE_CHARS = 64 * 1024;

/**
 * CPU time a guarded page may take to parse (a normal 1 MiB page takes < 1 s), and the worker's
 * heap. CPU, not wall time: on a loaded machine a page's parse takes longer but costs the same, and
 * whether a page is parsed must not depend on what else the machine is doing.
 */
export const PARSE_BUDGET_MS = 3000;
/** How often the worker's CPU time is read; and the wall time after which a worker that uses no CPU (stuck) is stopped anyway. */
const BUDGET_POLL_MS = 100;
const WALL_LIMIT_FACTOR = 10;
const PARSE_BUDGET_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 };

/**
 * Parses large pages one at a time in a worker thread under a budget: a page whose parse uses more
 * than PARSE_BUDGET_MS of the worker's CPU, exhausts the worker's heap or its stack gets a `page-too-complex` warning
 * (the worker is stopped and a new one parses the next page) instead of stalling or aborting the run.
 */
export class GuardedParser {
  private worker?: Worker;
  private ready?: Promise<void>;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly budgetMs = PARSE_BUDGET_MS) {}

  /** The page's parse, or a page-too-complex parse when it is over budget. Pages are parsed in call order. */
  parse(text: string): Promise<PageParse> {
    const next = this.queue.then(() => this.parseNow(text));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private start(): Worker {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: workerDataFor(), execArgv: [], resourceLimits: PARSE_BUDGET_LIMITS });
    // The parser's own loading is not the page's cost: the budget starts once it answers a ping.
    this.ready = new Promise<void>((resolve) => {
      worker.once('message', () => resolve());
      worker.once('error', () => resolve());
      worker.once('exit', () => resolve());
      worker.postMessage([]);
    });
    return worker;
  }

  private async parseNow(text: string): Promise<PageParse> {
    this.worker ??= this.start();
    const worker = this.worker;
    await this.ready;
    const cpu = async () => {
      const u = await worker.cpuUsage();
      return (u.user + u.system) / 1000;
    };
    const cpuAtStart = await cpu().catch(() => 0);
    return new Promise<PageParse>((resolve) => {
      let settled = false;
      const overBudget = () => done(undefined, `parsing it as MDX took more than ${this.budgetMs / 1000} s of CPU`);
      const done = (parse: PageParse | undefined, why?: string) => {
        if (settled) return;
        settled = true;
        clearInterval(poll);
        clearTimeout(wallLimit);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (!parse) {
          // Over budget, out of memory or crashed: this worker is done; the next page gets a new one.
          void worker.terminate();
          if (this.worker === worker) this.worker = undefined;
        }
        resolve(parse ?? tooComplex(text, why!));
      };
      const onMessage = (msg: unknown) => done(Array.isArray(msg) && msg.length === 1 ? (msg[0] as PageParse) : undefined, 'the MDX parser failed on it');
      const onError = (err: Error) =>
        done(undefined, /memory/i.test(err.message) ? `parsing it as MDX took more than ${PARSE_BUDGET_LIMITS.maxOldGenerationSizeMb} MB` : /stack/i.test(err.message) ? 'its nesting is too deep for the MDX parser' : `the MDX parser failed on it (${err.message.split('\n')[0]})`);
      const onExit = () => done(undefined, 'the MDX parser stopped on it');
      // The worker's own CPU clock, read while it parses (Worker#cpuUsage answers even when the worker is busy).
      const poll = setInterval(() => {
        cpu().then((ms) => ms - cpuAtStart > this.budgetMs && overBudget(), () => undefined);
      }, BUDGET_POLL_MS);
      const wallLimit = setTimeout(overBudget, this.budgetMs * WALL_LIMIT_FACTOR);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage([text]);
    });
  }

  async close(): Promise<void> {
    await this.queue;
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }
}
