import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Document } from '@redocly/openapi-core';
import { CannotRunError, finding, type Finding, type Span } from './finding.js';
import { readTextInside } from './files.js';
import { yamlAliasProblem } from './yaml-guard.js';
import { locatePointer, useOpenapiCore } from './locate.js';
import { leadingFrontmatter } from './frontmatter.js';
import type { ResultStore } from './cache.js';
import type { PageParse } from './mdx.js';
import type { PageParser } from './page-parser.js';
import { SiteModel, withVariables, type ConfigInput } from './site.js';
import { ruleSetOf, type RuleSet } from './rule-set.js';
import { FunctionSpecError, parseFunctionSpec, type FunctionSpec } from '../sync/function-spec.js';

/** The function spec a tree may hold at its root (what `npm run spec:extract` writes, or `npx convex function-spec` prints). */
export const FUNCTION_SPEC_FILE = 'convex-function-spec.json';

/** The functions the reference documents, loaded once for the checks that compare with them. */
export interface FunctionSpecInput {
  /** As findings name it: relative to the root, or the path given. */
  file: string;
  spec?: FunctionSpec;
  /** Why it could not be used (`function-spec-invalid`). */
  problem?: string;
}

/**
 * The inputs of a docs tree, each read and parsed at most once, shared by every check. Where the
 * site's config, pages and specs are comes from the site model (`site()`, scripts/lib/site.ts).
 */

export interface SpecInput {
  /** Relative to root. */
  file: string;
  absPath: string;
  document: Document;
  // The parsed OpenAPI object; checks narrow what they read.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  api: any;
  locate(pointer: string, reportOnKey?: boolean): Span;
}

export type { ConfigInput };

export interface PageInput {
  /** Relative to root, e.g. docs/quickstart.mdx */
  file: string;
  absPath: string;
  /** Route from the docs root, without extension (`quickstart`, `api-reference/users/get`). */
  route: string;
  /** A page of the site, or a snippet (under `snippets/`, or imported by a page): not a page itself. */
  kind: 'page' | 'snippet';
  text: string;
  /**
   * The page parsed as MDX: frontmatter, syntax error and the facts checks read (links, anchors,
   * code blocks, imports). Computed once, in worker threads when the pipeline prefetches them;
   * the tree itself is dropped after the facts are taken, so a large site never holds its trees.
   * A page above MAX_MDX_BYTES is not parsed (frontmatter only) and gets a `page-too-large`
   * warning instead.
   */
  mdx(): PageParse;
}

/**
 * Pages above this size are not MDX-parsed: the parse costs ~1.3 s per MiB and, while it runs,
 * ~160x the page in heap (measured: a 4 MiB page took 660 MB), so one generated 60 MB page would
 * exhaust memory. Real pages are < 200 KB.
 */
export const MAX_MDX_BYTES = 1024 * 1024;

export class Workspace {
  readonly root: string;
  private siteModel?: SiteModel;
  private specLoad?: Promise<SpecInput[]>;
  private documentLoad?: PageInput[];
  /** The parse workers; null when the site is too small for them. */
  private parser?: PageParser | null;
  private parseStart?: Promise<void>;
  private parseDone?: Promise<void>;
  /** The budgeted parser of large pages, and the promise of all their parses. */
  private guard?: import('./page-parser.js').GuardedParser;
  private guarded?: Promise<void>;
  /** Findings produced while loading, reported once however many checks asked. */
  readonly loadFindings: Finding[] = [];
  /** Every file some check read (for the summary). */
  readonly filesRead = new Set<string>();

  /** Page parses by content hash, shared with earlier runs (`--watch`); see RunOptions.parseCache. */
  private readonly parseCache?: Map<string, PageParse>;
  /** The cache keys this run's pages use. */
  private readonly parseKeys = new Set<string>();

  /** Results that outlive the run (`--watch`), see `memo`. */
  private readonly memos?: Map<string, unknown>;

