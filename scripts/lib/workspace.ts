import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { makeDocumentFromString, Source, YamlParseError, type Document } from '@redocly/openapi-core';
import { CannotRunError, finding, type Finding, type Span } from './finding.js';
import { decodeText, walkFiles } from './files.js';
import { locatePointer, positionAt } from './locate.js';
import { pageParse, type PageParse } from './mdx.js';
import { PageParser } from './page-parser.js';

/** The files of a docs tree, each read and parsed at most once, shared by every check. */

export const SPEC_CANDIDATES = ['openapi.yaml', 'openapi.yml', 'openapi.json'];
export const MINT_FILE = 'mint.json';
export const DOCS_DIR = 'docs';

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

export interface MintInput {
  file: string;
  absPath: string;
  text: string;
  config: Record<string, unknown>;
  locate(pointer: string, reportOnKey?: boolean): Span;
}

export interface PageInput {
  /** Relative to root, e.g. docs/quickstart.mdx */
  file: string;
  absPath: string;
  /** Navigation route: the path without extension, e.g. docs/quickstart */
  route: string;
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

/** A required input that exists but cannot be parsed becomes a finding rather than a crash. */
interface Loaded<T> {
  input?: T;
  findings: Finding[];
}

export class Workspace {
  readonly root: string;
  private specLoad?: Promise<Loaded<SpecInput>>;
  private mintLoad?: Loaded<MintInput>;
  private pageLoad?: Loaded<PageInput[]>;
  /** The parse workers; null when the site is too small for them. */
  private parser?: PageParser | null;
  private parseDone?: Promise<void>;
  /** Findings produced while loading, reported once however many checks asked. */
  readonly loadFindings: Finding[] = [];
  /** Every file some check read (for the summary). */
  readonly filesRead = new Set<string>();

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  abs(rel: string): string {
    return path.join(this.root, rel);
  }

  /** Read a file of the tree as text (BOM dropped, CRLF normalised) and count it as checked. */
  readText(rel: string): { text: string } | { error: string } {
    this.filesRead.add(rel);
    return decodeText(fs.readFileSync(this.abs(rel)));
  }

  specFile(): string | undefined {
    return SPEC_CANDIDATES.find((f) => fs.existsSync(this.abs(f)));
  }

  /** The OpenAPI spec, parsed with source locations; throws CannotRunError when absent. */
  spec(): Promise<SpecInput | undefined> {
    this.specLoad ??= this.loadSpec();
    return this.specLoad.then((l) => l.input);
  }

  private async loadSpec(): Promise<Loaded<SpecInput>> {
    const file = this.specFile();
    if (!file) throw new CannotRunError(`${SPEC_CANDIDATES[0]}: not found in ${this.root}`);
    const absPath = this.abs(file);
    const decoded = this.readText(file);
    if ('error' in decoded) return this.failed(finding({ check: 'spec', rule: 'spec-unreadable', message: `cannot read the spec: ${decoded.error}`, file }));
    if (decoded.text.trim() === '') return this.failed(finding({ check: 'spec', rule: 'spec-empty', message: 'the spec file is empty', file }));
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
    let located: WeakRef<Source> | undefined;
    const locate = (pointer: string, reportOnKey?: boolean) => {
      let source = located?.deref();
      if (!source) located = new WeakRef((source = new Source(absPath, decoded.text)));
      return locatePointer(source, pointer, reportOnKey);
    };
    return { input: { file, absPath, document, api, locate }, findings: [] };
  }

  private failed<T>(f: Finding): Loaded<T> {
    this.loadFindings.push(f);
    return { findings: [f] };
  }

  /** mint.json, parsed with locations; throws CannotRunError when absent. */
  mint(): MintInput | undefined {
    this.mintLoad ??= this.loadMint();
    return this.mintLoad.input;
  }

  private loadMint(): Loaded<MintInput> {
    const file = MINT_FILE;
    const absPath = this.abs(file);
    if (!fs.existsSync(absPath)) throw new CannotRunError(`${file}: not found in ${this.root}`);
    const decoded = this.readText(file);
    if ('error' in decoded) return this.failed(finding({ check: 'site', rule: 'mint-json-syntax', message: `cannot read mint.json: ${decoded.error}`, file }));
    const text = decoded.text;
    let config: unknown;
    try {
      config = JSON.parse(text);
    } catch (err) {
      return this.failed(finding({ check: 'site', rule: 'mint-json-syntax', message: `invalid JSON: ${(err as Error).message}`, file }, { start: jsonErrorPosition(text, err as Error) }));
    }
    if (!config || typeof config !== 'object' || Array.isArray(config)) {
      return this.failed(finding({ check: 'site', rule: 'mint-json-syntax', message: 'mint.json must hold a JSON object', file }));
    }
    const source = new Source(absPath, text);
    return { input: { file, absPath, text, config: config as Record<string, unknown>, locate: (p, k) => locatePointer(source, p, k) }, findings: [] };
  }

  /** Every MDX page under docs/, read once; unreadable pages become findings. */
  pages(): PageInput[] {
    this.pageLoad ??= this.loadPages();
    return this.pageLoad.input ?? [];
  }

