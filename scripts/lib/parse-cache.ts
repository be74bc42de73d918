import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import type { PageParse } from './mdx.js';

/**
 * `--cache`: page parses kept on disk between runs, like ESLint's cache, so an unchanged page is
 * never parsed twice. A parse is a function of the page's text and of the parser, so an entry is
 * found by the hash of the text, in a file named by the checked root and the parser's version (its
 * sources and the locked dependencies): any change to either starts a new file. The file holds the
 * parses of the root's pages at the last run (the workspace drops the ones a run did not use).
 */

const REPO = path.resolve(import.meta.dirname, '..', '..');

/** Where caches live unless `--cache-location` says otherwise: under this repository's node_modules, outside any checked tree. */
export const DEFAULT_CACHE_LOCATION = path.join(REPO, 'node_modules', '.cache', 'connvo-check', 'results');

/** What a page's parse depends on besides its text: the parser's sources and the dependency lock. */
const PARSER_INPUTS = ['scripts/lib/mdx.ts', 'scripts/lib/mdx-blocks.ts', 'scripts/lib/estree-names.ts', 'scripts/lib/frontmatter.ts', 'package-lock.json'];

function parserVersion(): string {
  const hash = createHash('sha256');
  for (const file of PARSER_INPUTS) {
    try {
      hash.update(fs.readFileSync(path.join(REPO, file)));
    } catch {
      hash.update(`${file}: missing`);
    }
    hash.update('\0');
  }
  return hash.digest('hex');
}

export interface ParseCacheFile {
  file: string;
  parses: Map<string, PageParse>;
  /** Writes the parses back if the run changed them (atomically: a concurrent run reads the old or the new file). */
  save(): void;
}

/** The root's parse cache under `location` (empty if there is none yet or it cannot be read). */
export function openParseCache(location: string, root: string): ParseCacheFile {
  const id = createHash('sha256').update(`${path.resolve(root)}\0${parserVersion()}`).digest('hex').slice(0, 20);
  const file = path.join(location, `parses-${id}.v8`);
  let parses = new Map<string, PageParse>();
  try {
    const read = v8.deserialize(fs.readFileSync(file)) as unknown;
    if (read instanceof Map) parses = read as Map<string, PageParse>;
  } catch {
    // none yet, or unreadable: parsed again and written anew
  }
  let before = new Set(parses.keys());
  return {
    file,
    parses,
    save() {
      if (parses.size === before.size && [...parses.keys()].every((k) => before.has(k))) return;
      fs.mkdirSync(location, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, v8.serialize(parses));
      fs.renameSync(tmp, file);
      before = new Set(parses.keys());
    },
  };
}
