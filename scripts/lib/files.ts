import fs from 'node:fs';
import path from 'node:path';

/** Directories no check ever looks into. */
export const SKIPPED_DIRS = new Set(['node_modules', '.git', '.mintlify', '.next', 'dist', 'coverage']);

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/**
 * Every file under `dir` (relative, forward slashes), sorted. Follows symlinks but never the same
 * real directory twice, so a symlink loop ends instead of recursing forever.
 */
export function walkFiles(root: string, dir = '.', accept: (rel: string) => boolean = () => true): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (relDir: string) => {
    const abs = path.join(root, relDir);
    let real: string;
    try {
      real = fs.realpathSync(abs);
    } catch {
      return; // dangling link or loop (ELOOP)
    }
    if (seen.has(real)) return;
    seen.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(abs, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const rel = relDir === '.' ? entry.name : `${relDir}/${entry.name}`;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const st = fs.statSync(path.join(root, rel));
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          continue;
        }
      }
      if (isDir) {
        if (!SKIPPED_DIRS.has(entry.name)) visit(rel);
      } else if (isFile && accept(rel)) {
        out.push(rel);
      }
    }
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