  /** `--cache`: results kept on disk between runs with the files they were worked out from. */
  readonly results?: ResultStore;

  /** `--strict`: every rule, as on Connvo's own tree, whatever the tree (see lib/rule-set.ts). */
  readonly strict: boolean;

  /** `--function-spec FILE`, when given. */
  private readonly functionSpecGiven?: string;
  private functionSpecLoad?: FunctionSpecInput | null;

  constructor(root: string, options: { parseCache?: Map<string, PageParse>; memo?: Map<string, unknown>; results?: ResultStore; strict?: boolean; functionSpec?: string } = {}) {
    this.root = path.resolve(root);
    this.functionSpecGiven = options.functionSpec;
    this.parseCache = options.parseCache;
    this.memos = options.memo;
    this.results = options.results;
    this.strict = options.strict ?? false;
  }

  /** The rules this run holds the tree to: `all` (an access policy, or --strict) or `default`. */
  ruleSet(): RuleSet {
    this.rules ??= ruleSetOf(this.root, this.strict);
    return this.rules;
  }

  private rules?: RuleSet;

  /**
   * `make()`, or what it returned in an earlier run of `--watch` since the last change to a
   * non-page file (the watch loop clears the store then): for work that reads only the specs and
   * config, such as the examples check's spec side, which a page edit cannot change.
   */
  /** Whether `memo` keeps results for a later run (only under --watch). */
  get keepsResults(): boolean {
    return this.memos !== undefined;
  }

  memo<T>(key: string, make: () => T): T {
    if (!this.memos) return make();
    if (!this.memos.has(key)) this.memos.set(key, make());
    return this.memos.get(key) as T;
  }

  /**
   * The Convex functions the reference documents: `--function-spec FILE` (outside the tree is
   * fine: the user named it), else the tree's own convex-function-spec.json, read like every input
   * of the tree. Undefined when there is neither. Read and parsed once for drift and security.
   */
  functionSpec(): FunctionSpecInput | undefined {
    if (this.functionSpecLoad !== undefined) return this.functionSpecLoad ?? undefined;
    let load: FunctionSpecInput | null = null;
    if (this.functionSpecGiven) {
      const rel = path.relative(this.root, this.functionSpecGiven);
      const file = (rel.startsWith('..') || path.isAbsolute(rel) ? this.functionSpecGiven : rel).split(path.sep).join('/');
      load = this.parseFunctionSpecText(file, () => fs.readFileSync(this.functionSpecGiven!, 'utf8'));
    } else if (fs.existsSync(this.abs(FUNCTION_SPEC_FILE))) {
      const own = this.readText(FUNCTION_SPEC_FILE);
      load = 'error' in own ? { file: FUNCTION_SPEC_FILE, problem: `cannot read ${FUNCTION_SPEC_FILE}: ${own.error}` } : this.parseFunctionSpecText(FUNCTION_SPEC_FILE, () => own.text);
    }
    this.functionSpecLoad = load;
    return load ?? undefined;
  }

  private parseFunctionSpecText(file: string, read: () => string): FunctionSpecInput {
    try {
      return { file, spec: parseFunctionSpec(read(), file) };
    } catch (err) {
      if (err instanceof FunctionSpecError) return { file, problem: err.message };
      throw err;
    }
  }

  abs(rel: string): string {
    return path.join(this.root, rel);
  }

  /**
   * Read a file of the tree as text (BOM dropped, CRLF normalised) and count it as checked. A path
   * whose real location is outside the root (a symlink) is never opened.
   */
  readText(rel: string): { text: string } | { error: string } {
    // A page is read by the page loader and again by the token scan: the same string (on a
    // 50 MiB site a second copy of every page was ~50 MB of heap while both were alive).
    const page = this.pageTexts.get(rel);
    if (page !== undefined) return { text: page };
    const decoded = readTextInside(this.root, rel);
    if (!('error' in decoded && decoded.error.startsWith('it leads outside'))) this.filesRead.add(rel);
    return decoded;
  }

