import { checks as registry } from '../checks/index.js';
import type { Check } from './check.js';
import { CannotRunError, CheckFailedError, compareFindings, type Finding } from './finding.js';
import type { ResultStore } from './cache.js';
import type { PageParse } from './mdx.js';
import { Workspace } from './workspace.js';

export interface Summary {
  errors: number;
  warnings: number;
  files: number;
}

export interface RunResult {
  findings: Finding[];
  summary: Summary;
  /**
   * Milliseconds per check, from its start to its last finding, plus `load:pages` (reading every
   * page) and `load:mdx` (parsing them in workers). Checks run one after another, but the parse
   * overlaps them (and a check reading parses includes its wait), so these do not add up to the
   * run's wall time.
   */
  timings: Record<string, number>;
  /** What a later run (`--watch`) needs to re-run only some checks and keep the others' findings. */
  state: RunState;
}

export interface RunState {
  /** Each check's own findings from the run that last ran it. */
  perCheck: Record<string, Finding[]>;
  /** Findings made while loading inputs (their `check` is the check whose inputs they are). */
  load: Finding[];
  /** Files read, for the summary. */
  files: string[];
}

export type ProgressEvent = { type: 'start' | 'end'; name: string; ms: number };

export interface RunOptions {
  root: string;
  /** Check names; all registered checks when empty. */
  only?: string[];
  checks?: readonly Check[];
  /** Told when a check (or a loading phase) starts and ends: the CLI's progress line. */
  onProgress?: (event: ProgressEvent) => void;
  /**
   * Re-run only these checks and keep every other check's findings (and the findings made loading
   * their inputs) from `previous`: `--watch` after a change that cannot affect the others.
   */
  rerun?: { previous: RunState; checks: ReadonlySet<string> };
  /**
   * Page parses by content from earlier runs (`--watch`): a page whose text is unchanged is not
   * parsed again. Entries this run did not use are dropped at its end.
   */
  parseCache?: Map<string, PageParse>;
  /** `--cache`: results kept on disk between runs with the files they were worked out from (see lib/cache.ts). */
  results?: ResultStore;
  /** Spec-side results kept between runs (`--watch`), see Workspace.memo. */
  memo?: Map<string, unknown>;
  /** Absolute path of `--function-spec FILE` (see CheckContext). */
  functionSpec?: string;
  /** `--strict`: every rule, whatever the tree (see lib/rule-set.ts). */
  strict?: boolean;
}

/**
 * A full garbage collection, when `gc` is exposed (scripts/run-check.mjs exposes it), after
 * each check that reads no page parses. V8 sizes the heap for its next collection from what was
 * live at the last one, and each spec-side check leaves its working memory behind as garbage
 * (Redocly's lint walk, swagger-parser's copies, the security check's conversions); without this
 * the main heap keeps that headroom (~300 MB on a 5 MiB spec) while the workers parse. Measured on
 * the 50 MiB bench site: peak RSS ~1,000 MB to ~710 MB, for three collections of 94, 271 and
 * 139 ms. Not in the parse workers: a collection after every batch there doubled the parse time.
 */
function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  // Only where it pays: a small tree's heap never makes the peak, and each collection costs
  // ~50-100 ms of a run that takes two seconds.
  if (gc && process.memoryUsage().heapUsed > GC_MIN_HEAP) gc();
}

const GC_MIN_HEAP = 192 * 1024 * 1024;

/** Load inputs once (lazily, on first use by a check), run the selected checks, collect findings. */
export async function runChecks(options: RunOptions): Promise<RunResult> {
  const available = options.checks ?? registry;
  const names = options.only?.length ? options.only : available.map((c) => c.name);
  const unknown = names.filter((n) => !available.some((c) => c.name === n));
  if (unknown.length) {
    throw new CannotRunError(`unknown check ${unknown.map((n) => `"${n}"`).join(', ')} (known: ${available.map((c) => c.name).join(', ')})`);
  }
  const chosen = available.filter((c) => names.includes(c.name));
  const rerun = options.rerun;
  const selected = rerun ? chosen.filter((c) => rerun.checks.has(c.name)) : chosen;
  const workspace = new Workspace(options.root, { parseCache: options.parseCache, memo: options.memo, results: options.results, strict: options.strict, functionSpec: options.functionSpec });
  const ctx = { workspace, selected: new Set(selected.map((c) => c.name)), named: Boolean(options.only?.length), functionSpec: options.functionSpec };
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, work: () => Promise<T> | T): Promise<T> => {
    const t0 = performance.now();
    options.onProgress?.({ type: 'start', name, ms: 0 });
    try {
      return await work();
    } finally {
      timings[name] = Math.round(performance.now() - t0);
      options.onProgress?.({ type: 'end', name, ms: timings[name] });
    }
  };

  // Started before any check runs, so the workers parse while the main thread lints the spec.
  if (selected.some((c) => c.readsPageParses)) {
    await timed('load:pages', () => workspace.pages());
    await workspace.startPageParse();
    void timed('load:mdx', () => workspace.pagesParsed());
  }

  // Checks that can work beside the others (in a worker thread) start now; their `run` collects.
  for (const check of selected) if (check.prefetch) await check.prefetch(ctx);

  const runOne = (check: Check) =>
    timed(check.name, async () => {
      try {
        return await check.run(ctx);
      } catch (err) {
        if (err instanceof CannotRunError) throw err;
        throw new CheckFailedError(check.name, err);
      }
    });
  // One check at a time: they share the main thread anyway, and one at a time only one check's
  // working memory is alive (all at once peaked ~350 MB higher on a 4,000-operation spec). Checks
  // that read page parses go last, so the main thread does everything else while workers parse.
  const perCheck: Finding[][] = [];
  const order = [...selected.filter((c) => !c.readsPageParses), ...selected.filter((c) => c.readsPageParses)];
  try {
    for (const [i, check] of order.entries()) {
      perCheck.push(await runOne(check));
      // None after the last, nor in a re-run of --watch (a small heap, and the answer is awaited).
      // Also between the checks that read parses (once the workers are done): on the 1x bench
      // site `examples` sometimes left ~140 MB of garbage that was still there at the peak of the
      // `site` check (main heap 418 MB against 278 in other runs).
      if (i < order.length - 1 && !rerun) collectGarbage();
    }
  } finally {
    await workspace.close(); // a check that failed may have left parse workers running
  }
  const ran = new Set(selected.map((c) => c.name));
  const state: RunState = {
    perCheck: Object.fromEntries(order.map((c, i) => [c.name, perCheck[i]])),
    load: [...workspace.loadFindings],
    files: [...workspace.filesRead],
  };
  if (rerun) {
    // A kept check keeps the findings of its inputs too: what this run loaded for the re-run
    // checks (say the spec, read by `site`) says nothing new about a kept check (`spec`).
    const kept = new Set(chosen.filter((c) => !ran.has(c.name)).map((c) => c.name));
    for (const name of kept) state.perCheck[name] = rerun.previous.perCheck[name] ?? [];
    state.load = [...rerun.previous.load.filter((f) => kept.has(f.check)), ...state.load.filter((f) => !kept.has(f.check))];
    state.files = [...new Set([...rerun.previous.files, ...state.files])];
  }
  const findings = dedupe([...state.load, ...Object.values(state.perCheck).flat()]).sort(compareFindings);
  return {
    findings,
    summary: {
      errors: findings.filter((f) => f.severity === 'error').length,
      warnings: findings.filter((f) => f.severity === 'warning').length,
      files: state.files.length,
    },
    timings,
    state,
  };
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = JSON.stringify(f);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
