import { createHash } from 'node:crypto';
import { CannotRunError } from './finding.js';
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import type { PageParse } from './mdx.js';
import { makeDirs, writeAtomically } from './write-path.js';

/**
 * `--cache`: what a run worked out, kept on disk for the next, like ESLint's cache. Two stores, in
 * files named by the checked root and the code's version (every source under scripts/ and the
 * dependency lock: any change to either starts new files):
 * - page parses, by the hash of the page's text (a parse depends on nothing else); the file holds
 *   the parses of the root's pages at the last run (the workspace drops the ones a run did not use);
 * - results, each stored with the hash of every file it was worked out from and used only while
 *   all of them are unchanged: the spec lint (the spec, the files its $refs reach, the Redocly
 *   config and ignore file), and each file's token scan (by its text and the secretlint config's,
 *   in its key). Of each kind of result a run used, the entries it did not use are dropped.
 */

const REPO = path.resolve(import.meta.dirname, '..', '..');

/** Where caches live unless `--cache-location` says otherwise: under this repository's node_modules, outside any checked tree. */
export const DEFAULT_CACHE_LOCATION = path.join(REPO, 'node_modules', '.cache', 'connvo-check', 'results');

/** The code's version: the content of every source under scripts/ and packages/ (the secretlint rules) and of package-lock.json. */
function codeVersion(): string {
  const hash = createHash('sha256');
  const add = (file: string) => {
    try {
      hash.update(`${path.relative(REPO, file)}\0`).update(fs.readFileSync(file)).update('\0');
    } catch {
      hash.update(`${file}: missing\0`);
    }
  };
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const child = path.join(dir, e.name);
      if (e.isDirectory() && e.name !== 'node_modules') walk(child);
      else if (/\.(ts|mts|mjs|js|json)$/.test(e.name)) add(child);
    }
  };
  walk(path.join(REPO, 'scripts'));
  walk(path.join(REPO, 'packages'));
  add(path.join(REPO, 'package-lock.json'));
  return hash.digest('hex');
}

/** A file's content hash, or what stands for its absence. */
function fileHash(file: string): string {
  try {
    return createHash('sha256').update(fs.readFileSync(file)).digest('base64');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unreadable';
  }
}

/** Results kept with the files they were worked out from. */
export interface ResultStore {
  /** The value stored under `key`, if every file it was worked out from is unchanged. */
  get<T>(key: string): T | undefined;
  /** Store `value` (plain JSON) with the current hash of each of `files` (absolute paths). */
  set(key: string, value: unknown, files: Iterable<string>): void;
}

interface StoredResult {
  value: unknown;
  files: Record<string, string>;
}

export interface CacheFiles {
  parses: Map<string, PageParse>;
  results: ResultStore;
  /** Where the two stores are kept. */
  files: string[];
  /** Writes back what the run changed (each file atomically: a concurrent run reads the old or the new one). */
  save(): void;
}

function readOr<T>(file: string, read: (bytes: Buffer) => unknown, accept: (value: unknown) => value is T, otherwise: T): T {
  try {
    const value = read(fs.readFileSync(file));
    if (accept(value)) return value;
  } catch {
    // none yet, or unreadable: worked out again and written anew
  }
  return otherwise;
}


/** The root's caches under `location` (empty stores if there are none yet or they cannot be read). */
export function openCache(location: string, root: string): CacheFiles {
  // A location that cannot be made is one clear error now, not a failure at the end of the run.
  try {
    makeDirs(location);
    fs.accessSync(location, fs.constants.W_OK);
  } catch (err) {
    throw new CannotRunError(`--cache-location ${location}: cannot be used (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); choose a writable folder`);
  }
  const id = createHash('sha256').update(`${path.resolve(root)}\0${codeVersion()}`).digest('hex').slice(0, 20);
  const parsesFile = path.join(location, `parses-${id}.v8`);
  const resultsFile = path.join(location, `results-${id}.json`);
  const parses = readOr(parsesFile, (b) => v8.deserialize(b), (v): v is Map<string, PageParse> => v instanceof Map, new Map<string, PageParse>());
  const stored = readOr(
    resultsFile,
    (b) => JSON.parse(b.toString('utf8')),
    (v): v is Record<string, StoredResult> => Boolean(v) && typeof v === 'object' && !Array.isArray(v),
    {} as Record<string, StoredResult>,
  );
  let parseKeys = new Set(parses.keys());
  let resultsChanged = false;
  const touched = new Set<string>();
  const results: ResultStore = {
    get<T>(key: string): T | undefined {
      touched.add(key);
      const entry = Object.hasOwn(stored, key) ? stored[key] : undefined;
      if (!entry || typeof entry.files !== 'object') return undefined;
      for (const [file, hash] of Object.entries(entry.files)) if (fileHash(file) !== hash) return undefined;
      return entry.value as T;
    },
    set(key, value, files) {
      touched.add(key);
      stored[key] = { value, files: Object.fromEntries([...new Set(files)].map((f) => [f, fileHash(f)])) };
      resultsChanged = true;
    },
  };
  return {
    parses,
    results,
    files: [parsesFile, resultsFile],
    save() {
      if (parses.size !== parseKeys.size || [...parses.keys()].some((k) => !parseKeys.has(k))) {
        writeAtomically(parsesFile, v8.serialize(parses));
        parseKeys = new Set(parses.keys());
      }
      // Of each kind of result this run used (the part of a key before its first NUL), the entries
      // it did not use are gone: a file's old text, a spec no longer there.
      const kinds = new Set([...touched].map((k) => k.split('\0')[0]));
      for (const key of Object.keys(stored)) {
        if (kinds.has(key.split('\0')[0]) && !touched.has(key)) {
          delete stored[key];
          resultsChanged = true;
        }
      }
      if (resultsChanged) {
        writeAtomically(resultsFile, JSON.stringify(stored));
        resultsChanged = false;
      }
    },
  };
}
