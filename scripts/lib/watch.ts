import fs from 'node:fs';
import path from 'node:path';
import { CHECK_INFO } from '../checks/info.js';

/**
 * `npm run check -- --watch`: the directories to watch and which checks a change affects.
 *
 * Directories are watched one by one (fs.watch without `recursive`): Node's recursive watch on
 * Linux walks and watches every folder under the root, node_modules included (tens of thousands
 * in this repository), while the checks never read those. A folder created later is watched as
 * soon as its creation is seen.
 */

/** Folders never watched: nothing in them is an input of a check. */
const SKIPPED_DIRS = new Set(['node_modules', '.git']);

export interface TreeWatcher {
  close(): void;
  /** Folders being watched (relative to the root, '.' for the root). */
  readonly dirs: ReadonlySet<string>;
}

/**
 * Watch every folder under `root` (not following symlinks: a link outside the tree is never
 * read, so never watched); call `onChange` with the changed paths (relative, forward slashes)
 * once changes have been quiet for `quietMs`.
 */
export function watchTree(root: string, onChange: (paths: string[]) => void, quietMs = 20): TreeWatcher {
  const watchers = new Map<string, fs.FSWatcher>();
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    const paths = [...pending].sort();
    pending = new Set();
    if (paths.length) onChange(paths);
  };
  const changed = (rel: string) => {
    pending.add(rel);
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, quietMs);
  };
  const watchDir = (rel: string) => {
    if (watchers.has(rel)) return;
    const abs = path.join(root, rel);
    let watcher: fs.FSWatcher;
    try {
      watcher = fs.watch(abs, { persistent: true }, (_event, name) => {
        if (name === null) return changed(rel);
        const child = rel === '.' ? String(name) : `${rel}/${String(name)}`;
        if (SKIPPED_DIRS.has(String(name))) return;
        let stat: fs.Stats | undefined;
        try {
          stat = fs.lstatSync(path.join(root, child));
        } catch {
          // removed: a watched folder that went is forgotten
          for (const [dir, w] of watchers) {
            if (dir === child || dir.startsWith(`${child}/`)) {
              w.close();
              watchers.delete(dir);
            }
          }
        }
        if (stat?.isDirectory()) walk(child);
        changed(child);
      });
    } catch {
      return; // gone or unreadable: nothing to watch
    }
    watcher.on('error', () => {
      watcher.close();
      watchers.delete(rel);
    });
    watchers.set(rel, watcher);
  };
  const walk = (rel: string) => {
    watchDir(rel);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory() && !SKIPPED_DIRS.has(e.name)) walk(rel === '.' ? e.name : `${rel}/${e.name}`);
    }
  };
  walk('.');
  return {
    close() {
      if (timer) clearTimeout(timer);
      for (const w of watchers.values()) w.close();
      watchers.clear();
    },
    get dirs() {
      return new Set(watchers.keys());
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