  private loadPages(): Loaded<PageInput[]> {
    const pages: PageInput[] = [];
    if (!fs.existsSync(this.abs(DOCS_DIR))) return { input: pages, findings: [] };
    for (const file of walkFiles(this.root, DOCS_DIR, (rel) => rel.endsWith('.mdx') || rel.endsWith('.md'))) {
      const decoded = this.readText(file);
      if ('error' in decoded) {
        this.failed(finding({ check: 'site', rule: 'page-unreadable', message: `cannot read page: ${decoded.error}`, file }));
        continue;
      }
      const page = new Page(file, this.abs(file), decoded.text);
      if (page.tooLarge) {
        const mib = (Buffer.byteLength(decoded.text) / 1048576).toFixed(1);
        this.failed(
          finding({
            check: 'site',
            rule: 'page-too-large',
            severity: 'warning',
            message: `page is ${mib} MiB: MDX syntax, links and examples are not checked above ${MAX_MDX_BYTES / 1048576} MiB (split the page)`,
            file,
          }),
        );
      }
      pages.push(page);
    }
    return { input: pages, findings: [] };
  }

  /**
   * Start parsing every page's MDX in worker threads (the pipeline does, before any check runs):
   * on a large site parsing is the run's biggest cost and it parallelises. Small sites parse
   * in-process on demand instead (starting workers would cost more than it saves).
   */
  startPageParse(): void {
    if (this.parser !== undefined) return;
    const pages = this.pages().filter((p): p is Page => p instanceof Page && !p.tooLarge && !p.parsed);
    if (pages.reduce((n, p) => n + p.text.length, 0) < PREFETCH_MIN_BYTES) {
      this.parser = null;
      return;
    }
    this.parser = new PageParser(
      pages.map((p) => {
        let ready!: () => void;
        p.ready = new Promise<void>((resolve) => (ready = resolve));
        return { text: p.text, plainMarkdown: p.plainMarkdown, done: (parse) => ((p.parsed = parse), ready()) };
      }),
    );
    this.parser.start();
  }

  /**
   * Every page, in order, each as soon as its parse is done: a check can work through the first
   * pages while the workers still parse the last ones.
   */
  async *parsedPages(): AsyncGenerator<PageInput> {
    const all = this.parsePages(); // also parses on the main thread what workers cannot
    for (const page of this.pages()) {
      if (page instanceof Page && page.ready) await page.ready;
      yield page;
    }
    await all;
  }

  /**
   * Every page parsed: a check that reads parses awaits this after doing what it can without them
   * (one shared promise). `page.mdx()` works awaited or not (it parses in-process if need be).
   */
  parsePages(): Promise<void> {
    this.startPageParse();
    this.parseDone ??= this.parser ? this.parser.finish() : Promise.resolve();
    return this.parseDone;
  }

  /** Resolves when every page is parsed, without helping (for the pipeline's timing). */
  pagesParsed(): Promise<void> {
    return this.parser ? this.parser.settled : Promise.resolve();
  }

  /** Stop the parse workers, if any are left (the run ended before a check awaited them). */
  async close(): Promise<void> {
    await this.parser?.close();
  }
}

/** Below this much MDX, parsing in-process beats starting workers. */
const PREFETCH_MIN_BYTES = 2 * 1024 * 1024;

class Page implements PageInput {
  readonly route: string;
  readonly plainMarkdown: boolean;
  readonly tooLarge: boolean;
  parsed?: PageParse;
  /** Set while a worker parses the page; resolves when `parsed` is. */
  ready?: Promise<void>;

  constructor(
    readonly file: string,
    readonly absPath: string,
    readonly text: string,
  ) {
    this.route = file.replace(/\.mdx?$/, '');
    this.plainMarkdown = file.endsWith('.md');
    // Characters, not bytes: a cheap, conservative bound (a character is at least one byte).
    this.tooLarge = text.length > MAX_MDX_BYTES;
  }

  mdx(): PageParse {
    if (this.tooLarge) return { frontmatter: leadingFrontmatter(this.text) };
    this.parsed ??= pageParse(this.text, this.plainMarkdown);
    return this.parsed;
  }
}

/** Frontmatter of a page too large to parse as MDX: only the leading `---` block is read. */
function leadingFrontmatter(text: string): Record<string, unknown> {
  const m = /^---\n([\s\S]{0,65536}?)\n---(?:\n|$)/.exec(text.slice(0, 70000));
  if (!m) return {};
  try {
    const data = parseYaml(m[1]) as unknown;
    return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * Where JSON.parse failed. Node 20's messages often carry no position ("Unexpected end of JSON
 * input", "Unexpected token 'x', ... is not valid JSON"), so find the first bad character with a
 * small scanner instead of parsing the message.
 */
function jsonErrorPosition(text: string, err: Error): { line: number; column: number } {
  const lc = /line (\d+) column (\d+)/.exec(err.message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  return positionAt(text, firstJsonErrorOffset(text));
}

/** Offset of the first character where `text` stops being JSON (text.length: it ends too early). */
export function firstJsonErrorOffset(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const literal = (word: string) => {
    for (const ch of word) if (text[i++] !== ch) (i--, fail());
  };
  const string = () => {
    i++; // opening quote
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) fail();
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    } else if (ch === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    } else if (ch === '"') string();
    else if (ch === 't') literal('true');
    else if (ch === 'f') literal('false');
    else if (ch === 'n') literal('null');
    else {
      const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
      if (!m) fail();
      i += m![0].length;
    }
  };
  try {
    value();
    ws();
    return i < text.length ? i : text.length;
  } catch (at) {
    return Math.min(at as number, text.length);
  }
}
