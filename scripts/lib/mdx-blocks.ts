/**
 * A pre-pass over an MDX page's lines that reads the blocks whose parse it can give exactly (with
 * the nodes the facts read) without micromark, and leaves every other stretch of lines to be
 * parsed by micromark on its own (scripts/lib/mdx.ts, `parseMdx`). On the generated bench pages
 * most bytes are prose, headings, fenced code and tables, which micromark parses at ~1 s per MiB
 * and this reads at a small fraction of that.
 *
 * What it reads itself, each starting at column 1 after a blank line (or the page's start) and
 * followed by a blank line (or the end):
 * - ATX headings whose text is plain (letters, code spans; no emphasis, links, escapes or entities);
 * - fenced code blocks (``` or ~~~ at column 1, closed at column 1, an info string without
 *   escapes or entities);
 * - paragraphs and pipe tables of plain text with code spans and inline links/images
 *   `[text](url "title")` (no `<`, `{`, `}`, backslash, reference links or other brackets, no
 *   line that could start another block or be a table's delimiter row in a paragraph);
 * - components whose tags stand alone on their lines, with string attributes, holding such
 *   paragraphs and such components (`<Note>`, `<Steps>` of `<Step title="...">`, `<Card />`).
 * Everything else (other JSX, expressions, ESM, lists, block quotes, frontmatter, what it is unsure
 * of) goes to micromark as a run of whole lines. A split is where CommonMark/MDX starts a new
 * block anyway: after a blank line, at column 1, outside any fenced code (tracked here) and any
 * JSX element (guessed here; a wrong guess makes micromark fail on the piece, and a piece that
 * fails, or whose fenced code runs to the piece's end, sends the whole page to the usual parse).
 *
 * The page is read whole by the usual parse when it has a definition (`[x]: url`, `[^x]:`), whose
 * label any block may use, a math block (`$$`, which may span blank lines), a tab or CR (column
 * arithmetic), or UTF-16 surrogates; a heading or paragraph with a `$` (inline math) goes to micromark.
 * test/mdx-blocks.test.ts proves the result equal to the usual parse on every page of the
 * repository and its fixtures and on seeded random pages.
 */

/** A stretch of the page's lines that micromark parses. */
export interface ParseRun {
  kind: 'parse';
  text: string;
  /** 1-based line of its first line in the page, and the page offset of its first character. */
  line: number;
  offset: number;
}

/** Nodes read here (only the fields the facts read: types, urls, positions, code, heading text). */
export interface BlockNodes {
  kind: 'nodes';
  nodes: FastNode[];
}

export interface FastPoint {
  line: number;
  column: number;
  offset: number;
}

export interface FastNode {
  type: string;
  name?: string;
  attributes?: Array<{ type: string; name: string; value: string }>;
  depth?: number;
  value?: string;
  url?: string;
  lang?: string | null;
  meta?: string | null;
  children?: FastNode[];
  position?: { start: FastPoint; end: FastPoint };
}

export type Segment = ParseRun | BlockNodes;

