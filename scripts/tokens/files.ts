import path from 'node:path';
import ignore from 'ignore';
import { readInside, walkFiles } from '../lib/files.js';

/** Which files of a tree the token scan reads: every text file, as stock `secretlint "**\/*"` would. */

/** Lockfiles: registry URLs and integrity hashes, megabytes of them, never a credential. */
export const LOCKFILES = new Set([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lockb',
  'Cargo.lock',
  'poetry.lock',
  'Pipfile.lock',
  'Gemfile.lock',
  'composer.lock',
  'go.sum',
]);

// Known binary formats, skipped without reading them (other binaries are caught by their NUL bytes).
const BINARY_EXTENSIONS = new Set(
  'png jpg jpeg gif webp avif ico bmp tif tiff psd woff woff2 ttf otf eot pdf zip gz tgz bz2 xz 7z rar tar jar war wasm mp3 mp4 m4a mov webm ogg wav avi mkv exe dll so dylib bin dat class pyc o a lib p12 pfx der keystore jks sqlite db'
    .split(' ')
    .map((e) => `.${e}`),
);

export const IGNORE_FILE = '.secretlintignore';

/** Relative paths (forward slashes) of the files to scan under `root`, sorted. */
export function tokenScanFiles(root: string): string[] {
  const ig = ignore();
  const rules = readInside(root, IGNORE_FILE);
  if (rules instanceof Buffer) ig.add(rules.toString('utf8'));
  return walkFiles(root, '.', (rel) => {
    const base = rel.slice(rel.lastIndexOf('/') + 1);
    if (LOCKFILES.has(base)) return false;
    if (BINARY_EXTENSIONS.has(path.extname(base).toLowerCase())) return false;
    return !ig.ignores(rel);
  });
}
