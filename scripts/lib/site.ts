import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import type { Source } from '@redocly/openapi-core';
import { finding, type Finding, type Span } from './finding.js';
import { readInside, readTextInside, realPathInside, walkFiles } from './files.js';
import { describeJsonError } from './json-error.js';
import { nearest } from './suggest.js';
import { locatePointer, pointerOf, sourceOf } from './locate.js';
import { createMintIgnoreMatcher, getFileCategory, isMintIgnoredBy, processMintIgnoreString, resolveImportPath } from './mintlify-rules.js';

/**
 * The site as Mintlify reads it: which config, which folder is the docs root, which files are
 * pages, snippets and specs, what the navigation reaches, which redirects exist. Every check reads
 * layout facts from here and nowhere else.
 *
 * Order, as Mintlify's own build: the docs root is the folder holding the config (`--root` itself,
 * else its `docs/`); `docs.json` wins over `mint.json`; the files are every file under the docs
 * root less Mintlify's default ignores and `.mintignore`; among them `.mdx`/`.md` are pages, except
 * snippets (`snippets/`, `_snippets/`, or imported by another page); OpenAPI specs are the sources
 * the config names plus every YAML/JSON file with a top-level `openapi` key.
 */

export const CONFIG_FILES = ['docs.json', 'mint.json'] as const;
/** Where `--root` may keep its docs folder when the config is not at the top. */
export const DOCS_SUBDIR = 'docs';

export interface ConfigInput {
  kind: 'docs' | 'mint';
  /** Relative to the checked root. */
  file: string;
  absPath: string;
  text: string;
  config: Record<string, unknown>;
  locate(pointer: string, reportOnKey?: boolean): Span;
}

/** A navigation entry as written: a page route, or an operation (`"GET /users"`). */
export interface NavEntry {
  /** As written, leading slash dropped: a route relative to the docs root, or an operation. */
  page: string;
  /** The config file (or `$ref` include) that writes it, relative to the checked root. */
  file: string;
  pointer: string;
  group?: string;
  /** The `openapi` source in scope (set on the entry's group or an enclosing division). */
  openapi?: string;
}

/** An OpenAPI source the config names (docs.json `openapi` at any level, mint.json `openapi`). */
export interface OpenApiSource {
  source: string;
  /** Where Mintlify writes the generated pages (`directory`; `api-reference` by default). */
  directory: string;
  file: string;
  pointer: string;
  /** Mintlify generates a page for every operation of the spec (no operation entry names it). */
  generatesAll: boolean;
}

export interface Redirect {
  source: string;
  destination: string;
  file: string;
  pointer: string;
  pattern: RegExp;
}

const OPERATION_ENTRY = /^\s*(?:(\S+)\s+)?(GET|PUT|POST|DELETE|OPTIONS|HEAD|PATCH|TRACE|WEBHOOK)\s+(\S+)\s*$/i;
/** docs.json's division keys (Mintlify's `divisions`, plus `groups`), which nest navigation. */
const DIVISIONS = ['groups', 'anchors', 'dropdowns', 'languages', 'tabs', 'versions', 'menu', 'products'];
const DEFAULT_OPENAPI_DIRECTORY = 'api-reference';
const SPEC_EXTENSIONS = /\.(ya?ml|json)$/i;
const CONVENTIONAL_SPECS = ['openapi.yaml', 'openapi.yml', 'openapi.json'];

export class SiteModel {
  /** The docs root relative to the checked root ('' when the config sits at the top). */
  readonly docsDir: string;
  /** The config Mintlify uses; undefined when there is none, or it does not parse (see findings). */
  readonly config?: ConfigInput;
  /** mint.json when docs.json sits beside it (Mintlify ignores it). */
  readonly twin?: ConfigInput;
  readonly configFile?: string;
  /** Problems met while loading: config syntax, includes, paths leading out of the tree. */
  readonly findings: Finding[] = [];
  /** Every file under the docs root that Mintlify reads (after its ignores), root-relative, sorted. */
  readonly files: string[];
  readonly fileSet: ReadonlySet<string>;
  readonly navigation: NavEntry[] = [];
  readonly openapiSources: OpenApiSource[] = [];
  readonly redirects: Redirect[] = [];
  /** docs.json `variables`: `{{name}}` in a page or snippet is replaced with its value before parsing. */
  readonly variables?: Readonly<Record<string, string>>;
  private readonly filesRead: Set<string>;

