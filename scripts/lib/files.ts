import fs from 'node:fs';
import path from 'node:path';

/** Directories a walk skips unless told otherwise (build output and tooling, never sources). */
export const SKIPPED_DIRS = new Set(['node_modules', '.git', '.mintlify', '.next', 'dist', 'coverage']);

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

export interface WalkOptions {
  /** Keep a file (relative path) in the result. */
  accept?: (rel: string) => boolean;
  /** Leave out a path and everything under it (Mintlify's ignore rules, `.secretlintignore`). */
  ignored?: (rel: string, isDir: boolean) => boolean;
  /** Told about each symlink whose real location is outside the root; it is never opened. */
  onOutside?: (rel: string) => void;
  /**
   * Told about each name that is not valid UTF-8 (relative path, the name decoded lossily): it is
   * skipped, as no path string can name it.
   */
  onInvalidName?: (rel: string) => void;
  /** Directory names never entered (default SKIPPED_DIRS). */
  skipDirs?: ReadonlySet<string>;
}

/** Whether `real` (a resolved path) is `realRoot` or lies under it. */
export function isInside(realRoot: string, real: string): boolean {
  return real === realRoot || real.startsWith(realRoot.endsWith(path.sep) ? realRoot : realRoot + path.sep);
}

/**
 * The real location of `rel` under `root` if it stays inside the root's real location;
 * 'outside' when a symlink on the way leads out of the tree; undefined when it does not exist.
 * Every path the checks open goes through here or through walkFiles (the tree is untrusted input:
 * a symlink or `../` must never make a check read, and so print, a file of the machine).
 */
export function realPathInside(root: string, rel: string): string | 'outside' | undefined {
  const abs = path.resolve(root, rel);
  const realRoot = realRootOf(root);
  if (realRoot === undefined) return undefined;
  if (!isInside(path.resolve(root), abs)) return 'outside';
  let real: string;
  try {
    real = fs.realpathSync(abs);
  } catch {
    return undefined;
  }
  return isInside(realRoot, real) ? real : 'outside';
}

const realRoots = new Map<string, string>();

/** The root's real location (resolved once per process: every confined read asks). */
function realRootOf(root: string): string | undefined {
  let real = realRoots.get(root);
  if (real === undefined) {
    try {
      real = fs.realpathSync(root);
    } catch {
      return undefined;
    }
    realRoots.set(root, real);
  }
  return real;
}

/**
 * The one way a file of the checked tree is opened (pages, specs, configs, includes, the policy,
 * the reporters' code frames): never a path whose real location is outside the root, and, as the
 * real path is opened with O_NOFOLLOW, never a symlink swapped in after it was resolved. 'outside'
 * for a path that leads out (not opened); undefined when it is missing or not a regular file.
 * `maxBytes`: a larger file is not read (undefined).
 */
export function readInside(root: string, rel: string, maxBytes = Infinity): Buffer | 'outside' | undefined {
  const real = realPathInside(root, rel);
  if (real === undefined || real === 'outside') return real;
  let fd: number;
  try {
    fd = fs.openSync(real, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile() || st.size > maxBytes) return undefined;
    return fs.readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

// A FIFO planted in the tree must not block the open (it is then refused as not a regular file).
const O_NONBLOCK = fs.constants.O_NONBLOCK ?? 0;

/** `readInside` as text (see decodeText), with why a file cannot be read. */
export function readTextInside(root: string, rel: string): DecodedText {
  const bytes = readInside(root, rel);
  if (bytes === 'outside') return { error: 'it leads outside the checked tree, so it is not read' };
  if (bytes === undefined) return { error: 'not found' };
  return decodeText(bytes);
}

/**
 * Every file under `dir` (relative, forward slashes), sorted. Follows symlinks that stay inside
 * the root, never the same real directory twice (a symlink loop ends), and never one whose real
 * location is outside the root: that one is handed to `onOutside` and not opened.
 */
export function walkFiles(root: string, dir = '.', options: WalkOptions | ((rel: string) => boolean) = {}): string[] {
  const { accept = () => true, ignored, onOutside, onInvalidName, skipDirs = SKIPPED_DIRS }: WalkOptions = typeof options === 'function' ? { accept: options } : options;
  const out: string[] = [];
  // Directories being walked (by real path): a symlink back into one of them is a loop. A folder
  // reached by two paths is walked under both, as Mintlify's own file list does.
  const ancestors = new Set<string>();
  let realRoot: string;
  try {
    realRoot = fs.realpathSync(root);
  } catch {
    return out;
  }
  const visit = (relDir: string) => {
    const abs = path.join(root, relDir);
    let real: string;
    try {
      real = fs.realpathSync(abs);
    } catch {
      return; // dangling link or loop (ELOOP)
    }
    if (!isInside(realRoot, real)) return void onOutside?.(relDir);
    if (ancestors.has(real)) return;
    let entries: Array<{ name: string; entry: fs.Dirent<Buffer> }> = [];
    try {
      // Names as bytes: one that is not UTF-8 would otherwise be decoded lossily into a path that
      // does not exist (and every later open of it would fail).
      for (const entry of fs.readdirSync(abs, { withFileTypes: true, encoding: 'buffer' }) as Array<fs.Dirent<Buffer>>) {
        try {
          entries.push({ name: utf8.decode(entry.name), entry });
        } catch {
          onInvalidName?.(relDir === '.' ? entry.name.toString('utf8') : `${relDir}/${entry.name.toString('utf8')}`);
        }
      }
    } catch {
      return;
    }
    entries = entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    ancestors.add(real);
    for (const { name, entry } of entries) {
      const rel = relDir === '.' ? name : `${relDir}/${name}`;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        let target: string;
        try {
          target = fs.realpathSync(path.join(root, rel));
          const st = fs.statSync(target);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          continue; // dangling, or a loop
        }
        if (ignored?.(rel, isDir)) continue;
        if (!isInside(realRoot, target)) {
          onOutside?.(rel);
          continue;
        }
      } else if (ignored?.(rel, isDir)) continue;
      if (isDir) {
        if (!skipDirs.has(name)) visit(rel);
      } else if (isFile && accept(rel)) {
        out.push(rel);
      }
    }
    ancestors.delete(real);
  };
  visit(dir);
  return out;
}

export type DecodedText = { text: string } | { error: string };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** UTF-8 text with BOM dropped and CRLF normalised, or why the bytes are not text. */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes.includes(0)) return { error: 'binary file (contains NUL bytes)' };
  try {
    return { text: utf8.decode(bytes).replace(/\r\n?/g, '\n') };
  } catch {
    return { error: 'not valid UTF-8' };
  }
}