  /**
   * The hash of a file's text as read this run (sha256, base64), worked out once: the page parse
   * cache and the token scan both key by it under --watch and --cache.
   */
  textHash(file: string, text: string): string {
    // readText hands out a page's one string, so the comparison is mostly of a string with itself;
    // the texts are held for the run anyway (pages by the loader, other files by the token scan).
    const known = this.textHashes.get(file);
    if (known?.text === text) return known.hash;
    const hash = createHash('sha256').update(text).digest('base64');
    this.textHashes.set(file, { text, hash });
    return hash;
  }

  private readonly textHashes = new Map<string, { text: string; hash: string }>();

  /** The text of every page and snippet read (documents()), for readText. */
  private readonly pageTexts = new Map<string, string>();

  /** The site model: config, docs root, navigation, files (read on first use). */
  site(): SiteModel {
    this.siteModel ??= new SiteModel(this.root, this.filesRead);
    this.drainSiteFindings();
    return this.siteModel;
  }

  /** Move the findings the site model made (loading it, or later lazily: spec sources) to the run's. */
  private drainSiteFindings(): void {
    this.loadFindings.push(...this.siteModel!.findings);
    this.siteModel!.findings.length = 0;
  }

  /** The config Mintlify uses (docs.json, else mint.json); exit 2 when the tree has neither. */
  config(): ConfigInput | undefined {
    const site = this.site();
    if (!site.configFile) {
      const where = path.join(this.root, site.docsDir);
      throw new CannotRunError(`docs.json or mint.json: not found in ${where}${site.docsDir ? '' : ` or ${path.join(where, 'docs')}`}`);
    }
    return site.config;
  }

  /** Every OpenAPI spec of the site (see SiteModel.specFiles), parsed with source locations. */
  specs(): Promise<SpecInput[]> {
    this.specLoad ??= (async () => {
      const files = this.site().specFiles();
      this.drainSiteFindings();
      const out: SpecInput[] = [];
      // Imported here, not up front: Redocly is ~0.8 s of start-up that a run without specs skips.
      const redocly = files.length ? await import('@redocly/openapi-core') : undefined;
      if (redocly) useOpenapiCore(redocly);
      for (const file of files) {
        const spec = this.loadSpec(file, redocly!);
        if (spec) out.push(spec);
      }
      return out;
    })();
    return this.specLoad;
  }

  /** The spec at `file` (root-relative), if the site has it. */
  async specAt(file: string): Promise<SpecInput | undefined> {
    return (await this.specs()).find((s) => s.file === file);
  }

  private loadSpec(file: string, { makeDocumentFromString, Source, YamlParseError }: typeof import('@redocly/openapi-core')): SpecInput | undefined {
    const absPath = this.abs(file);
    const decoded = this.readText(file);
    if ('error' in decoded) return this.failed(finding({ check: 'spec', rule: 'spec-unreadable', message: `cannot read the spec: ${decoded.error}`, file }));
    if (decoded.text.trim() === '') return this.failed(finding({ check: 'spec', rule: 'spec-empty', message: 'the spec file is empty', file }));
    const aliases = yamlAliasProblem(decoded.text);
    if (aliases) return this.failed(finding({ check: 'spec', rule: 'yaml-aliases', message: `${aliases.message}: the spec is not checked`, file }, aliases.at));
    let document: Document;
    try {
      document = makeDocumentFromString(decoded.text, absPath);
    } catch (err) {
      if (err instanceof YamlParseError) {
        const reason = err.originalError.message.split('\n')[0].replace(/ in "[^"]*"/, '').replace(/ \(\d+:\d+\)$/, '');
        return this.failed(
          finding({ check: 'spec', rule: 'yaml-syntax', message: `invalid YAML: ${reason}`, file }, { start: { line: err.line, column: err.col } }),
        );
      }
      throw err;
    }
    const api = document.parsed;
    if (!api || typeof api !== 'object' || Array.isArray(api) || !('openapi' in api)) {
      return this.failed(finding({ check: 'spec', rule: 'not-openapi', message: 'the spec is YAML but not an OpenAPI document (no top-level `openapi` field)', file }));
    }
    // Locating parses the whole spec into a YAML AST once, about 18x the text in heap (91 MB of a
    // 5 MiB spec). A separate Source held weakly keeps that AST while a check locates its findings
    // (in one synchronous pass) and lets it go afterwards, instead of for the rest of the run.
    let located: WeakRef<InstanceType<typeof Source>> | undefined;
    const locate = (pointer: string, reportOnKey?: boolean) => {
      let source = located?.deref();
      if (!source) located = new WeakRef((source = new Source(absPath, decoded.text)));
      return locatePointer(source, pointer, reportOnKey);
    };
    return { file, absPath, document, api, locate };
  }

