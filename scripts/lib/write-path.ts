import fs from 'node:fs';
import path from 'node:path';
import { isInside } from './files.js';
import { CannotRunError } from './finding.js';

/**
 * Where the CLI writes (`--output FILE`, the `--cache` folder): never into the checked tree, never
 * through a symlink. The tree is untrusted: a planted `report.sarif -> ~/.bashrc` must not be
 * overwritten, and a cache location that resolves into the tree (a link outside pointing in) must
 * not copy page content into it. Paths are compared by their real location; files are opened
 * without following links.
 */

/** `abs` with its deepest existing ancestor resolved to its real location (the rest does not exist yet). */
function realLocation(abs: string): string {
  let existing = abs;
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(fs.realpathSync(existing), ...rest);
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return abs;
      rest.unshift(path.basename(existing));
      existing = parent;
    }
  }
}

/**
 * The absolute path to write at, or exit 2 (`what` names the option) when it leads into the
 * checked tree. `allowedIn`: a folder of the tree that is not part of the site (this repository's
 * own `node_modules`, the default cache), reached without a symlink.
 */
export function writablePath(given: string, root: string, what: string, allowedIn?: string): string {
  const abs = path.resolve(given);
  const realRoot = realLocation(path.resolve(root));
  const inside = isInside(path.resolve(root), abs) || isInside(realRoot, realLocation(abs));
  if (!inside) return abs;
  if (allowedIn && isInside(path.resolve(root, allowedIn), abs) && !symlinkBetween(path.resolve(root), abs)) return abs;
  throw new CannotRunError(`${what} ${given}: it leads into the checked tree (${root}), which checks never write to; choose a path outside it`);
}

/** Whether a component of `abs` below `from` is a symlink. */
function symlinkBetween(from: string, abs: string): boolean {
  let p = from;
  for (const part of path.relative(from, abs).split(path.sep)) {
    p = path.join(p, part);
    try {
      if (fs.lstatSync(p).isSymbolicLink()) return true;
    } catch {
      return false; // the rest does not exist yet
    }
  }
  return false;
}

/** `mkdir -p`, one level at a time: Node's recursive mkdir never returns on some paths (`/proc/x`). */
export function makeDirs(dir: string): void {
  const missing: string[] = [];
  let p = path.resolve(dir);
  while (!fs.existsSync(p)) {
    missing.unshift(p);
    const parent = path.dirname(p);
    if (parent === p) break;
    p = parent;
  }
  for (const d of missing) fs.mkdirSync(d);
}

/** Write a file, never through a symlink at its path (O_NOFOLLOW): a planted link is refused. */
export function writeFileNoFollow(file: string, data: string | Uint8Array, what = 'output'): void {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC | fs.constants.O_NOFOLLOW, 0o644);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new CannotRunError(`${what} ${file}: is a symlink; a report is never written through a link (remove it, or choose another path)`);
    throw new CannotRunError(`${what} ${file}: cannot be written (${code ?? (err as Error).message})`);
  }
  try {
    fs.writeFileSync(fd, data);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Replace `file` as a whole (a concurrent reader sees the old or the new one): written to a fresh
 * temporary file (created exclusively, never through a link) and renamed over it; a rename
 * replaces a symlink at `file` instead of following it.
 */
export function writeAtomically(file: string, bytes: Buffer | string): void {
  makeDirs(path.dirname(file));
  const tmp = `${file}.${process.pid}.tmp`;
  fs.rmSync(tmp, { force: true });
  const fd = fs.openSync(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, 0o644);
  try {
    fs.writeFileSync(fd, bytes);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}
