import fs from 'node:fs';
import path from 'node:path';
import type * as TS from 'typescript';
import ts from './ts.js';
import type { ConvexModule } from './modules.js';

/**
 * The TypeScript program over a Convex project's modules, for symbol resolution only (imports,
 * re-exports, `export *`, renames, default exports): nothing is type-checked or emitted, and nothing
 * is run. Module resolution is TypeScript's own (`Bundler`, the project's tsconfig `paths` and
 * `baseUrl`), restricted to the project's files: a package import (`convex/values`) is never
 * resolved into node_modules, so the result is the same with or without dependencies installed.
 */

/** A module specifier as resolved from one file. */
export type Resolution =
  | { kind: 'file'; file: string }
  /** `convex/values`, `convex-helpers/server/customFunctions`, ...: recognised by name. */
  | { kind: 'package'; specifier: string }
  /** The project's `_generated/server` or `_generated/api` (present or not: it is generated code). */
  | { kind: 'generated'; which: 'server' | 'api' | 'dataModel' }
  /** A relative or aliased path that names no file. */
  | { kind: 'missing'; specifier: string };

export interface Project {
  convexDir: string;
  program: TS.Program;
  checker: TS.TypeChecker;
  /** The tsconfig.json whose `paths` / `baseUrl` were used, if any. */
  tsconfig?: string;
  resolve(fromFile: string, specifier: string): Resolution;
  sourceFile(file: string): TS.SourceFile | undefined;
}

const GENERATED = /(^|\/)_generated\/(server|api|dataModel)(\.(js|ts|d\.ts))?$/;

/**
 * The tsconfig.json esbuild would use for files of the convex folder: the nearest one, in the folder
 * or its parent (the project root). Only `paths` and `baseUrl` are taken from it.
 */
export function findTsconfig(convexDir: string): string | undefined {
  for (const dir of [convexDir, path.dirname(convexDir)]) {
    const file = path.join(dir, 'tsconfig.json');
    if (fs.existsSync(file)) return file;
  }
  return undefined;
}

function resolutionOptions(tsconfig: string | undefined): TS.CompilerOptions {
  const base: TS.CompilerOptions = {
    allowJs: true,
    noLib: true,
    types: [],
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ESNext,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    jsx: ts.JsxEmit.Preserve,
    resolveJsonModule: false,
  };
  if (!tsconfig) return base;
  const read = ts.readConfigFile(tsconfig, ts.sys.readFile);
  if (read.error) return base;
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(tsconfig), undefined, tsconfig);
  const { paths, baseUrl, pathsBasePath } = parsed.options as TS.CompilerOptions & { pathsBasePath?: string };
  return { ...base, paths, baseUrl, ...(pathsBasePath ? { pathsBasePath } : {}) } as TS.CompilerOptions;
}

const inNodeModules = (p: string) => p.split(/[\\/]/).includes('node_modules');

export function createProject(convexDir: string, modules: ConvexModule[]): Project {
  const tsconfig = findTsconfig(convexDir);
  const options = resolutionOptions(tsconfig);
  // Resolution never looks into node_modules: packages are recognised by name, not read.
  const resolutionHost: TS.ModuleResolutionHost = {
    fileExists: (f) => !inNodeModules(f) && ts.sys.fileExists(f),
    readFile: (f) => (inNodeModules(f) ? undefined : ts.sys.readFile(f)),
    directoryExists: (d) => !inNodeModules(d) && (ts.sys.directoryExists?.(d) ?? false),
    realpath: ts.sys.realpath,
    getCurrentDirectory: () => convexDir,
  };
  const generatedDir = path.join(convexDir, '_generated') + path.sep;
  const cache = new Map<string, Resolution>();
  const resolve = (fromFile: string, specifier: string): Resolution => {
    const key = `${fromFile}\0${specifier}`;
    const hit = cache.get(key);
    if (hit) return hit;
    let out: Resolution;
    const resolved = ts.resolveModuleName(specifier, fromFile, options, resolutionHost).resolvedModule;
    const file = resolved?.resolvedFileName;
    const local = specifier.startsWith('.') || specifier.startsWith('/') || matchesPathAlias(specifier, options);
    // The generated files are recognised, never read: they may be absent (not yet generated).
    const generated = file ? (file.startsWith(generatedDir) ? path.relative(convexDir, file).split(path.sep).join('/').match(GENERATED) : null) : local ? specifier.match(GENERATED) : null;
    if (generated) out = { kind: 'generated', which: generated[2] as 'server' | 'api' | 'dataModel' };
    else if (file && !resolved.isExternalLibraryImport) out = { kind: 'file', file: path.resolve(file) };
    else if (local) out = { kind: 'missing', specifier };
    else out = { kind: 'package', specifier };
    cache.set(key, out);
    return out;
  };
  const host = ts.createCompilerHost(options, true);
  // Doc comments are not needed, and Convex projects are rich in them.
  host.jsDocParsingMode = ts.JSDocParsingMode.ParseNone;
  host.resolveModuleNameLiterals = (literals, containingFile) =>
    literals.map((lit) => {
      const r = resolve(containingFile, lit.text);
      if (r.kind !== 'file') return { resolvedModule: undefined };
      return { resolvedModule: { resolvedFileName: r.file, extension: extensionOf(r.file), isExternalLibraryImport: false } };
    });
  host.fileExists = (f) => !inNodeModules(f) && ts.sys.fileExists(f);
  const program = ts.createProgram({ rootNames: modules.map((m) => m.file), options, host });
  const checker = program.getTypeChecker();
  return {
    convexDir,
    program,
    checker,
    tsconfig,
    resolve,
    sourceFile: (file) => program.getSourceFile(file),
  };
}

function matchesPathAlias(specifier: string, options: TS.CompilerOptions): boolean {
  for (const pattern of Object.keys(options.paths ?? {})) {
    const star = pattern.indexOf('*');
    if (star === -1 ? specifier === pattern : specifier.startsWith(pattern.slice(0, star)) && specifier.endsWith(pattern.slice(star + 1))) return true;
  }
  return false;
}

function extensionOf(file: string): TS.Extension {
  for (const ext of [ts.Extension.Dts, ts.Extension.Dmts, ts.Extension.Dcts, ts.Extension.Ts, ts.Extension.Tsx, ts.Extension.Mts, ts.Extension.Cts, ts.Extension.Js, ts.Extension.Jsx, ts.Extension.Mjs, ts.Extension.Cjs]) {
    if (file.endsWith(ext)) return ext;
  }
  return ts.Extension.Js;
}

/** 1-based line and column of a node's first token. */
export function positionOf(node: TS.Node): { file: string; line: number; column: number } {
  const sf = node.getSourceFile();
  const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
  return { file: sf.fileName, line: line + 1, column: character + 1 };
}