  private failed(f: Finding): undefined {
    this.loadFindings.push(f);
    return undefined;
  }

  /** Every page of the site (not its snippets), read once; unreadable pages become findings. */
  pages(): PageInput[] {
    return this.documents().filter((d) => d.kind === 'page');
  }

  /** Pages and snippets: every MDX/Markdown file Mintlify compiles. */
  documents(): PageInput[] {
    this.documentLoad ??= this.loadDocuments();
    return this.documentLoad;
  }

  private loadDocuments(): PageInput[] {
    const site = this.site();
    const texts = new Map<string, string>();
    for (const file of site.files) {
      if (!/\.mdx?$/i.test(file)) continue;
      const decoded = this.readText(file);
      if ('error' in decoded) {
        this.failed(finding({ check: 'site', rule: 'page-unreadable', message: `cannot read page: ${decoded.error}`, file }));
        continue;
      }
      texts.set(file, withVariables(decoded.text, site.variables));
    }
    const { pages, snippets } = site.categorize((file) => texts.get(file));
    const snippetSet = new Set(snippets);
    const out: PageInput[] = [];
    for (const file of [...pages, ...snippets].sort()) {
      const text = texts.get(file);
      if (text === undefined) continue;
      this.pageTexts.set(file, text);
      const page = new Page(file, this.abs(file), site.route(file), snippetSet.has(file) ? 'snippet' : 'page', text);
      if (this.parseCache && !page.tooLarge) {
        const cache = this.parseCache;
        const key = this.textHash(file, text);
        this.parseKeys.add(key);
        page.parsed = cache.get(key);
        page.onParsed = (parse) => void cache.set(key, parse);
      }
      if (page.tooLarge) {
        const mib = (Buffer.byteLength(text) / 1048576).toFixed(1);
        this.failed(
          finding({
            check: 'site',
            rule: 'page-too-large',
            severity: 'warning',
            message: `page is ${mib} MiB: this check parses pages up to ${MAX_MDX_BYTES / 1048576} MiB, so the page's MDX syntax, links and examples are not checked (Mintlify itself builds it)`,
            file,
          }),
        );
      }
      out.push(page);
    }
    return out;
  }

