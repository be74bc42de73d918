import path from 'node:path';
import { watch } from 'chokidar';
import { CHECK_INFO } from '../checks/info.js';

/**
 * `npm run check -- --watch`: the directories to watch and which checks a change affects.
 *
 * chokidar watches the tree folder by folder, pruning node_modules and .git (nothing in them is an
 * input of a check; Node's own recursive watch on Linux walks and watches every folder under the
 * root, node_modules included, tens of thousands in this repository). It also picks up folders
 * created later and turns an editor's atomic save (write a temporary file, rename it over the
 * page) into one change.
 */

/** Folders never watched: nothing in them is an input of a check. */
const SKIPPED_DIRS = new Set(['node_modules', '.git']);

export interface TreeWatcher {
  close(): Promise<void>;
  /** Resolves once every folder that existed at the start is watched. */
  readonly ready: Promise<void>;
  /** Folders being watched (relative to the root, '.' for the root). */
  readonly dirs: ReadonlySet<string>;
}

/**
 * Watch every folder under `root` (not following symlinks: a link outside the tree is never
 * read, so never watched); call `onChange` with the changed paths (relative, forward slashes)
 * once changes have been quiet for `quietMs`.
 */
export function watchTree(root: string, onChange: (paths: string[]) => void, quietMs = 20): TreeWatcher {
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    const paths = [...pending].sort();
    pending = new Set();
    if (paths.length) onChange(paths);
  };
  const relative = (abs: string) => path.relative(root, abs).split(path.sep).join('/') || '.';
  const watcher = watch(root, {
    ignoreInitial: true,
    followSymlinks: false,
    ignored: (abs: string) => SKIPPED_DIRS.has(path.basename(abs)),
  });
  watcher.on('all', (_event, abs) => {
    pending.add(relative(abs));
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, quietMs);
  });
  // A folder that cannot be read or goes away is not watched: nothing to report.
  watcher.on('error', () => undefined);
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return {
    ready,
    async close() {
      if (timer) clearTimeout(timer);
      await watcher.close();
    },
    get dirs() {
      const out = new Set<string>();
      for (const dir of Object.keys(watcher.getWatched())) {
        const rel = relative(dir);
        if (rel !== '..' && !rel.startsWith('../')) out.add(rel);
      }
      return out;
    },
  };
}

const ALL = Object.keys(CHECK_INFO);

/** The pages the security check reads (scripts/security: AUTH_PAGE, MATRIX_PAGE). */
export const SECURITY_PAGES = ['docs/authentication.mdx', 'docs/api-reference/access-matrix.mdx'];

/**
 * The checks whose findings a change to these files can alter (names of CHECK_INFO):
 * - an MDX/Markdown page: the page-side checks (`site`: its parse, title, links and the links
 *   into it; `examples`; `tokens`), and `security` when it is one of the two pages it reads;
 *   never `spec` or `drift`, which read no page;
 * - JSON or YAML (a spec, the config, a docs.json include, access-policy.yaml, the function
 *   spec), an ignore file, or a path that may be a folder: every check;
 * - any other file: `tokens` (it scans every text file).
 */
export function affectedChecks(paths: string[]): Set<string> {
  const out = new Set<string>();
  for (const p of paths) {
    const base = p.slice(p.lastIndexOf('/') + 1);
    const ext = path.extname(base).toLowerCase();
    if (ext === '.mdx' || ext === '.md') {
      for (const c of ['site', 'examples', 'tokens']) out.add(c);
      if (SECURITY_PAGES.includes(p)) out.add('security');
    }
    else if (ext === '' || ['.json', '.yaml', '.yml'].includes(ext) || base.startsWith('.')) return new Set(ALL);
    else out.add('tokens');
  }
  return out;
}
