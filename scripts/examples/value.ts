import { parseTree, type Node as JsonNode } from 'jsonc-parser';

/**
 * Values read out of example code (a JSON body, a JS object literal, a Python dict), each part
 * remembering where it was written, so a schema error can point at the offending line. Parts that
 * cannot be known statically (a variable, a function call) are `unknown` and never reported.
 */

/** Offsets are character offsets into the code block's text. */
export type Value =
  | { kind: 'object'; offset: number; entries: Array<{ key: string; keyOffset: number; value: Value }>; /** has a `...spread` */ open?: boolean }
  | { kind: 'array'; offset: number; items: Value[] }
  /** located: a string literal's characters and where each was written. */
  | { kind: 'scalar'; offset: number; value: string | number | boolean | null; located?: LocatedString }
  /** JSON.stringify(inner) / json.dumps(inner): a string holding inner serialised. */
  | { kind: 'json'; offset: number; inner: Value }
  | { kind: 'unknown'; offset: number; text: string };

export const unknown = (offset: number, text: string): Value => ({ kind: 'unknown', offset, text });

/** A string value with the offset of every character (escapes make them differ from the text). */
export interface LocatedString {
  text: string;
  /** offsets[i]: where text[i] was written; offsets[text.length]: just past the end. */
  offsets: number[];
  offset: number;
}

export function locatedString(text: string, offset: number): LocatedString {
  return { text, offset, offsets: Array.from({ length: text.length + 1 }, (_, i) => offset + i) };
}

/** The value as plain JSON, where each JSON pointer was written, and which pointers are unknown. */
export interface PlainValue {
  json: unknown;
  offsetOf: Map<string, number>;
  keyOffsetOf: Map<string, number>;
  unknownPaths: string[];
  openPaths: string[];
}

const escapeSegment = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

export function toPlain(value: Value): PlainValue {
  const out: PlainValue = { json: undefined, offsetOf: new Map(), keyOffsetOf: new Map(), unknownPaths: [], openPaths: [] };
  const visit = (v: Value, path: string): unknown => {
    out.offsetOf.set(path, v.offset);
    switch (v.kind) {
      case 'scalar':
        return v.value;
      case 'unknown':
      case 'json': // a string whose content is JSON: valid wherever a string is, so not checked further
        out.unknownPaths.push(path);
        return null;
      case 'array':
        return v.items.map((item, i) => visit(item, `${path}/${i}`));
      case 'object': {
        if (v.open) out.openPaths.push(path);
        const obj: Record<string, unknown> = {};
        for (const e of v.entries) {
          const child = `${path}/${escapeSegment(e.key)}`;
          out.keyOffsetOf.set(child, e.keyOffset);
          obj[e.key] = visit(e.value, child);
        }
        return obj;
      }
    }
  };
  out.json = visit(value, '');
  return out;
}

/**
 * A JSON text (already known to be valid JSON) as a located Value. `offsets` maps each character
 * of `text` back to the code block.
 */
export function parseLocatedJson(s: LocatedString): Value {
  const { text, offsets } = s;
  const at = (k: number) => offsets[Math.min(k, offsets.length - 1)];
  const located = (node: JsonNode): Value => {
    if (node.type === 'object') {
      const entries = (node.children ?? []).map((property) => {
        const [key, value] = property.children!;
        return { key: key.value as string, keyOffset: at(key.offset), value: located(value) };
      });
      return { kind: 'object', offset: at(node.offset), entries };
    }
    if (node.type === 'array') return { kind: 'array', offset: at(node.offset), items: (node.children ?? []).map(located) };
    return { kind: 'scalar', offset: at(node.offset), value: node.value as string | number | boolean | null };
  };
  // The caller has JSON.parse'd the text: jsonc-parser's tree of it has every value's offset.
  return located(parseTree(text)!);
}