  /**
   * Start parsing every page's MDX in worker threads (the pipeline does, before any check runs):
   * on a large site parsing is the run's biggest cost and it parallelises. Small sites parse
   * in-process on demand instead (starting workers would cost more than it saves). Also loads the
   * MDX parser itself (micromark and the remark plugins), which only runs reading parses import.
   */
  startPageParse(): Promise<void> {
    this.parseStart ??= (async () => {
      await loadMdx();
      const unparsed = this.documents().filter((p): p is Page => p instanceof Page && !p.tooLarge && !p.parsed);
      const { GUARDED_PARSE_CHARS, GuardedParser, PageParser } = await import('./page-parser.js');
      // Large pages: one at a time in a worker under a time and memory budget (see GuardedParser).
      const large = unparsed.filter((p) => p.text.length > GUARDED_PARSE_CHARS);
      if (large.length) {
        const guard = (this.guard = new GuardedParser());
        for (const p of large) p.ready = guard.parse(p.text).then((parse) => p.setParsed(parse));
        this.guarded = Promise.all(large.map((p) => p.ready)).then(() => guard.close());
      }
      const pages = unparsed.filter((p) => p.text.length <= GUARDED_PARSE_CHARS);
      if (pages.reduce((n, p) => n + p.text.length, 0) < PREFETCH_MIN_BYTES) {
        this.parser = null;
        return;
      }
      this.parser = new PageParser(
        pages.map((p) => {
          let ready!: () => void;
          p.ready = new Promise<void>((resolve) => (ready = resolve));
          return { text: p.text, done: (parse) => (p.setParsed(parse), ready()) };
        }),
      );
      this.parser.start();
    })();
    return this.parseStart;
  }

  /**
   * Every page, in order, each as soon as its parse is done: a check can work through the first
   * pages while the workers still parse the last ones.
   */
  async *parsedPages(): AsyncGenerator<PageInput> {
    const all = this.parsePages(); // also parses on the main thread what workers cannot
    await this.startPageParse();
    for (const page of this.documents()) {
      if (page instanceof Page && page.ready) await page.ready;
      yield page;
    }
    await all;
  }

  /**
   * Every page parsed: a check that reads parses awaits this after doing what it can without them
   * (one shared promise). `page.mdx()` works once this was called (it parses in-process if need be).
   */
  parsePages(): Promise<void> {
    this.parseDone ??= (async () => {
      await this.startPageParse();
      await this.parser?.finish();
      await this.guarded;
    })();
    return this.parseDone;
  }

  /** Resolves when every page is parsed, without helping (for the pipeline's timing). */
  async pagesParsed(): Promise<void> {
    await this.startPageParse();
    await this.parser?.settled;
    await this.guarded;
  }

  /** Stop the parse workers, if any are left (the run ended before a check awaited them). */
  async close(): Promise<void> {
    await this.parseStart?.catch(() => undefined);
    await this.parser?.close();
    await this.guard?.close();
    if (this.parseCache && this.documentLoad) {
      for (const key of this.parseCache.keys()) if (!this.parseKeys.has(key)) this.parseCache.delete(key);
    }
  }
}

/** The MDX parser module, once a run that reads parses has loaded it (startPageParse). */
let mdx: typeof import('./mdx.js') | undefined;
let mdxLoad: Promise<void> | undefined;

function loadMdx(): Promise<void> {
  mdxLoad ??= import('./mdx.js').then((m) => void (mdx = m));
  return mdxLoad;
}

/** Below this much MDX, parsing in-process beats starting workers. */
const PREFETCH_MIN_BYTES = 2 * 1024 * 1024;

class Page implements PageInput {
  readonly tooLarge: boolean;
  parsed?: PageParse;
  /** Told the parse when it is made (the watch mode's cache). */
  onParsed?: (parse: PageParse) => void;
  /** Set while a worker parses the page; resolves when `parsed` is. */
  ready?: Promise<void>;

  constructor(
    readonly file: string,
    readonly absPath: string,
    readonly route: string,
    readonly kind: 'page' | 'snippet',
    readonly text: string,
  ) {
    // Characters, not bytes: a cheap, conservative bound (a character is at least one byte).
    this.tooLarge = text.length > MAX_MDX_BYTES;
  }

  setParsed(parse: PageParse): void {
    this.parsed = parse;
    this.onParsed?.(parse);
  }

  mdx(): PageParse {
    if (this.tooLarge) return { frontmatter: leadingFrontmatter(this.text) };
    if (this.parsed) return this.parsed;
    if (!mdx) throw new Error('page.mdx() before the MDX parser is loaded: await workspace.parsePages() first');
    const parse = mdx.pageParse(this.text);
    this.setParsed(parse);
    return parse;
  }
}


