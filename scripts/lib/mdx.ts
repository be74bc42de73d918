import slowSlugify, { type Options as SlugifyOptions } from '@sindresorhus/slugify';
import type { Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified, type Processor } from 'unified';
import { esmNames, freeNames } from './estree-names.js';
import { leadingFrontmatter, readFrontmatter } from './frontmatter.js';
import { splitBlocks } from './mdx-blocks.js';

/** MDX pages are parsed with the remark/micromark stack Mintlify renders them with (see `exact`). */

export interface ParsedMdx {
  tree?: Root;
  frontmatter: Record<string, unknown>;
  /** Set when the page does not parse (MDX syntax or frontmatter YAML). */
  error?: { message: string; line: number; column: number; rule: 'mdx-syntax' | 'frontmatter-syntax' | 'page-too-complex'; severity?: 'warning' };
  /**
   * Links, anchors, code blocks and imports, extracted from the tree right after parsing. Plain,
   * structured-cloneable data: a parse worker hands it back along with `error` and `frontmatter`,
   * so the main thread never needs the tree (see pageFacts). Absent when the page does not parse.
   */
  facts?: PageFacts;
}

/*
 * Two processors. `exact` is Mintlify's stack (@mintlify/common's coreRemark: remark-parse +
 * remark-mdx + remark-gfm + remark-math, for `.md` pages as for `.mdx`: math is why `$\frac{a}{b}$`
 * holds no expression); its verdict
 * on a page is the one reported. `fast` leaves out the two GFM constructs that cost the most
 * (measured on generated 17 KB pages: 0.64 s/MiB without GFM, 1.71 s/MiB with all of it; autolink
 * literals +0.5, tables +0.45) wherever leaving them out cannot change what the checks read:
 * - autolink literals (bare `https://…`, `www.…`, e-mail addresses) only ever become links to
 *   absolute URLs, which no check follows; headings keep the same text. They can hide an MDX
 *   error (`https://x.com/{a b}` is not an expression inside a literal), so a page that fails the
 *   fast parse is parsed again with `exact` and that result stands.
 * - tables are parsed whenever some line could be a delimiter row (`mayHaveTable`): inside a
 *   table a `|` splits JSX and expressions, so they change what is an error.
 */
const exact = unified().use(remarkParse).use(remarkMdx).use(remarkGfm).use(remarkFrontmatter, ['yaml']).use(remarkMath);
type MicromarkExtension = ReturnType<typeof gfmTable>;
type FromMarkdownExtension = ReturnType<typeof gfmTableFromMarkdown>;
const GFM_CHEAP: Array<[MicromarkExtension, FromMarkdownExtension]> = [
  [gfmFootnote(), gfmFootnoteFromMarkdown()],
  [gfmStrikethrough(), gfmStrikethroughFromMarkdown()],
  [gfmTaskListItem(), gfmTaskListItemFromMarkdown()],
];
const fast = {
  plain: fastProcessor(false),
  tables: fastProcessor(true),
  /** For the runs of lines after a page's start (scripts/lib/mdx-blocks.ts): no frontmatter there. */
  run: fastProcessor(false, false),
  runTables: fastProcessor(true, false),
};

function fastProcessor(tables: boolean, frontmatter = true) {
  const parts: typeof GFM_CHEAP = tables ? [...GFM_CHEAP, [gfmTable(), gfmTableFromMarkdown()]] : GFM_CHEAP;
  const processor = unified()
    .use(remarkParse)
    .use(remarkMdx)
    .use(function gfmWithoutAutolinkLiterals(this: Processor) {
      const data = this.data();
      (data.micromarkExtensions ??= []).push(...parts.map((p) => p[0]));
      (data.fromMarkdownExtensions ??= []).push(...parts.map((p) => p[1]));
    });
  return (frontmatter ? processor.use(remarkFrontmatter, ['yaml']) : processor).use(remarkMath);
}

/**
 * Whether some line of `text` could be a GFM table delimiter row: after container markers
 * (blockquote `>`, list bullets or numbers, indentation) only `-`, `:`, `|` and blanks, with a `-`
 * and a `|` or `:` (`---` alone is a thematic break or a setext underline, never a table).
 * A superset: false means the table construct cannot match anywhere on the page.
 */
