import fs from 'node:fs';
import path from 'node:path';
import { makeDocumentFromString, Source, YamlParseError, type Document } from '@redocly/openapi-core';
import { CannotRunError, finding, type Finding, type Span } from './finding.js';
import { decodeText, walkFiles } from './files.js';
import { locatePointer } from './locate.js';
import { parseMdx, type ParsedMdx } from './mdx.js';

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
  /** Parsed on first use and then shared. */
  mdx(): ParsedMdx;
}

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
    const source = document.source;
    return { input: { file, absPath, document, api, locate: (p, k) => locatePointer(source, p, k) }, findings: [] };
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
      const absPath = this.abs(file);
      const decoded = this.readText(file);
      if ('error' in decoded) {
        this.failed(finding({ check: 'site', rule: 'page-unreadable', message: `cannot read page: ${decoded.error}`, file }));
        continue;
      }
      const text = decoded.text;
      let parsed: ParsedMdx | undefined;
      pages.push({ file, absPath, route: file.replace(/\.mdx?$/, ''), text, mdx: () => (parsed ??= parseMdx(text, file.endsWith('.md'))) });
    }
    return { input: pages, findings: [] };
  }
}

/** V8 reports JSON errors as "... at position N" (Node 20) or "(line L column C)" (newer). */
function jsonErrorPosition(text: string, err: Error): { line: number; column: number } {
  const lc = /line (\d+) column (\d+)/.exec(err.message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /position (\d+)/.exec(err.message);
  if (!pos) return { line: 1, column: 1 };
  const before = text.slice(0, Number(pos[1])).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}
