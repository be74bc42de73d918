import type { Finding } from './finding.js';
import type { Workspace } from './workspace.js';

/**
 * A check: a name and a function from the shared workspace to findings. It never writes into the
 * checked tree and never touches the network. Loading, locations and reporting belong to the
 * pipeline; a check only decides what is wrong.
 */
export interface Check {
  name: string;
  /** One line for `--help`. */
  summary: string;
  /**
   * It reads every page's MDX parse (`page.mdx()`, after `await workspace.parsePages()`). The
   * pipeline then starts the parse in worker threads before any check and runs this check after
   * those that need no parses.
   */
  readsPageParses?: boolean;
  /**
   * Starts this check's work beside the others (a worker thread) before any check runs; `run`
   * then collects it. Called by the pipeline for the selected checks that have it.
   */
  prefetch?(ctx: CheckContext): Promise<void> | void;
  run(ctx: CheckContext): Promise<Finding[]> | Finding[];
}

export interface CheckContext {
  workspace: Workspace;
  /** Names of all checks selected for this run (a check may skip work another one does). */
  selected: ReadonlySet<string>;
  /** The checks were named (`--only`): one with nothing to check then says so instead of passing. */
  named?: boolean;
  /** `--function-spec FILE`: the deployed functions the `drift` check compares the spec with. */
  functionSpec?: string;
}