  constructor(
    readonly root: string,
    filesRead: Set<string> = new Set(),
  ) {
    this.filesRead = filesRead;
    this.docsDir = findDocsDir(root);
    const present = CONFIG_FILES.filter((f) => this.isFile(this.rel(f)));
    if (present.length) {
      this.configFile = this.rel(present[0]);
      this.config = this.loadConfig(present[0]);
      if (present.length === 2) this.twin = this.loadConfig('mint.json');
    }
    const ignore = this.mintIgnore();
    const under = this.docsDir || '.';
    this.files = walkFiles(root, under, {
      // Mintlify publishes whatever its ignore rules leave (a `dist/` or `coverage/` folder too).
      skipDirs: new Set(),
      ignored: (rel, isDir) => isMintIgnoredBy(this.route(rel, false), ignore, isDir),
      onOutside: (rel) => this.outside(rel, { file: rel }),
      onInvalidName: (rel) =>
        this.findings.push(finding({ check: 'site', rule: 'file-name-invalid', message: 'the file name is not valid UTF-8: it is not checked (rename it; Mintlify cannot serve it either)', file: rel })),
    });
    this.fileSet = new Set(this.files);
    if (this.config) {
      if (this.config.kind === 'docs') {
        this.walkDocsNode(this.config.config.navigation, { file: this.config.file, pointer: ['navigation'], stack: [] });
        this.readApiOpenApi(this.config);
        const variables = this.config.config.variables;
        if (variables && typeof variables === 'object' && !Array.isArray(variables)) {
          this.variables = Object.fromEntries(Object.entries(variables).filter((e): e is [string, string] => typeof e[1] === 'string'));
        }
      } else this.readMintNavigation(this.config);
      this.readRedirects(this.config);
    }
  }

  /** A docs-root-relative path as a path relative to the checked root. */
  rel(docsPath: string): string {
    const p = docsPath.replace(/^\/+/, '');
    return this.docsDir ? `${this.docsDir}/${p}` : p;
  }

  /** A root-relative file as its route: docs-root-relative, extension dropped (`quickstart`). */
  route(file: string, dropExtension = true): string {
    const p = this.docsDir && file.startsWith(`${this.docsDir}/`) ? file.slice(this.docsDir.length + 1) : file;
    return dropExtension ? p.replace(/\.mdx?$/i, '') : p;
  }

  private isFile(rel: string): boolean {
    const real = realPathInside(this.root, rel);
    return typeof real === 'string' && fs.statSync(real).isFile();
  }

  /**
   * Read a file of the tree named by the tree itself (an include, a spec source), never leaving
   * the root: a path out of it is a finding at `at`, and the file is not opened.
   */
  readInside(rel: string, at: { file: string; span?: Span; what?: string }): { text: string } | { error: string } | undefined {
    const real = realPathInside(this.root, rel);
    if (real === 'outside') {
      this.outside(at.what ?? rel, at);
      return undefined;
    }
    if (real === undefined || !fs.statSync(real).isFile()) return { error: 'not found' };
    this.filesRead.add(rel);
    return readTextInside(this.root, rel);
  }

  private outside(named: string, at: { file: string; span?: Span }): void {
    this.findings.push(
      finding(
        { check: 'site', rule: 'path-outside-root', message: `"${named}" leads outside the checked tree: it is not read (keep docs inputs inside the tree)`, file: at.file },
        at.span,
      ),
    );
  }

  private loadConfig(name: 'docs.json' | 'mint.json'): ConfigInput | undefined {
    const file = this.rel(name);
    const rule = name === 'docs.json' ? 'docs-json-syntax' : 'mint-json-syntax';
    const decoded = this.readInside(file, { file });
    if (!decoded) return undefined;
    if ('error' in decoded) return void this.findings.push(finding({ check: 'site', rule, message: `cannot read ${name}: ${decoded.error}`, file }));
    const parsed = parseJsonFile(decoded.text, file, rule);
    if ('finding' in parsed) return void this.findings.push(parsed.finding);
    if (!parsed.value || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) {
      return void this.findings.push(finding({ check: 'site', rule, message: `${name} must hold a JSON object`, file }));
    }
    let source: Source | undefined; // made on the first finding to locate
    return {
      kind: name === 'docs.json' ? 'docs' : 'mint',
      file,
      absPath: path.join(this.root, file),
      text: decoded.text,
      config: parsed.value as Record<string, unknown>,
      locate: (p, k) => locatePointer((source ??= sourceOf(path.join(this.root, file), decoded.text)), p, k),
    };
  }

