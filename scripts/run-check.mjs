#!/usr/bin/env -S node --max-semi-space-size=16
// `npm run check`: the CLI of scripts/check.ts, run as JavaScript bundled from the TypeScript
// sources and the libraries they import (scripts/build-check.mjs), so a start pays neither tsx's
// loader (~0.3 s) nor Node's module loader resolving, reading and compiling ~1,500 modules one by
// one (~0.5 s on this repository: Redocly, Mintlify's validation, swagger-parser, Ajv, micromark).
// Plain JavaScript: node runs it without a loader.
//
// The build lives in node_modules/.cache/connvo-check/<this checkout>/<stamp>/, outside the
// checked tree, and is made again only when the stamp changes: the size and mtime of every source
// under scripts/ and packages/ (the rule package the token worker bundles), of package-lock.json (the dependencies) and of these two files, and Node's
// version (~110 stats per start). V8's compile cache is turned on too (under the same
// cache folder). If the build cannot be made (no esbuild), the CLI runs through tsx as before.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import module from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';

// package.json's engines: npm only warns about them, and on an older Node the libraries fail in
// ways that do not say why.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 22)) {
  process.stderr.write(`check: Node ${process.versions.node} is not supported: use Node 24 or 26 (22.22 or later works too; see "Set-up" in the README)\n`);
  process.exit(2);
}

// The pipeline collects garbage between checks on a big heap (scripts/lib/pipeline.ts). `node
// --expose-gc` cannot be asked for by the `connvo-docs-check` bin's shebang, so the flag is set
// here just long enough to take the function, then unset: V8's code cache is only used under the
// flags it was made with, and a changed flag set made every start compile its modules again.
if (typeof globalThis.gc !== 'function') {
  v8.setFlagsFromString('--expose-gc');
  globalThis.gc = vm.runInNewContext('gc');
  v8.setFlagsFromString('--no-expose-gc');
}

// Young-generation size. From Node 22 V8 lets each thread's new space grow to 128 MB (64 MB
// semi-spaces; 16 MB on Node 20): with the main thread and two worker threads that was ~80 MB of
// peak RSS more on the 50 MiB bench site (645 MB against 564, the same time). The bin's shebang
// and `npm run check` pass the flag for the main thread, whose heap is made before any code runs;
// set here, it also holds the worker threads made later when node was started without it.
v8.setFlagsFromString('--max-semi-space-size=16');

const SCRIPTS = import.meta.dirname;
const REPO = path.dirname(SCRIPTS);
const CACHE = path.join(REPO, 'node_modules', '.cache', 'connvo-check');

// V8 keeps the code it compiled for each module between runs. The call covers this thread only;
// worker threads (the token scan's bundled secretlint, the MDX parsers) read the variable.
try {
  const v8Cache = path.join(CACHE, 'v8');
  module.enableCompileCache?.(v8Cache);
  process.env.NODE_COMPILE_CACHE ??= v8Cache;
} catch {
  // not fatal: only slower
}

/** What the build depends on, as one hash. */
function stamp() {
  const hash = createHash('sha256').update(process.version);
  const add = (file) => {
    try {
      const st = fs.statSync(file);
      hash.update(`${file}\0${st.size}\0${st.mtimeMs}\n`);
    } catch {
      hash.update(`${file}\0missing\n`);
    }
  };
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const child = path.join(dir, e.name);
      if (e.isDirectory()) walk(child);
      else if (/\.(ts|mts|mjs|js|json)$/.test(e.name)) add(child);
    }
  };
  walk(SCRIPTS);
  // The token scan's worker bundles the project's rule package too: a change to its rules is a change to the build.
  walk(path.join(REPO, 'packages'));
  add(path.join(REPO, 'package-lock.json'));
  add(path.join(REPO, 'tsconfig.json'));
  return hash.digest('hex').slice(0, 16);
}

/** The bundled entry, built first if need be. */
async function bundled() {
  // One folder per checkout (two worktrees may share node_modules), one build per stamp.
  const checkout = createHash('sha256').update(fs.realpathSync(REPO)).digest('hex').slice(0, 12);
  const base = path.join(CACHE, checkout);
  const dir = path.join(base, stamp());
  const entry = path.join(dir, 'check.js');
  if (!fs.existsSync(entry)) {
    fs.mkdirSync(base, { recursive: true });
    const { buildCheck } = await import('./build-check.mjs');
    await buildCheck({ scripts: SCRIPTS, dir, finalDir: dir });
    // Older builds of this checkout (~13 MB each): the two newest are kept, for a run that may
    // still be loading chunks from them (--watch), and so is any made in the last ten minutes.
    const others = fs
      .readdirSync(base)
      .map((name) => path.join(base, name))
      .filter((p) => p !== dir && !p.includes('.tmp-'))
      .map((p) => ({ p, mtime: fs.statSync(p).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime);
    for (const { p, mtime } of others.slice(2)) if (Date.now() - mtime > 600_000) fs.rmSync(p, { recursive: true, force: true });
  }
  return pathToFileURL(entry).href;
}

let entry;
try {
  entry = await bundled();
} catch (err) {
  if (process.env.CHECK_DEBUG || process.argv.includes('--debug')) process.stderr.write(`check: cannot build the sources (${err.message}); running them through tsx\n`);
  const { register } = await import('tsx/esm/api');
  register();
  entry = pathToFileURL(path.join(SCRIPTS, 'check.ts')).href;
}
const { cli } = await import(entry);
cli(process.argv.slice(2));