const BLANK = /^ *$/;
/** A line that starts another block inside a paragraph, or that a paragraph line could turn into a heading. */
const INTERRUPTS = /^(?:#{1,6}(?: |$)|>|[-*+](?: |$)|\d{1,9}[.)](?: |$)|`{3,}|~{3,}|<|\{|(?:=+|-+) *$|([-*_])(?: *\1){2,} *$)/;
/** From mayHaveTable (mdx.ts): a line that could be a GFM table's delimiter row. */
const DELIMITER_ROW = /^(?=[^\n]*-)(?=[^\n]*[|:])[ \t>*+\d.)]*[-|: \t]+$/;
const FENCE_OPEN = /^ *(`{3,}|~{3,})(.*)$/;
const JSX_OPEN_LINE = /^ *<([A-Za-z][\w.:-]*)(?:\s[^<>]*)?>\s*$/;
const JSX_CLOSE_LINE = /^ *<\/[A-Za-z][\w.:-]*>\s*$/;

/** Segments covering the page in order, or undefined when the page is to be parsed whole. */
export function splitBlocks(text: string): Segment[] | undefined {
  // eslint-disable-next-line no-control-regex
  // A math block (`$$`) may hold blank lines, like fenced code: such a page is read whole.
  if (/[\t\r\uD800-\uDFFF\u0000]/.test(text) || /^ {0,3}\[[^\]\n]*\]:/m.test(text) || /^ {0,3}\$\$/m.test(text)) return undefined;
  const lines = text.split('\n');
  const starts: number[] = new Array(lines.length);
  for (let i = 0, at = 0; i < lines.length; i++) {
    starts[i] = at;
    at += lines[i].length + 1;
  }
  const segments: Segment[] = [];
  let runStart = -1;
  let fence: { char: string; size: number } | undefined;
  let jsxDepth = 0;
  const flush = (end: number) => {
    if (runStart < 0) return;
    segments.push({ kind: 'parse', text: lines.slice(runStart, end).join('\n'), line: runStart + 1, offset: starts[runStart] });
    runStart = -1;
  };

  let i = 0;
  // Frontmatter: the first run goes at least to its closing fence (a blank line inside is YAML).
  if (/^---[ ]*$/.test(lines[0])) {
    const close = lines.findIndex((l, k) => k > 0 && /^---[ ]*$/.test(l));
    if (close < 0) return undefined;
    runStart = 0;
    i = close + 1;
  }
  while (i < lines.length) {
    const line = lines[i];
    if (runStart < 0 && BLANK.test(line)) {
      i++;
      continue;
    }
    if (!fence && jsxDepth === 0 && (i === 0 || BLANK.test(lines[i - 1]))) {
      const block = readBlock(lines, starts, i);
      if (block && (block.end === lines.length || BLANK.test(lines[block.end]))) {
        flush(i);
        segments.push({ kind: 'nodes', nodes: block.nodes });
        i = block.end;
        continue;
      }
    }
    if (runStart < 0) runStart = i;
    // What the run is inside of, so that it is not split there.
    if (fence) {
      const m = /^ *(`{3,}|~{3,}) *$/.exec(line);
      if (m && m[1][0] === fence.char && m[1].length >= fence.size) fence = undefined;
    } else {
      const m = FENCE_OPEN.exec(line);
      if (m && !(m[1][0] === '`' && m[2].includes('`'))) fence = { char: m[1][0], size: m[1].length };
      else if (JSX_OPEN_LINE.test(line) && !/\/>\s*$/.test(line)) jsxDepth++;
      else if (JSX_CLOSE_LINE.test(line)) jsxDepth = Math.max(0, jsxDepth - 1);
    }
    i++;
  }
  flush(lines.length);
  // MDX reads all of a page's import/export blocks as one program (a name declared twice is an
  // error): they must be in one run.
  if (segments.filter((s) => s.kind === 'parse' && /^(?:import|export)\b/m.test(s.text)).length > 1) return undefined;
  return segments;
}

interface Block {
  /** Index of the first line after the block. */
  end: number;
  nodes: FastNode[];
}