  private mintIgnore() {
    const file = this.rel('.mintignore');
    const decoded = fs.existsSync(path.join(this.root, file)) ? this.readInside(file, { file }) : undefined;
    return createMintIgnoreMatcher(decoded && 'text' in decoded ? processMintIgnoreString(decoded.text) : []);
  }

  /**
   * docs.json navigation: pages at any depth of groups and divisions (tabs, anchors, dropdowns,
   * products, languages, versions, menu), group `root` pages, `openapi` at any level, and `$ref`
   * includes (read relative to the including file, never outside the tree).
   */
  private walkDocsNode(node: unknown, at: { file: string; pointer: Array<string | number>; stack: string[]; group?: string; openapi?: OpenApiSource }): void {
    if (typeof node === 'string') {
      this.navigation.push({ page: node.replace(/^\/+/, ''), file: at.file, pointer: pointerOf(...at.pointer), group: at.group, openapi: at.openapi?.source });
      // An operation entry that inherits the source: Mintlify then generates only the named pages.
      if (at.openapi && parseOperationEntry(node) && !parseOperationEntry(node)!.file) at.openapi.generatesAll = false;
      return;
    }
    if (Array.isArray(node)) return node.forEach((child, i) => this.walkDocsNode(child, { ...at, pointer: [...at.pointer, i] }));
    if (!node || typeof node !== 'object') return;
    const obj = node as Record<string, unknown>;
    if (typeof obj.$ref === 'string') {
      const included = this.include(obj.$ref, at);
      if (included) {
        const { $ref: _ref, ...siblings } = obj;
        this.walkDocsNode(included.value, { ...at, file: included.file, pointer: [], stack: [...at.stack, included.file] });
        if (Object.keys(siblings).length) this.walkDocsNode(siblings, at);
      }
      return;
    }
    const group = typeof obj.group === 'string' ? obj.group : at.group;
    let openapi = at.openapi;
    const named = openApiOf(obj.openapi);
    if (named) {
      openapi = { ...named, file: at.file, pointer: pointerOf(...at.pointer, 'openapi'), generatesAll: true };
      this.openapiSources.push(openapi);
    }
    const inner = { ...at, group, openapi };
    if (typeof obj.root === 'string') this.walkDocsNode(obj.root, { ...inner, pointer: [...at.pointer, 'root'] });
    if (Array.isArray(obj.pages)) this.walkDocsNode(obj.pages, { ...inner, pointer: [...at.pointer, 'pages'] });
    for (const key of DIVISIONS) if (Array.isArray(obj[key])) this.walkDocsNode(obj[key], { ...inner, pointer: [...at.pointer, key] });
  }

  /** docs.json `api.openapi`: specs named for `openapi:` pages (a string, a list, or `{source, directory}`). */
  private readApiOpenApi(config: ConfigInput): void {
    const value = (config.config.api as { openapi?: unknown } | undefined)?.openapi;
    const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
    list.forEach((entry, i) => {
      const named = openApiOf(entry);
      const pointer = Array.isArray(value) ? pointerOf('api', 'openapi', i) : pointerOf('api', 'openapi');
      if (named) this.openapiSources.push({ ...named, file: config.file, pointer, generatesAll: false });
    });
  }

  /** A docs.json `$ref` include: JSON relative to the including file, inside the docs root. */
  private include(ref: string, at: { file: string; pointer: Array<string | number>; stack: string[] }): { file: string; value: unknown } | undefined {
    const span = this.locateIn(at.file, pointerOf(...at.pointer, '$ref'));
    const fromDir = path.posix.dirname(this.route(at.file, false));
    const target = path.posix.normalize(path.posix.join(fromDir === '.' ? '' : fromDir, ref));
    if (path.posix.isAbsolute(ref) || target === '..' || target.startsWith('../')) {
      this.outside(ref, { file: at.file, span });
      return undefined;
    }
    const file = this.rel(target);
    if (at.stack.includes(file) || file === this.configFile) {
      this.findings.push(finding({ check: 'site', rule: 'config-include', message: `$ref "${ref}" includes itself (${[...at.stack, file].join(' → ')})`, file: at.file }, span));
      return undefined;
    }
    const decoded = this.readInside(file, { file: at.file, span, what: ref });
    if (!decoded) return undefined;
    if ('error' in decoded) {
      this.findings.push(finding({ check: 'site', rule: 'config-include', message: `$ref "${ref}": ${file} ${decoded.error === 'not found' ? 'does not exist' : decoded.error}`, file: at.file }, span));
      return undefined;
    }
    const parsed = parseJsonFile(decoded.text, file, 'config-include');
    if ('finding' in parsed) return void this.findings.push(parsed.finding);
    this.includeTexts.set(file, decoded.text);
    return { file, value: parsed.value };
  }

