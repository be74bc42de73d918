// `npm run check`: the CLI of scripts/check.ts, run as JavaScript compiled from the TypeScript
// sources, so a start pays neither tsx's loader (~0.3 s) nor its hooks on every module the checks
// import (~0.4 s more for Redocly, Mintlify's validation, swagger-parser and Ajv). Plain JavaScript:
// node runs it without a loader.
//
// The sources under scripts/ are compiled file by file with esbuild (types stripped, nothing
// bundled, the layout kept, so relative imports still meet) into node_modules/.cache/connvo-check,
// and again only when a source's size or mtime changes (~100 stats per start). `import.meta.url`
// and `import.meta.dirname` are replaced by the source file's own, so paths relative to a module
// (the repository root, the secretlint config, the MDX worker's module) are what they were.
// If esbuild cannot be loaded, the CLI runs through tsx as before.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const SCRIPTS = import.meta.dirname;
const REPO = path.dirname(SCRIPTS);
const OUT = path.join(REPO, 'node_modules', '.cache', 'connvo-check');
const MANIFEST = path.join(OUT, 'manifest.json');

/** Every source file under scripts/ (relative), with what says it changed. */
function sources() {
  const out = {};
  const walk = (rel) => {
    for (const e of fs.readdirSync(path.join(SCRIPTS, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(child);
      else if (/\.(ts|mts|mjs)$/.test(e.name) && !/\.d\.m?ts$/.test(e.name)) {
        const st = fs.statSync(path.join(SCRIPTS, child));
        out[child] = `${st.size}:${st.mtimeMs}`;
      }
    }
  };
  walk('');
  return out;
}

const outName = (rel) => rel.replace(/\.ts$/, '.js').replace(/\.mts$/, '.mjs');

async function build() {
  const current = sources();
  let manifest = {};
  try {
    manifest = JSON.parse(fs.readFileSync(MANIFEST, 'utf8'));
  } catch {
    // first run
  }
  const stale = Object.keys(current).filter((rel) => manifest[rel] !== current[rel]);
  if (stale.length === 0) return;
  const esbuild = await import('esbuild');
  for (const rel of stale) {
    const src = path.join(SCRIPTS, rel);
    let text = fs.readFileSync(src, 'utf8');
    text = text.replaceAll('import.meta.dirname', JSON.stringify(path.dirname(src))).replaceAll('import.meta.url', JSON.stringify(pathToFileURL(src).href));
    const code = rel.endsWith('.mjs') ? text : (await esbuild.transform(text, { loader: 'ts', format: 'esm', target: 'node20', sourcefile: src, sourcemap: 'inline' })).code;
    const dest = path.join(OUT, 'scripts', outName(rel));
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    const tmp = `${dest}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, code);
    fs.renameSync(tmp, dest); // another start compiling at the same time writes the same bytes
  }
  const tmp = `${MANIFEST}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(current));
  fs.renameSync(tmp, MANIFEST);
}

let entry;
try {
  await build();
  entry = pathToFileURL(path.join(OUT, 'scripts', 'check.js')).href;
} catch (err) {
  if (process.env.CHECK_DEBUG || process.argv.includes('--debug')) process.stderr.write(`check: cannot compile the sources (${err.message}); running them through tsx\n`);
  const { register } = await import('tsx/esm/api');
  register();
  entry = pathToFileURL(path.join(SCRIPTS, 'check.ts')).href;
}
const { cli } = await import(entry);
cli(process.argv.slice(2));
