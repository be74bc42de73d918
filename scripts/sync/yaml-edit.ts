import { isMap, isScalar, isSeq, parseDocument, stringify, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';

/**
 * Targeted edits of a YAML text: insert, replace or delete whole lines at node boundaries found in
 * the `yaml` package's AST, leaving every other byte as it was. (Re-serialising the document would
 * re-fold curated descriptions: openapi.yaml does not round-trip byte-for-byte through any
 * serialiser settings.) New text is serialised in the spec's house style: sequences not indented
 * under their key, single quotes, 120 columns.
 */

export const STYLE = { indentSeq: false, singleQuote: true, lineWidth: 120, minContentWidth: 20 } as const;

export interface Edit {
  start: number;
  end: number;
  text: string;
}

export class TextEditor {
  readonly doc: Document.Parsed;
  private readonly edits: Edit[] = [];

  constructor(readonly text: string) {
    this.doc = parseDocument(text, { keepSourceTokens: false });
    if (this.doc.errors.length) throw new Error(`invalid YAML: ${this.doc.errors[0].message.split('\n')[0]}`);
  }

  get changed(): boolean {
    return this.edits.length > 0;
  }

  /** The node at a JSON pointer (`#/paths/~1api~1x/post`), or undefined. */
  node(pointer: string): Node | undefined {
    const segments = pointer.replace(/^#\/?/, '').split('/').filter((s) => s !== '').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    let node: unknown = this.doc.contents;
    for (const seg of segments) {
      if (isMap(node)) node = pairOf(node, seg)?.value;
      else if (isSeq(node)) node = node.items[Number(seg)];
      else return undefined;
    }
    return (node ?? undefined) as Node | undefined;
  }

  private add(edit: Edit): void {
    for (const e of this.edits) {
      const overlaps = edit.start < e.end && e.start < edit.end;
      const sameInsert = edit.start === edit.end && e.start === e.end && e.start === edit.start;
      if (overlaps && !sameInsert) throw new Error(`overlapping edits at ${edit.start}`);
    }
    this.edits.push(edit);
  }

  insert(at: number, text: string): void {
    this.add({ start: at, end: at, text });
  }

  replace(start: number, end: number, text: string): void {
    this.add({ start, end, text });
  }

  apply(): string {
    // From the end backwards. At one offset a replacement goes before the inserts (so their text
    // lands in front of it), and inserts in reverse order (so earlier-registered text comes first).
    const ordered = this.edits.map((e, i) => ({ ...e, i })).sort((a, b) => b.start - a.start || b.end - b.start - (a.end - a.start) || b.i - a.i);
    let out = this.text;
    for (const e of ordered) out = out.slice(0, e.start) + e.text + out.slice(e.end);
    return out;
  }

  /** Offset of the start of the line holding `offset`. */
  lineStart(offset: number): number {
    return this.text.lastIndexOf('\n', offset - 1) + 1;
  }

  column(offset: number): number {
    return offset - this.lineStart(offset);
  }

  /** The offset just after the line that holds `offset - 1` (where the next line begins). */
  nextLine(offset: number): number {
    if (offset > 0 && this.text[offset - 1] === '\n') return offset;
    const nl = this.text.indexOf('\n', offset);
    return nl === -1 ? this.text.length : nl + 1;
  }

  /** Whole lines of a mapping pair: from its key's line start to the line after its value. */
  pairLines(pair: Pair): { start: number; end: number } {
    const keyNode = pair.key as Node;
    const start = this.lineStart(keyNode.range![0]);
    const value = pair.value as Node | null;
    const valueEnd = value?.range ? value.range[1] : keyNode.range![1];
    return { start, end: this.nextLine(valueEnd) };
  }

  /** Column of the keys of a block mapping. */
  mapIndent(map: YAMLMap): number | undefined {
    const first = map.items[0]?.key as Node | undefined;
    return first?.range ? this.column(first.range[0]) : undefined;
  }

  /** Where a new pair goes at the end of a block mapping. */
  mapEnd(map: YAMLMap): number {
    const last = map.items[map.items.length - 1];
    return this.pairLines(last).end;
  }
}

export function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === key) as Pair | undefined;
}

export function isFlow(node: unknown): boolean {
  return (isMap(node) || isSeq(node)) && Boolean((node as YAMLMap | YAMLSeq).flow);
}

/** `value` as YAML block text, every line indented by `indent` spaces, ending in a newline. */
export function block(value: unknown, indent: number): string {
  const text = stringify(value, STYLE);
  const pad = ' '.repeat(indent);
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => (line ? pad + line : line))
    .join('\n') + '\n';
}