  private readonly includeTexts = new Map<string, string>();

  /** A pointer's place in the config or in one of its includes. */
  locateIn(file: string, pointer: string, reportOnKey = false): Span {
    if (this.config && file === this.config.file) return this.config.locate(pointer, reportOnKey);
    const text = this.includeTexts.get(file);
    if (text === undefined) return { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
    return locatePointer(sourceOf(path.join(this.root, file), text), pointer, reportOnKey);
  }

  /** mint.json navigation: groups whose `pages` nest (versions are a property of a group); `openapi` at the top. */
  private readMintNavigation(config: ConfigInput): void {
    const walk = (node: unknown, pointer: Array<string | number>, group?: string) => {
      if (typeof node === 'string') {
        this.navigation.push({ page: node.replace(/^\/+/, ''), file: config.file, pointer: pointerOf(...pointer), group });
      } else if (Array.isArray(node)) {
        node.forEach((child, i) => walk(child, [...pointer, i], group));
      } else if (node && typeof node === 'object' && Array.isArray((node as { pages?: unknown }).pages)) {
        const g = (node as { group?: unknown }).group;
        walk((node as { pages: unknown[] }).pages, [...pointer, 'pages'], typeof g === 'string' ? g : group);
      }
    };
    walk(config.config.navigation, ['navigation']);
    const openapi = config.config.openapi;
    const list = typeof openapi === 'string' ? [openapi] : Array.isArray(openapi) ? openapi : [];
    list.forEach((source, i) => {
      if (typeof source !== 'string') return;
      const pointer = typeof openapi === 'string' ? pointerOf('openapi') : pointerOf('openapi', i);
      // mint.json names specs for operation entries and `openapi:` pages; it generates no pages itself.
      this.openapiSources.push({ source, directory: DEFAULT_OPENAPI_DIRECTORY, file: config.file, pointer, generatesAll: false });
    });
  }

  /** The config's `redirects`, from the config itself or a docs.json `$ref` include. */
  private readRedirects(config: ConfigInput): void {
    let list: unknown = config.config.redirects;
    let file = config.file;
    let base: Array<string | number> = ['redirects'];
    const ref = list && typeof list === 'object' && !Array.isArray(list) ? (list as { $ref?: unknown }).$ref : undefined;
    if (config.kind === 'docs' && typeof ref === 'string') {
      const included = this.include(ref, { file, pointer: base, stack: [] });
      if (!included) return;
      ({ file, value: list } = included);
      base = [];
    }
    if (!Array.isArray(list)) return;
    list.forEach((r, i) => {
      const { source, destination } = (r ?? {}) as { source?: unknown; destination?: unknown };
      if (typeof source !== 'string' || typeof destination !== 'string') return;
      this.redirects.push({ source, destination, file, pointer: pointerOf(...base, i), pattern: redirectPattern(source) });
    });
  }

  /** Files under the docs root with an MDX/Markdown extension, split as Mintlify splits them. */
  categorize(readText: (file: string) => string | undefined): { pages: string[]; snippets: string[] } {
    const candidates = this.files.filter((f) => /\.mdx?$/i.test(f));
    const imported = new Set<string>();
    for (const file of candidates) {
      const text = readText(file);
      if (!text || !/^import\s/m.test(text)) continue;
      for (const source of importSources(text)) {
        const resolved = resolveImportPath(source, this.route(file, false));
        if (resolved) imported.add(resolved.toLowerCase());
      }
    }
    const pages: string[] = [];
    const snippets: string[] = [];
    for (const file of candidates) {
      const category = getFileCategory(this.route(file, false), { importedFiles: imported });
      if (category === 'page') pages.push(file);
      else if (category === 'snippet' || category === 'snippet-v2') snippets.push(file);
    }
    return { pages, snippets };
  }

  /**
   * Spec files of the site, root-relative: every local source the config names, then every
   * YAML/JSON file under the docs root with a top-level `openapi` key (Mintlify picks those up
   * without being told). Remote sources are reported (never fetched).
   */
  specFiles(): string[] {
    const out: string[] = [];
    const add = (f: string) => out.includes(f) || out.push(f);
    for (const s of this.openapiSources) {
      const span = this.locateIn(s.file, s.pointer);
      if (isRemoteSource(s.source)) {
        this.findings.push(
          finding({ check: 'spec', rule: 'spec-remote', severity: 'warning', message: `OpenAPI source "${s.source}" is a URL: not fetched (checks run offline), so its operations are not checked`, file: s.file }, span),
        );
        continue;
      }
      const file = this.rel(s.source);
      if (this.fileSet.has(file)) add(file);
      else if (realPathInside(this.root, file) === 'outside' || path.posix.normalize(this.route(file, false)).startsWith('../')) this.outside(s.source, { file: s.file, span });
      else this.findings.push(finding({ check: 'site', rule: 'openapi-source-missing', message: `OpenAPI source "${s.source}" does not exist${nearest(file, this.files.filter((f) => SPEC_EXTENSIONS.test(f)))}`, file: s.file }, span));
    }
    // The conventional names are meant as specs: one that is not OpenAPI is reported, not skipped.
    for (const name of CONVENTIONAL_SPECS) if (this.fileSet.has(this.rel(name))) add(this.rel(name));
    for (const file of this.files) if (SPEC_EXTENSIONS.test(file) && !CONFIG_FILES.some((c) => file === this.rel(c)) && looksLikeOpenApi(this.root, file)) add(file);
    return out;
  }
}

/** An OpenAPI source given as a URL (`https://…/openapi.json`): never fetched. */
export function isRemoteSource(source: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(source);
}

/** `--root` itself when it holds a config, else its `docs/` when that does, else `--root`. */
function findDocsDir(root: string): string {
  const has = (dir: string) => CONFIG_FILES.some((f) => fs.existsSync(path.join(root, dir, f)));
  if (has('.')) return '';
  if (has(DOCS_SUBDIR)) return DOCS_SUBDIR;
  return '';
}

function openApiOf(value: unknown): { source: string; directory: string } | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'string') return { source: first, directory: DEFAULT_OPENAPI_DIRECTORY };
  if (first && typeof first === 'object' && typeof (first as { source?: unknown }).source === 'string') {
    const { source, directory } = first as { source: string; directory?: unknown };
    return { source, directory: typeof directory === 'string' ? directory.replace(/^\/+|\/+$/g, '') : DEFAULT_OPENAPI_DIRECTORY };
  }
  return undefined;
}

