import { checks as registry } from '../checks/index.js';
import type { Check } from './check.js';
import { CannotRunError, CheckFailedError, compareFindings, type Finding } from './finding.js';
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
   * page) and `load:mdx` (parsing them in workers). Checks overlap, so these do not add up to the
   * run's wall time.
   */
  timings: Record<string, number>;
}

export type ProgressEvent = { type: 'start' | 'end'; name: string; ms: number };

export interface RunOptions {
  root: string;
  /** Check names; all registered checks when empty. */
  only?: string[];
  checks?: readonly Check[];
  /** Told when a check (or a loading phase) starts and ends: the CLI's progress line. */
  onProgress?: (event: ProgressEvent) => void;
}

/**
 * Checks that read every page's parsed MDX. For them the pipeline parses all pages once, in worker
 * threads, while the other checks (the spec) run on the main thread.
 */
const MDX_READERS = new Set(['site', 'examples']);

/** Load inputs once (lazily, on first use by a check), run the selected checks, collect findings. */
export async function runChecks(options: RunOptions): Promise<RunResult> {
  const available = options.checks ?? registry;
  const names = options.only?.length ? options.only : available.map((c) => c.name);
  const unknown = names.filter((n) => !available.some((c) => c.name === n));
  if (unknown.length) {
    throw new CannotRunError(`unknown check ${unknown.map((n) => `"${n}"`).join(', ')} (known: ${available.map((c) => c.name).join(', ')})`);
  }
  const selected = available.filter((c) => names.includes(c.name));
  const workspace = new Workspace(options.root);
  const ctx = { workspace, selected: new Set(selected.map((c) => c.name)) };
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
  const mdxReady = selected.some((c) => MDX_READERS.has(c.name))
    ? (async () => {
        await timed('load:pages', () => workspace.pages());
        await timed('load:mdx', () => workspace.prefetchPageParse());
      })()
    : Promise.resolve();
  mdxReady.catch(() => {}); // awaited below by the checks that need it; never left unhandled

  const perCheck = await Promise.all(
    selected.map(async (check) => {
      // Let every check start before any of them monopolises the main thread.
      await Promise.resolve();
      if (MDX_READERS.has(check.name)) await mdxReady;
      return timed(check.name, async () => {
        try {
          return await check.run(ctx);
        } catch (err) {
          if (err instanceof CannotRunError) throw err;
          throw new CheckFailedError(check.name, err);
        }
      });
    }),
  );
  const findings = dedupe([...workspace.loadFindings, ...perCheck.flat()]).sort(compareFindings);
  return {
    findings,
    summary: {
      errors: findings.filter((f) => f.severity === 'error').length,
      warnings: findings.filter((f) => f.severity === 'warning').length,
      files: workspace.filesRead.size,
    },
    timings,
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