export function mayHaveTable(text: string): boolean {
  return /^(?=[^\n]*-)(?=[^\n]*[|:])[ \t>*+\d.)]*[-|: \t]+$/m.test(text);
}

/**
 * Parse a page; `exactOnly` skips the fast processor (to compare the two). With `blocks`, the
 * tree comes from scripts/lib/mdx-blocks.ts where it can (only the nodes the facts read: for
 * pageParse, which keeps the facts and drops the tree).
 */
/** `## Title {#custom-id}`, as Mintlify matches it (at most 3 spaces of indent). */
const CUSTOM_HEADING_ID = /^( {0,3})(#{1,6})\s+(.+?)\s*\{\s*#([^}]+?)\s*\}\s*$/;

/**
 * Mintlify rewrites `## Title {#custom-id}` into `<h2 id="custom-id">Title</h2>` before it parses
 * a page (@mintlify/common's preprocessCustomHeadingIds), so the braces never reach the MDX
 * expression parser. The same rewrite here, kept on one line so every position stays where the
 * writer put it; `test/mdx-parse.test.ts` compares it with Mintlify's function.
 */
export function withCustomHeadingIds(text: string): string {
  if (!text.includes('{#')) return text;
  const lines = text.split('\n');
  let fence: string | undefined;
  let inComment = false;
  for (let i = 0; i < lines.length; i++) {
    const stripped = lines[i].trimStart();
    const run = /^(`{3,}|~{3,})/.exec(stripped)?.[1];
    if (fence) {
      if (run && run[0] === fence[0] && run.length >= fence.length && stripped.slice(run.length).trim() === '') fence = undefined;
      continue;
    }
    if (run && !inComment) {
      fence = run;
      continue;
    }
    const commented = inComment || lines[i].includes('{/*');
    const masked = lines[i].replace(/(`+).*?\1|"[^"\n]*"/g, (m) => ' '.repeat(m.length));
    const open = masked.lastIndexOf('{/*');
    inComment = open >= 0 ? !masked.slice(open).includes('*/') : inComment && !masked.includes('*/');
    const m = !commented && CUSTOM_HEADING_ID.exec(lines[i]);
    if (!m) continue;
    const id = m[4]
      .trim()
      .replace(/[<>"&?,;:!'()[\]{}]/g, '')
      .replace(/\p{Emoji_Modifier}|\p{Emoji_Modifier_Base}|\p{Emoji_Presentation}|\p{Extended_Pictographic}|[\u200D\uFE0E\uFE0F]/gu, '')
      .replace(/\s+/g, '-');
    lines[i] = `${m[1]}<h${m[2].length} id="${id}">${m[3]}</h${m[2].length}>`;
  }
  return lines.join('\n');
}

export function parseMdx(rawText: string, exactOnly = false, blocks = false): ParsedMdx {
  const text = withCustomHeadingIds(rawText);
  const quick = mayHaveTable(text) ? fast.tables : fast.plain;
  let tree: Root | undefined;
  if (blocks && !exactOnly) tree = blockwise(text);
  if (!tree && !exactOnly) {
    try {
      tree = quick.parse(text);
    } catch {
      // the exact stack decides whether the page is an error, and where
    }
  }
  if (!tree) {
    try {
      tree = exact.parse(text);
    } catch (err) {
      return { frontmatter: {}, error: syntaxError(err, text) };
    }
  }
  const facts = extractFacts(tree as unknown as AnyNode, text);
  const yamlNode = tree.children[0]?.type === 'yaml' ? tree.children[0] : undefined;
  if (!yamlNode) return { tree, frontmatter: {}, facts };
  const read = readFrontmatter(text);
  if ('data' in read) return { tree, frontmatter: read.data, facts };
  return { tree, frontmatter: {}, facts, error: { rule: 'frontmatter-syntax', ...read.error } };
}

/**
 * The page's tree from scripts/lib/mdx-blocks.ts: the blocks it reads itself, and the fast parse
 * of each run of other lines, moved to its place in the page. Undefined (the page is parsed whole)
 * when the pre-pass declines the page, a run does not parse (the whole page's parse then says
 * where, and whether, it fails) or a run ends inside fenced code (it was split where it must not be).
 */
function blockwise(text: string): Root | undefined {
  const segments = splitBlocks(text);
  if (!segments) return undefined;
  if (segments.length === 1 && segments[0].kind === 'parse') return undefined; // nothing gained
  const children: unknown[] = [];
  for (const segment of segments) {
    if (segment.kind === 'nodes') {
      children.push(...segment.nodes);
      continue;
    }
    let tree: Root;
    try {
      const tables = mayHaveTable(segment.text);
      const processor = segment.line === 1 ? (tables ? fast.tables : fast.plain) : tables ? fast.runTables : fast.run;
      tree = processor.parse(segment.text);
    } catch {
      return undefined;
    }
    if (!fencesClosed(tree as unknown as AnyNode, segment.text.split('\n'))) return undefined;
    if (segment.line > 1) movePositions(tree.children, segment.line - 1, segment.offset);
    children.push(...tree.children);
  }
  return { type: 'root', children } as Root;
}

/** Whether every fenced code block of a run's tree ends at a closing fence of its own (not at the run's end). */
function fencesClosed(node: AnyNode, lines: string[]): boolean {
  if (node.type === 'code' && node.position) {
    const open = /^\s*(`{3,}|~{3,})/.exec(lines[node.position.start.line - 1] ?? '');
    if (open) {
      const { line } = node.position.end;
      const close = new RegExp(`^\\s*${open[1][0] === '`' ? '`' : '~'}{${open[1].length},}\\s*$`);
      if (line <= node.position.start.line || !close.test(lines[line - 1] ?? '')) return false;
    }
  }
  return (node.children ?? []).every((c) => fencesClosed(c, lines));
}

/**
 * Shift every position in a run's nodes (mdast `position`, and the `loc` of the estree programs
 * of expressions and ESM) from the run's lines to the page's. A run starts at column 1, so columns stay.
 */
function movePositions(nodes: unknown[], lines: number, offset: number): void {
  const seen = new Set<object>();
  const visit = (value: unknown): void => {
    if (!value || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) {
      for (const v of value) visit(v);
      return;
    }
    const o = value as Record<string, unknown>;
    const position = o.position as { start?: { line: number; offset?: number }; end?: { line: number; offset?: number } } | undefined;
    for (const p of [position?.start, position?.end]) {
      if (p && !seen.has(p)) {
        seen.add(p);
        p.line += lines;
        if (typeof p.offset === 'number') p.offset += offset;
      }
    }
    const loc = o.loc as { start?: { line: number }; end?: { line: number } } | undefined;
    for (const p of [loc?.start, loc?.end]) {
      if (p && !seen.has(p)) {
        seen.add(p);
        p.line += lines;
      }
    }
    for (const [k, v] of Object.entries(o)) if (k !== 'position' && k !== 'loc' && v && typeof v === 'object') visit(v);
  };
  visit(nodes);
}

function syntaxError(err: unknown, text: string): NonNullable<ParsedMdx['error']> {
  const e = err as { reason?: string; message: string; line?: number; column?: number; place?: { line?: number; column?: number; start?: { line: number; column: number } } };
  const place = e.place && 'start' in e.place && e.place.start ? e.place.start : e.place;
  const reason = e.reason ?? e.message;
  // "Expected a closing tag for `<x>` (5:61-5:73) before the end of `paragraph`" is placed at
  // the paragraph; the tag that needs fixing is the one named in the message.
  const tag = /for `[^`]*` \((\d+):(\d+)-\d+:\d+\)/.exec(reason);
  const line = tag ? Number(tag[1]) : (e.line ?? place?.line ?? 1);
  const column = tag ? Number(tag[2]) : (e.column ?? place?.column ?? 1);
  return { rule: 'mdx-syntax', message: reason + tagHint(text.split('\n')[line - 1] ?? '', column), line, column };
}

/**
 * HTML elements a page may write in prose (they need closing like components); any other
 * lower-case or SHOUTING tag in prose is almost always a placeholder (`<user-token>`, `<YOUR_KEY>`).
 */
const HTML_ELEMENTS = new Set(
  'a abbr b blockquote br caption center code col dd del details div dl dt em figcaption figure font h1 h2 h3 h4 h5 h6 hr i iframe img input kbd label li mark ol p picture pre q s small source span strong sub summary sup table tbody td tfoot th thead tr u ul video'.split(' '),
);

/**
 * What to do about the `<...>` an MDX error is about (the one holding `column` on `line`): a
 * placeholder in prose goes in backticks; a component or HTML element needs its closing tag.
 */
function tagHint(line: string, column: number): string {
  for (const m of line.matchAll(/<([^<>\n]{1,80})>/g)) {
    const start = m.index + 1;
    if (column < start || column > start + m[0].length) continue;
    const written = m[0];
    // `<user@example.com>`, `<https://…>`: the parser's own message says how to write a link.
    if (/[@:]/.test(m[1])) return '';
    const name = /^\/?([^\s/>]*)/.exec(m[1])![1];
    if (/^[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)*(?:\.[A-Za-z]+)?$/.test(name) || HTML_ELEMENTS.has(name)) {
      return m[1].startsWith('/') ? '' : `: close it with </${name}>, or write <${name} /> when it holds nothing`;
    }
    return `: MDX reads ${written} in prose as a tag; write a placeholder in backticks, as \`${written}\``;
  }
  return '';
}

/** What a page's parse leaves behind for the checks: plain, structured-cloneable data (no tree). */
export type PageParse = Omit<ParsedMdx, 'tree'>;

/** A page's parse for the checks; `blocks: false` parses it whole (to compare the two). */
export function pageParse(text: string, blocks = true): PageParse {
  try {
    const { frontmatter, error, facts } = parseMdx(text, false, blocks);
    return { frontmatter, error, facts };
  } catch (err) {
    // Nesting deeper than the parser's (or the fact walk's) recursion can go: a finding, not an abort.
    if (err instanceof RangeError) return tooComplex(text, 'its nesting is too deep for the MDX parser');
    throw err;
  }
}

/** The parse of a page the MDX parser cannot handle within its budget: frontmatter only, and a warning. */
export function tooComplex(text: string, why: string): PageParse {
  return {
    frontmatter: leadingFrontmatter(text),
    error: {
      rule: 'page-too-complex',
      severity: 'warning',
      message: `${why}, so the page's MDX syntax, links and examples are not checked (simplify the page; its links still count for reachability)`,
      line: 1,
      column: 1,
    },
  };
}

/* ------------------------------------------------------------------------------------------------
 * Facts about a parsed page that several checks need (links, anchors, code blocks, imports),
 * extracted in one walk of the tree and memoised per page, so `site` and `examples` share one
 * parse instead of each walking (or re-parsing) it.
 * ---------------------------------------------------------------------------------------------- */

/** A node of the mdast/MDX tree, typed loosely: the walk reads only these fields. */
interface AnyNode {
  type: string;
  name?: string | null;
  value?: string;
  url?: string;
  depth?: number;
  lang?: string | null;
  meta?: string | null;
  attributes?: Array<{ type: string; name?: string; value?: unknown; data?: { estree?: unknown } }>;
  data?: { estree?: unknown };
  children?: AnyNode[];
  position?: { start: { line: number; column: number; offset?: number }; end: { line: number; column: number; offset?: number } };
}

export interface SourceSpan {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface PageLink extends SourceSpan {
  url: string;
  /** What carries it: a Markdown link/image/definition, or a JSX `href`/`src` attribute. */
  via: 'link' | 'image' | 'definition' | 'href' | 'src';
  /** The JSX element an `href`/`src` is written on (`a`, `Card`, a page's own component). */
  element?: string;
}

export interface CodeBlock {
  lang: string;
  meta: string;
  value: string;
  /** Line and column of the opening fence. */
  line: number;
  column: number;
  /**
   * Source line and column of the first character of each line of `value` (indentation inside
   * JSX or lists is stripped from `value`, so the column differs from the value's own).
   */
  lineStarts: Array<{ line: number; column: number }>;
  /** Names of the JSX components around the block, outermost first (e.g. ['RequestExample']). */
  containers: string[];
  /**
   * `{/* ... *\/}` comments standing right before the block or before one of its enclosing
   * components: where opt-out markers (e.g. `check-examples: skip`) live.
   */
  comments: Array<{ text: string; line: number }>;
}

export interface PageFacts {
  /** Every `#fragment` that resolves on this page, as Mintlify renders it (see headingAnchors). */
  anchors: Set<string>;
  links: PageLink[];
  codeBlocks: CodeBlock[];
  /** Module sources of `import ... from '...'` statements (snippets). */
  imports: string[];
  /** Sources imported by default (`import Intro from '/snippets/intro.mdx'`): Mintlify inlines their content into the page. */
  defaultImports: string[];
  /** Names the page's `import`/`export` statements declare. */
  esmNames: string[];
  /**
   * Names that MDX expressions read and do not declare themselves (arrow parameters and the like
   * are declared): in prose (`{name}`), flow, JSX attribute values (`title={x.y}`) and spread
   * attributes. `bare`: the whole expression is that name, in prose or flow (Mintlify drops such
   * an expression when nothing defines the name, rather than failing). Comments `{/* *\/}` have none.
   */
  expressionNames: Array<{ name: string; line: number; column: number; bare: boolean }>;
}

/**
 * The facts of a page, or undefined when it does not parse (the `site` check reports that).
 * They come with the page's parse (see parseMdx): one parse and one walk per page, whichever
 * checks ask.
 */
export function pageFacts(page: { mdx(): PageParse }): PageFacts | undefined {
  const parsed = page.mdx();
  return parsed.error?.rule === 'mdx-syntax' || parsed.error?.rule === 'page-too-complex' ? undefined : parsed.facts;
}

function spanOf(node: AnyNode): SourceSpan {
  const p = node.position;
  return p
    ? { line: p.start.line, column: p.start.column, endLine: p.end.line, endColumn: p.end.column }
    : { line: 1, column: 1, endLine: 1, endColumn: 1 };
}

function stringAttribute(node: AnyNode, name: string): string | undefined {
  const attr = node.attributes?.find((a) => a.type === 'mdxJsxAttribute' && a.name === name);
  return attr && typeof attr.value === 'string' ? attr.value : undefined;
}

function hasAttribute(node: AnyNode, name: string): boolean {
  return Boolean(node.attributes?.some((a) => a.type === 'mdxJsxAttribute' && a.name === name));
}

const isJsx = (n: AnyNode) => n.type === 'mdxJsxFlowElement' || n.type === 'mdxJsxTextElement';

/** An MDX comment expression `{/* text *\/}`: its inner text, else undefined. */
function commentText(node: AnyNode): string | undefined {
  if (node.type !== 'mdxFlowExpression' || typeof node.value !== 'string') return undefined;
  const m = /^\s*\/\*([\s\S]*)\*\/\s*$/.exec(node.value);
  return m ? m[1].trim() : undefined;
}

function extractFacts(tree: AnyNode, text: string): PageFacts {
  const links: PageLink[] = [];
  const codeBlocks: CodeBlock[] = [];
  const imports: string[] = [];
  const defaultImports: string[] = [];
  const esm: string[] = [];
  const expressionNames: PageFacts['expressionNames'] = [];
  const sourceLines = text.split('\n');
  const readNames = (estree: unknown, inProse: boolean) => {
    if (!estree) return;
    const body = (estree as { body?: Array<{ type: string; expression?: { type: string } }> }).body ?? [];
    const bare = inProse && body.length === 1 && body[0].type === 'ExpressionStatement' && body[0].expression?.type === 'Identifier';
    for (const n of freeNames(estree)) expressionNames.push({ name: n.name, line: n.line, column: n.column + 1, bare });
  };

  const walk = (node: AnyNode, containers: string[], comments: CodeBlock['comments']) => {
    if (node.type === 'link' || node.type === 'image' || node.type === 'definition') {
      if (typeof node.url === 'string') links.push({ url: node.url, via: node.type as PageLink['via'], ...spanOf(node) });
    } else if (node.type === 'mdxFlowExpression' || node.type === 'mdxTextExpression') {
      readNames(node.data?.estree, true);
    } else if (isJsx(node)) {
      for (const attr of node.attributes ?? []) {
        if (attr.type === 'mdxJsxExpressionAttribute') readNames(attr.data?.estree, false);
        else if (attr.value && typeof attr.value === 'object') readNames((attr.value as AnyNode).data?.estree, false);
      }
      // An SVG `<use href>` points into a sprite sheet, not at a page.
      const href = node.name === 'use' ? undefined : stringAttribute(node, 'href');
      if (href !== undefined) links.push({ url: href, via: 'href', element: node.name ?? undefined, ...spanOf(node) });
      const src = ['img', 'source', 'video'].includes(node.name ?? '') ? stringAttribute(node, 'src') : undefined;
      if (src !== undefined) links.push({ url: src, via: 'src', ...spanOf(node) });
    } else if (node.type === 'mdxjsEsm' && typeof node.value === 'string') {
      esm.push(...esmNames(node.data?.estree));
      for (const m of node.value.matchAll(/\bfrom\s*['"]([^'"]+)['"]|\bimport\s*['"]([^'"]+)['"]/g)) imports.push(m[1] ?? m[2]);
      for (const m of node.value.matchAll(/\bimport\s+[\w$]+\s*(?:,\s*\{[^}]*\}\s*)?from\s*['"]([^'"]+)['"]/g)) defaultImports.push(m[1]);
    } else if (node.type === 'code' && typeof node.value === 'string') {
      codeBlocks.push(codeBlock(node, containers, comments, sourceLines));
    }
    const children = node.children ?? [];
    const inner = isJsx(node) && node.name ? [...containers, node.name] : containers;
    let pending: CodeBlock['comments'] = [];
    for (const child of children) {
      const comment = commentText(child);
      if (comment !== undefined) {
        pending.push({ text: comment, line: child.position?.start.line ?? 1 });
        continue;
      }
      walk(child, inner, pending.length ? [...comments, ...pending] : comments);
      pending = [];
    }
  };
  walk(tree, [], []);
  return { anchors: headingAnchors(tree), links, codeBlocks, imports, defaultImports, esmNames: esm, expressionNames };
}

function codeBlock(node: AnyNode, containers: string[], comments: CodeBlock['comments'], sourceLines: string[]): CodeBlock {
  const { line, column } = spanOf(node);
  const value = node.value ?? '';
  // A fenced block's content starts on the line after the fence; an indented block on its own line.
  const fenced = /^\s*(`{3,}|~{3,})/.test(sourceLines[line - 1] ?? '');
  const first = fenced ? line + 1 : line;
  const lineStarts = value.split('\n').map((valueLine, i) => {
    const source = sourceLines[first + i - 1] ?? '';
    // The value line is the source line minus the stripped indentation (or container prefix).
    const stripped = source.endsWith(valueLine) ? source.length - valueLine.length : 0;
    return { line: first + i, column: stripped + 1 };
  });
  return { lang: (node.lang ?? '').toLowerCase(), meta: node.meta ?? '', value, line, column, lineStarts, containers, comments };
}

/* ---- anchors, as Mintlify renders them (@mintlify/common 1.0.1182, which mintlify 4.2.949 uses) ---- */

/** Headings inside these components are left out of Mintlify's table of contents. */
const TOC_EXCLUDED = new Set(['Accordion', 'AccordionGroup', 'Expandable', 'Update', 'Prompt']);
/** Components whose `id` prop never reaches the DOM (Mintlify's COMPONENTS_WITHOUT_ID). */
const COMPONENTS_WITHOUT_ID = new Set(
  'Info Warning Note Tip Check Danger Callout AccordionGroup Card CardGroup Tabs CodeGroup Column Columns CustomCode CustomComponent DynamicCustomComponent Expandable Frame GitHub Github Icon Latex Mermaid Panel Popup Prompt RequestExample ResponseExample SnippetGroup Steps Tile Tooltip Tree FileTree Variation Visibility MDX Badge Color ZoomImage'.split(' '),
);
const COMPONENTS_WITH_CLEANED_ID = new Set(['Heading', 'Step', 'Update']);
const PARAM_FIELDS = new Set(['ParamField', 'Param', 'ResponseField']);
const PARAM_NAME_ATTRIBUTES = new Set(['query', 'path', 'body', 'header', 'name']);

/**
 * @sindresorhus/slugify (what Mintlify slugs with), with a fast path for ASCII text: its
 * transliteration step compiles ~1,900 regexes per call (~3 ms), and for ASCII input it only
 * turns `&` into ` and ` and drops `^` and backticks (diacritics). The rest mirrors slugify 2.2.0 step by step; test/site-links.test.ts
 * compares the two on a corpus. Non-ASCII text goes to the original.
 */
export function slugify(input: string, options: SlugifyOptions = {}): string {
  // eslint-disable-next-line no-control-regex
  if (!/^[\x00-\x7F]*$/.test(input) || options.customReplacements?.length) return slowSlugify(input, options);
  const o = { separator: '-', lowercase: true, decamelize: true, preserveLeadingUnderscore: false, preserveTrailingDash: false, preserveCharacters: [] as string[], ...options };
  const prependUnderscore = o.preserveLeadingUnderscore && input.startsWith('_');
  const appendDash = o.preserveTrailingDash && input.endsWith('-');
  // transliterate: `&` → ` and ` (slugify's own replacement), then diacritics dropped (ASCII has two).
  let string = input.replace(/&/g, ' and ').replace(/\p{Diacritic}/gu, '');
  if (o.decamelize) {
    string = string
      .replace(/([A-Z]{2,})(\d+)/g, '$1 $2')
      .replace(/([a-z\d]+)([A-Z]{2,})/g, '$1 $2')
      .replace(/([a-z\d])([A-Z])/g, '$1 $2')
      .replace(/([A-Z]+)([A-Z][a-rt-z\d]+)/g, '$1 $2');
  }
  const escape = (c: string) => c.replace(/[|\\{}()[\]^$+*?.]/g, '\\$&').replace(/-/g, '\\x2d');
  const negation = 'a-z\\d' + (o.lowercase ? '' : 'A-Z') + o.preserveCharacters.map(escape).join('');
  if (o.lowercase) string = string.toLowerCase();
  string = string.replace(new RegExp(`[^${negation}]+`, 'g'), o.separator);
  string = string.replace(/\\/g, '');
  string = string.replace(/([a-zA-Z\d]+)-([ts])(-|$)/g, '$1$2$3');
  if (o.separator) {
    const sep = escape(o.separator);
    string = string.replace(new RegExp(`${sep}{2,}`, 'g'), o.separator).replace(new RegExp(`^${sep}|${sep}$`, 'g'), '');
  }
  if (prependUnderscore) string = `_${string}`;
  if (appendDash) string = `${string}-`;
  return string;
}

/** slugify's `slugifyWithCounter` (same counting), over the fast slugify above. */
export function slugifyWithCounter(): (input: string, options?: SlugifyOptions) => string {
  const occurrences = new Map<string, number>();
  return (input, options) => {
    let string = slugify(input, options);
    if (!string) return '';
    const lower = string.toLowerCase();
    const numberless = occurrences.get(lower.replace(/(?:-\d+?)+?$/, '')) || 0;
    const counter = occurrences.get(lower);
    occurrences.set(lower, typeof counter === 'number' ? counter + 1 : 1);
    const next = occurrences.get(lower) || 2;
    if (next >= 2 || numberless > 2) string = `${string}-${next}`;
    return string;
  };
}

/** Mintlify's `getUnicodeId` + `slugify`: how a heading title becomes its id. */
export function mintlifySlug(title: string, counter: (s: string, o?: SlugifyOptions) => string = slugifyWithCounter()): string {
  const encoded = encodeURIComponent(title.toLowerCase().trim().replace(/\s+/g, '-'));
  return /%[0-9A-F]{2}/.test(encoded)
    ? counter(encoded, { decamelize: false, preserveCharacters: ['%', '_'], lowercase: false })
    : counter(encoded, { decamelize: false, preserveCharacters: ['_'] });
}

/** Mintlify's `cleanHeadingId`: percent-decoding, punctuation and emoji stripped (as the DOM id). */
export function cleanHeadingId(id: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(id.replace(/%(?![0-9A-Fa-f]{2})/g, '%25'));
  } catch {
    return id;
  }
  return decoded
    .replace(/[?,;:!'"()[\]{}]/g, '')
    .replace(/\p{Emoji_Modifier}|\p{Emoji_Modifier_Base}|\p{Emoji_Presentation}|\p{Extended_Pictographic}|[\u200D\uFE0E\uFE0F]/gu, '');
}

function titleText(node: AnyNode): string {
  if (node.type === 'text' || node.type === 'inlineCode') return node.value ?? '';
  return (node.children ?? []).map(titleText).join('');
}

/**
 * Every anchor a page has: heading slugs (table-of-contents rules: h1-h4, `<h1>`-`<h4>`,
 * `<Heading>`, `<Update label>`, `<Step>` with titleSize h2/h3; not inside Accordion & co.),
 * deduplicated with -2, -3 suffixes; every Markdown heading's own id (inside Accordions too);
 * ParamField/ResponseField ids (`param-<name>`); Tab,
 * Accordion and View title slugs; and explicit `id` props that reach the DOM. Mirrors what
 * `mint broken-links --check-anchors` accepts (compared in test/site-links.test.ts).
 */
export function headingAnchors(tree: AnyNode): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const dedupe = (slug: string) => {
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    if (count === 0) return slug;
    let suffix = count + 1;
    while (seen.has(`${slug}-${suffix}`)) suffix++;
    seen.set(`${slug}-${suffix}`, 1);
    return `${slug}-${suffix}`;
  };
  // Mintlify also gives every Markdown heading an id of its own (remarkComponentIds), TOC or not:
  // headings inside an Accordion are linkable although they are not in the table of contents.
  const headingIds = slugifyWithCounter();
  const paramCounts = new Map<string, number>();
  const tabCounter = slugifyWithCounter();
  const componentCounts = new Map<string, number>();
  const componentId = (title: string) => {
    const base = slugify(title.replace(':', '-'), { decamelize: false });
    const count = componentCounts.get(base) ?? 0;
    componentCounts.set(base, count + 1);
    return count > 0 ? `${base}-${count}` : base;
  };

  const visit = (node: AnyNode, excluded: boolean, stepsTitleSize?: string) => {
    const name = node.name ?? '';
    const jsx = node.type === 'mdxJsxFlowElement';
    let heading: string | undefined;
    if (!excluded) {
      if (node.type === 'heading' && (node.depth ?? 9) <= 4) heading = titleText(node);
      else if (jsx && ['h1', 'h2', 'h3', 'h4', 'Heading'].includes(name)) heading = titleText(node);
      else if (jsx && name === 'Update' && stringAttribute(node, 'label') !== undefined) heading = stringAttribute(node, 'label');
      else if (jsx && name === 'Step') {
        const size = stringAttribute(node, 'titleSize') ?? stepsTitleSize;
        const title = stringAttribute(node, 'title') ?? '';
        if ((size === 'h2' || size === 'h3') && !hasAttribute(node, 'noAnchor') && title.trim() !== '') heading = title;
      }
    }
    if (node.type === 'heading' && (node.depth ?? 9) <= 4) anchors.add(cleanHeadingId(mintlifySlug(titleText(node), headingIds)));
    if (heading !== undefined) {
      const explicit = jsx ? stringAttribute(node, 'id') : undefined;
      anchors.add(cleanHeadingId(dedupe((explicit && cleanHeadingId(explicit)) || mintlifySlug(heading))));
    }
    // Ids of components count whether they stand alone (flow) or inline in a paragraph (text):
    // the renderer gives both the same id. Headings and steps are flow-only, as in Mintlify's TOC.
    const element = jsx || node.type === 'mdxJsxTextElement';
    if (element && PARAM_FIELDS.has(name)) {
      const attr = node.attributes?.find((a) => a.type === 'mdxJsxAttribute' && PARAM_NAME_ATTRIBUTES.has(a.name ?? ''));
      if (attr && typeof attr.value === 'string' && attr.value) {
        const count = paramCounts.get(attr.value) ?? 0;
        paramCounts.set(attr.value, count + 1);
        anchors.add(slugify(`param-${attr.value}${count > 0 ? `_${count}` : ''}`, { decamelize: true, separator: '-' }));
      }
    } else if (element && !COMPONENTS_WITHOUT_ID.has(name)) {
      const id = stringAttribute(node, 'id');
      const title = stringAttribute(node, 'title');
      if (id) anchors.add(COMPONENTS_WITH_CLEANED_ID.has(name) ? cleanHeadingId(id) : id);
      else if (title && name === 'Tab') anchors.add(mintlifySlug(title, tabCounter));
      else if (title && (name === 'Accordion' || name === 'View')) anchors.add(componentId(title));
    }
    const childExcluded = excluded || (jsx && TOC_EXCLUDED.has(name));
    const childSteps = jsx && name === 'Steps' ? stringAttribute(node, 'titleSize') : undefined;
    for (const child of node.children ?? []) visit(child, childExcluded, childSteps);
  };
  visit(tree, false);
  return anchors;
}