/** Import sources of an MDX page (`import X from '/snippets/x.mdx'`), outside code fences. */
function importSources(text: string): string[] {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of text.split('\n')) {
    const run = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (run && run[0] === fence[0] && run.length >= fence.length) fence = undefined;
      continue;
    }
    if (run) {
      fence = run;
      continue;
    }
    // A real import line is short: a 1 MiB line of `import` is not searched (the lazy pattern below would be quadratic on it).
    if (!/^import[\s{]/.test(line) || line.length > 4096) continue;
    for (const m of line.matchAll(/import\s+(?:[\w$*{},\s]+?\s+from\s+)?['"]([^'"]+)['"]/g)) out.push(m[1]);
  }
  return out;
}

/**
 * Whether a YAML/JSON file is an OpenAPI document as Mintlify tells (a top-level `openapi` key),
 * wherever the key sits: specs with sorted keys put it after a long `components`.
 */
function looksLikeOpenApi(root: string, file: string): boolean {
  const bytes = readInside(root, file);
  if (bytes === undefined || bytes === 'outside') return false;
  const text = bytes.toString('utf8');
  if (/\.json$/i.test(file)) {
    if (!/"openapi"\s*:/.test(text)) return false;
    try {
      const value = JSON.parse(text) as unknown;
      return Boolean(value) && typeof value === 'object' && !Array.isArray(value) && 'openapi' in (value as object);
    } catch {
      return false;
    }
  }
  return /^["']?openapi["']?\s*:/m.test(text);
}

/**
 * Where the redirects send a root-relative path (`/docs/x`), as Mintlify applies them: the first
 * redirect whose source matches, its `:param`, `:param*` and `*` carried into the destination, hop
 * after hop. 'external' for a URL; undefined when no redirect applies or they go round in a loop.
 */
export function followRedirects(redirects: readonly Redirect[], path: string): string | 'external' | undefined {
  let current = path;
  const seen = new Set<string>();
  for (let hops = 0; hops < 20; hops++) {
    const r = redirects.find((x) => x.pattern.test(current));
    if (!r) return hops === 0 ? undefined : current;
    if (seen.has(current)) return undefined;
    seen.add(current);
    const dest = fillDestination(r, current);
    if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(dest)) return 'external';
    current = '/' + dest.replace(/[?#].*$/, '').replace(/^\/+|\/+$/g, '');
  }
  return undefined;
}

/**
 * A redirect source as the pattern Mintlify matches paths with (@mintlify/link-rot's
 * `matchesWildcardPattern`, which `mint dev` and `mint broken-links` use): `:name` is one segment
 * (`[^/]+`), every `*` is any run of characters, and the rest is literal. So `/old/:slug*` needs a
 * segment after `/old/` (it does not match `/old` itself) and `/articles/concepts-*` matches a
 * prefix of a segment. One capture group per `:name` and per `*`, in order; `Redirect.captures`
 * says which is which. test/site-redirects.test.ts compares it with Mintlify's own on a set of cases.
 */
export function redirectPattern(source: string): RegExp {
  return compileRedirect(source).pattern;
}

function compileRedirect(source: string): { pattern: RegExp; captures: Array<string | undefined> } {
  const captures: Array<string | undefined> = [];
  const body = path.posix
    .normalize(source.replace(/^\/+/, '') || '.')
    .replace(/^\.$/, '')
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/:(\w+)|\\\*/g, (m, name: string | undefined) => {
      captures.push(name);
      return name ? '([^/]+)' : '(.*)';
    });
  return { pattern: new RegExp(`^/${body}$`), captures };
}

/** A redirect's destination with the values its source's `:name`s and `*`s took in `path` (as Mintlify's `applyWildcardRedirect`). */
function fillDestination(r: Redirect, path: string): string {
  const { pattern, captures } = compileRedirect(r.source);
  const values = pattern.exec(path)?.slice(1) ?? [];
  let dest = r.destination;
  captures.forEach((name, i) => {
    if (name) dest = dest.replace(new RegExp(`:${name}(?!\\w)`, 'g'), values[i] ?? '');
  });
  const wildcards = values.filter((_, i) => captures[i] === undefined);
  let k = 0;
  return dest.replace(/\*/g, () => wildcards[k++] ?? '');
}

/** An operation entry (`"GET /x"`, `"openapi/v2.yaml POST /x"`) as spec file, method and path. */
export function parseOperationEntry(value: string): { file?: string; method: string; path: string } | undefined {
  const m = OPERATION_ENTRY.exec(value);
  return m ? { file: m[1], method: m[2].toUpperCase(), path: m[3] } : undefined;
}

function parseJsonFile(text: string, file: string, rule: string): { value: unknown } | { finding: Finding } {
  try {
    return { value: JSON.parse(text) };
  } catch {
    const { message, position } = describeJsonError(text);
    return { finding: finding({ check: 'site', rule, message: `invalid JSON: ${message}`, file }, { start: position }) };
  }
}

const VARIABLE = /\{\{\s*([\w.-]+)\s*\}\}/g;

/**
 * The page as Mintlify parses it: `{{name}}` replaced with docs.json's `variables` value, as
 * @mintlify/common's replaceVariables does (same pattern; an unknown name stays as written; each
 * value passed through the same sanitiser, Mintlify's own `xss` dependency with its options).
 * Positions after a replaced variable on the same line move by the difference in length.
 */
export function withVariables(text: string, variables: Readonly<Record<string, string>> | undefined): string {
  if (!variables || !text.includes('{{')) return text;
  return text.replace(VARIABLE, (match, name: string) => (Object.hasOwn(variables, name) ? sanitizeVariable(variables[name]) : match));
}

let filterXss: ((html: string, options: object) => string) | undefined;
function sanitizeVariable(value: string): string {
  if (!/[<>]/.test(value)) return value; // nothing for the sanitiser to change
  filterXss ??= (createRequire(createRequire(import.meta.url).resolve('@mintlify/common'))('xss') as { filterXSS: typeof filterXss }).filterXSS;
  return filterXss!(value, { whiteList: {}, stripIgnoreTag: true, stripIgnoreTagBody: ['script', 'style', 'iframe', 'object', 'embed', 'form', 'link', 'meta', 'base'] });
}
