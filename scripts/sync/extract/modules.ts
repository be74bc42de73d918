import fs from 'node:fs';
import path from 'node:path';

/**
 * Which files of a `convex/` folder Convex deploys as modules, and the path each is registered
 * under. The rules are those of the Convex CLI's bundler, `entryPoints()` in get-convex/convex-js
 * `src/bundler/index.ts` (read at npm/1.28.0, the version Connvo's lockfile pins, and at npm/1.45.0,
 * which adds only the nested-component rule below):
 *
 * - extensions `.js .mjs .cjs .ts .tsx .mts .cts .jsx` (`ENTRY_POINT_EXTENSIONS`, matched on the path
 *   as written, so `.TS` is not one);
 * - skipped: anything under `_generated/`, a base name starting with `.` or `#`, `schema.ts` /
 *   `schema.js` (by base name, in any folder), a base name with more than one dot (`auth.config.ts`,
 *   `guards.test.ts`), a relative path containing a space, and a `.ts`/`.tsx` file in which no line
 *   starts with `import` or `export`;
 * - a file under `_deps/` is an error (the folder is reserved);
 * - 1.45.0: a subfolder holding `convex.config.ts` is a component of its own and is not walked.
 *
 * Nothing else is skipped: `__tests__/` folders and names with a leading underscore are modules
 * (Connvo's generated `api.d.ts` lists `types/__tests__/ciValidation` and `types/_template`). Convex
 * has no ignore file: `.convexignore` support was proposed (get-convex/convex-js pull request 84,
 * `loadConvexIgnore`) and never merged, so a `.convexignore` is not read.
 *
 * esbuild writes every entry point as `<relative path without extension>.js` (`outdir: "out"`,
 * `outbase: dir`), and the deployment names a function `<that path>:<export name>`
 * (`_system/cli/modules:apiSpec` in get-convex/convex-backend): `notes/index.ts` stays
 * `notes/index.js`, a default export is `:default`.
 */

export const ENTRY_POINT_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.tsx', '.mts', '.cts', '.jsx'];

export interface ConvexModule {
  /** Absolute path of the source file. */
  file: string;
  /** Relative to the convex folder, forward slashes: `notes/index.ts`. */
  relPath: string;
  /** What the deployment calls it: `notes/index.js`. */
  modulePath: string;
}

export class ModuleLayoutError extends Error {
  override name = 'ModuleLayoutError';
}

/** `notes/index.ts` → `notes/index.js`. */
export function modulePathOf(relPath: string): string {
  return relPath.replace(/\.[^/.]+$/, '') + '.js';
}

/** Why Convex does not deploy this file, or undefined when it does (file name rules only). */
export function skipReason(relPath: string): string | undefined {
  const base = path.posix.basename(relPath);
  if (!ENTRY_POINT_EXTENSIONS.some((ext) => relPath.endsWith(ext))) return 'not a JavaScript or TypeScript file';
  if (relPath.startsWith('_generated/')) return 'generated';
  if (base.startsWith('.')) return 'dotfile';
  if (base.startsWith('#')) return 'editor temp file';
  if (base === 'schema.ts' || base === 'schema.js') return 'schema';
  if ((base.match(/\./g) ?? []).length > 1) return 'more than one dot in the name';
  if (relPath.includes(' ')) return 'space in the path';
  return undefined;
}

const TS_MODULE_LINE = /^\s{0,100}(import|export)/m;

/** Every module of the convex folder, sorted by module path. Throws ModuleLayoutError for `_deps/`. */
export function discoverModules(convexDir: string): ConvexModule[] {
  const out: ConvexModule[] = [];
  const walk = (dir: string, rel: string) => {
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const abs = path.join(dir, e.name);
      const relPath = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        // A nested component is deployed as its own component, not as modules of this one.
        if (fs.existsSync(path.join(abs, 'convex.config.ts'))) continue;
        walk(abs, relPath);
      } else if (e.isFile()) {
        if (relPath.startsWith('_deps/')) throw new ModuleLayoutError(`${relPath}: the _deps folder is reserved by Convex for dependencies; Convex refuses to deploy it`);
        if (skipReason(relPath)) continue;
        if ((relPath.endsWith('.ts') || relPath.endsWith('.tsx')) && !TS_MODULE_LINE.test(fs.readFileSync(abs, 'utf8'))) continue;
        out.push({ file: abs, relPath, modulePath: modulePathOf(relPath) });
      }
    }
  };
  walk(convexDir, '');
  return out.sort((a, b) => (a.modulePath < b.modulePath ? -1 : a.modulePath > b.modulePath ? 1 : 0));
}