function readBlock(lines: string[], starts: number[], i: number): Block | undefined {
  const line = lines[i];
  const c = line[0];
  if (c === '`' || c === '~') return readFence(lines, starts, i);
  if (c === '#') return readHeading(line, i);
  if (c === '<') {
    const jsx = readJsx(lines, starts, i);
    return jsx && { end: jsx.end, nodes: [jsx.node] };
  }
  if (/^[A-Za-z0-9"'([`|]/.test(line) && !/^\d{1,9}[.)](?: |$)/.test(line) && !/^(?:import|export)\b/.test(line)) return readText(lines, starts, i);
  return undefined;
}

function readFence(lines: string[], starts: number[], i: number): Block | undefined {
  const m = /^(`{3,}|~{3,})(.*)$/.exec(lines[i]);
  if (!m) return undefined;
  const [, run, info] = m;
  if ((run[0] === '`' && info.includes('`')) || /[\\&]| $/.test(info)) return undefined;
  const closer = new RegExp(`^ *${run[0] === '`' ? '`' : '~'}{${run.length},} *$`);
  for (let k = i + 1; k < lines.length; k++) {
    if (!closer.test(lines[k])) continue;
    // A closing fence is at column 1 here; an indented one is left to micromark.
    if (lines[k][0] === ' ') return undefined;
    const trimmed = info.trimStart();
    const space = trimmed.indexOf(' ');
    const lang = trimmed === '' ? null : space < 0 ? trimmed : trimmed.slice(0, space);
    const meta = space < 0 ? null : trimmed.slice(space).trimStart() || null;
    const node: FastNode = {
      type: 'code',
      lang,
      meta,
      value: lines.slice(i + 1, k).join('\n'),
      position: { start: { line: i + 1, column: 1, offset: starts[i] }, end: { line: k + 1, column: lines[k].length + 1, offset: starts[k] + lines[k].length } },
    };
    return { end: k + 1, nodes: [node] };
  }
  return undefined;
}

function readHeading(line: string, i: number): Block | undefined {
  const m = /^(#{1,6}) +(\S.*)$/.exec(line);
  if (!m || /[# ]$/.test(m[2]) || m[2].includes('$')) return undefined; // `$…$` is math (remark-math)
  const spans = codeSpans(m[2]);
  if (!spans) return undefined;
  let title = '';
  let outside = '';
  let at = 0;
  for (const [from, to, size] of spans) {
    title += m[2].slice(at, from) + inlineCodeValue(m[2].slice(from + size, to - size));
    outside += m[2].slice(at, from);
    at = to;
  }
  title += m[2].slice(at);
  outside += m[2].slice(at);
  // Emphasis, links, escapes, entities, strikethrough, JSX, expressions: left to micromark.
  if (/[<>{}\\[\]*_&~!|]/.test(outside)) return undefined;
  return { end: i + 1, nodes: [{ type: 'heading', depth: m[1].length, children: [{ type: 'text', value: title }] }] };
}

/**
 * CommonMark code spans in `s`: [start, end, backtick count] of each, or undefined when a backtick
 * string has no closer of its length (left to micromark: it is literal text there).
 */
function codeSpans(s: string): Array<[number, number, number]> | undefined {
  const out: Array<[number, number, number]> = [];
  let i = s.indexOf('`');
  while (i >= 0) {
    let n = 1;
    while (s[i + n] === '`') n++;
    let j = s.indexOf('`', i + n);
    let found = -1;
    while (j >= 0) {
      let m = 1;
      while (s[j + m] === '`') m++;
      if (m === n) {
        found = j;
        break;
      }
      j = s.indexOf('`', j + m);
    }
    if (found < 0) return undefined;
    out.push([i, found + n, n]);
    i = s.indexOf('`', found + n);
  }
  return out;
}

/** The value of an inline code node: line endings as spaces, one space stripped from each side when both have one. */
function inlineCodeValue(content: string): string {
  const v = content.replace(/\n/g, ' ');
  return v.length > 2 && v[0] === ' ' && v[v.length - 1] === ' ' && /[^ ]/.test(v) ? v.slice(1, -1) : v;
}

const LINK = /(!?)\[([^[\]]*)\]\(([^\s()<>`&]*)(?: +"[^"\n]*")?\)/g;

function readText(lines: string[], starts: number[], i: number): Block | undefined {
  let end = i + 1;
  while (end < lines.length && !BLANK.test(lines[end])) end++;
  const pipes = lines.slice(i, end).every((l) => l[0] === '|');
  for (let k = i; k < end; k++) {
    const l = lines[k];
    if (l[0] === ' ') return undefined;
    if (k > i && INTERRUPTS.test(l)) return undefined;
    if (!pipes && DELIMITER_ROW.test(l)) return undefined;
  }
  const links = inlineLinks(lines.slice(i, end).join('\n'), starts, i, pipes);
  if (!links) return undefined;
  // One node, links or not: a `{/* comment */}` before a code block counts only up to the next block.
  return { end, nodes: [{ type: pipes ? 'table' : 'paragraph', children: links }] };
}

/**
 * The links and images of a paragraph (or table) whose text starts at line `first`, or undefined
 * when it holds anything else that is not plain text and code spans (see the top of this file).
 */
function inlineLinks(text: string, starts: number[], first: number, pipes: boolean): FastNode[] | undefined {
  if (text.includes('$')) return undefined; // `$…$` is math (remark-math): micromark decides
  const spans = codeSpans(text);
  if (!spans) return undefined;
  let masked = text;
  for (const [from, to] of spans) {
    // In a table a `|` splits cells before code spans are read: left to micromark.
    if (pipes && text.slice(from, to).includes('|')) return undefined;
    masked = masked.slice(0, from) + ' '.repeat(to - from) + masked.slice(to);
  }
  if (/[<{}\\]/.test(masked)) return undefined;
  const links: FastNode[] = [];
  let rest = masked;
  if (masked.includes('[')) {
    if (pipes) return undefined;
    for (const m of masked.matchAll(LINK)) {
      const from = m.index!;
      const to = from + m[0].length;
      // The destination must be the source's own characters (no code span was masked there).
      const destStart = from + m[1].length + m[2].length + 3;
      const url = text.slice(destStart, destStart + m[3].length);
      if (url !== m[3]) return undefined;
      links.push({ type: m[1] ? 'image' : 'link', url, children: [], position: { start: point(starts, first, from), end: point(starts, first, to) } });
      rest = rest.slice(0, from) + ' '.repeat(to - from) + rest.slice(to);
    }
  }
  if (/[[\]]/.test(rest)) return undefined;
  return links;
}

/** `<Name a="b" ...>` (or `/>`) alone on its line: a component with string attributes only. */
const JSX_OPEN = /^( *)<([A-Z][A-Za-z0-9]*)((?: [A-Za-z][A-Za-z0-9-]*="[^"<>{}&\\]*")*)( ?\/)?>$/;
const JSX_ATTRIBUTE = / ([A-Za-z][A-Za-z0-9-]*)="([^"]*)"/g;
/** A paragraph line inside a component: text, not the start of another block. */
const JSX_TEXT_LINE = /^ *[A-Za-z0-9"'([`]/;

/**
 * A component whose opening and closing tags stand alone on their lines, at the same indentation,
 * holding paragraphs of plain text and components of the same kind (`<Note>`, `<Steps>` of
 * `<Step title="...">`, `<Card ... />`). Anything else inside (code, headings, lists, blank-line
 * subtleties) leaves it to micromark. Not `<Heading>`, whose anchor is its text.
 */
function readJsx(lines: string[], starts: number[], i: number): { end: number; node: FastNode } | undefined {
  const m = JSX_OPEN.exec(lines[i]);
  if (!m || m[2] === 'Heading') return undefined;
  const [, pad, name, attrs, selfClosing] = m;
  const attributes = [...attrs.matchAll(JSX_ATTRIBUTE)].map((a) => ({ type: 'mdxJsxAttribute', name: a[1], value: a[2] }));
  const start = { line: i + 1, column: pad.length + 1, offset: starts[i] + pad.length };
  const endOf = (k: number) => ({ line: k + 1, column: lines[k].length + 1, offset: starts[k] + lines[k].length });
  if (selfClosing) return { end: i + 1, node: { type: 'mdxJsxFlowElement', name, attributes, children: [], position: { start, end: endOf(i) } } };
  const closing = `${pad}</${name}>`;
  const again = new RegExp(`^ *<${name}[ />]`);
  let close = -1;
  for (let k = i + 1; k < lines.length; k++) {
    if (lines[k] === closing) {
      close = k;
      break;
    }
    if (again.test(lines[k])) return undefined;
  }
  if (close < 0) return undefined;
  const children: FastNode[] = [];
  for (let j = i + 1; j < close; ) {
    if (BLANK.test(lines[j])) {
      j++;
      continue;
    }
    if (/^ *</.test(lines[j])) {
      const inner = readJsx(lines, starts, j);
      if (!inner || inner.end > close) return undefined;
      children.push(inner.node);
      j = inner.end;
      continue;
    }
    // A paragraph: ends at a blank line or this component's closing tag.
    let end = j;
    while (end < close && !BLANK.test(lines[end])) {
      const l = lines[end];
      if (!JSX_TEXT_LINE.test(l) || INTERRUPTS.test(l.trimStart()) || DELIMITER_ROW.test(l) || /^ *\d{1,9}[.)](?: |$)/.test(l)) return undefined;
      end++;
    }
    const links = inlineLinks(lines.slice(j, end).join('\n'), starts, j, false);
    if (!links) return undefined;
    children.push({ type: 'paragraph', children: links });
    j = end;
  }
  return { end: close + 1, node: { type: 'mdxJsxFlowElement', name, attributes, children, position: { start, end: endOf(close) } } };
}

/** The point at `index` of the text that starts at line `first`. */
function point(starts: number[], first: number, index: number): FastPoint {
  const offset = starts[first] + index;
  let lo = first;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo] + 1, offset };
}
