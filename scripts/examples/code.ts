import { unknown, type LocatedString, type Value } from './value.js';

/**
 * Small tokenizers for JavaScript/TypeScript and Python and one reader of the literal expressions
 * examples use (strings, numbers, objects/dicts, arrays/lists, `JSON.stringify`, `json.dumps`,
 * string concatenation, variables assigned earlier in the block). A full parser would cost a
 * second or more to load (TypeScript) or reject TS syntax (acorn); examples only need literals,
 * and anything else is read as "unknown" and never reported.
 */

export type Lang = 'js' | 'py';

export type Token =
  /** dynamic: a template literal or f-string with `${...}` fields (a string of unknown content). */
  | { t: 'str'; s: LocatedString; dynamic: boolean; offset: number; end: number }
  | { t: 'num'; v: number; offset: number; end: number }
  | { t: 'id'; v: string; offset: number; end: number }
  | { t: 'p'; v: string; offset: number; end: number }
  /** Python only: the end of a logical line (outside brackets). */
  | { t: 'nl'; offset: number; end: number };

const JS_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };

export function tokenize(text: string, lang: Lang): Token[] {
  const tokens: Token[] = [];
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    const start = i;
    if (ch === '\n') {
      if (lang === 'py' && depth === 0 && tokens.length && tokens[tokens.length - 1].t !== 'nl') tokens.push({ t: 'nl', offset: i, end: i + 1 });
      i++;
    } else if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
    } else if (lang === 'py' && ch === '\\' && text[i + 1] === '\n') {
      i += 2;
    } else if (lang === 'js' && text.startsWith('//', i)) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (lang === 'js' && text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      i = close === -1 ? text.length : close + 2;
    } else if (lang === 'py' && ch === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (lang === 'js' && ch === '`') {
      const s = jsTemplate(text, i);
      tokens.push({ t: 'str', s: s.value, dynamic: s.value.text.includes('${'), offset: start, end: s.end });
      i = s.end;
    } else if (ch === '"' || ch === "'" || (lang === 'py' && /^[rRbBuUfF]{1,2}["']/.test(text.slice(i, i + 3)))) {
      const s = lang === 'js' ? jsString(text, i) : pyString(text, i);
      tokens.push({ t: 'str', s: s.value, dynamic: s.dynamic ?? false, offset: start, end: s.end });
      i = s.end;
    } else if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const m = /^(0[xX][0-9a-fA-F_]+|(?:\d[\d_]*)?\.?\d[\d_]*(?:[eE][+-]?\d+)?)[njJ]?/.exec(text.slice(i))!;
      tokens.push({ t: 'num', v: Number(m[1].replace(/_/g, '')), offset: start, end: i + m[0].length });
      i += m[0].length;
    } else if (/[A-Za-z_$\u00c0-\uffff]/.test(ch)) {
      const m = /^[\w$\u00c0-\uffff]+/.exec(text.slice(i))!;
      tokens.push({ t: 'id', v: m[0], offset: start, end: i + m[0].length });
      i += m[0].length;
    } else {
      const m = /^(\.\.\.|===|!==|=>|==|!=|<=|>=|\*\*|\?\?|\?\.|&&|\|\||:=|->)/.exec(text.slice(i, i + 3));
      const v = m ? m[1] : ch;
      if ('([{'.includes(v)) depth++;
      else if (')]}'.includes(v)) depth = Math.max(0, depth - 1);
      tokens.push({ t: 'p', v, offset: start, end: i + v.length });
      i += v.length;
    }
  }
  return tokens;
}

function jsString(text: string, start: number): { value: LocatedString; end: number; dynamic?: boolean } {
  const quote = text[start];
  let out = '';
  const offsets: number[] = [];
  let i = start + 1;
  while (i < text.length && text[i] !== quote && text[i] !== '\n') {
    if (text[i] === '\\') {
      const next = text[i + 1] ?? '';
      if (next === '\n') {
        i += 2;
        continue;
      }
      const hex = next === 'u' ? /^u(\{[0-9a-fA-F]+\}|[0-9a-fA-F]{4})/.exec(text.slice(i + 1)) : next === 'x' ? /^x[0-9a-fA-F]{2}/.exec(text.slice(i + 1)) : null;
      if (hex) {
        out += String.fromCodePoint(parseInt(hex[0].replace(/[ux{}]/g, ''), 16));
        offsets.push(i);
        i += 1 + hex[0].length;
        continue;
      }
      out += JS_ESCAPES[next] ?? next;
      offsets.push(i);
      i += 2;
    } else {
      out += text[i];
      offsets.push(i++);
    }
  }
  offsets.push(i);
  return { value: { text: out, offsets, offset: start }, end: Math.min(i + 1, text.length) };
}

/** A template literal; `${expr}` parts are kept as written (statically unknown). */
function jsTemplate(text: string, start: number): { value: LocatedString; end: number } {
  let out = '';
  const offsets: number[] = [];
  let i = start + 1;
  while (i < text.length && text[i] !== '`') {
    if (text[i] === '\\') {
      out += JS_ESCAPES[text[i + 1]] ?? text[i + 1] ?? '';
      offsets.push(i);
      i += 2;
    } else if (text.startsWith('${', i)) {
      let depth = 0;
      const from = i;
      for (; i < text.length; i++) {
        if (text[i] === '{') depth++;
        else if (text[i] === '}' && --depth === 0) break;
      }
      for (let k = from; k <= i && k < text.length; k++) {
        out += text[k];
        offsets.push(k);
      }
      i++;
    } else {
      out += text[i];
      offsets.push(i++);
    }
  }
  offsets.push(i);
  return { value: { text: out, offsets, offset: start }, end: Math.min(i + 1, text.length) };
}

/** A Python string literal (any prefix, single or triple quotes); f-string fields become `${field}`. */
function pyString(text: string, start: number): { value: LocatedString; end: number; dynamic?: boolean } {
  const m = /^([rRbBuUfF]{0,2})('''|"""|'|")/.exec(text.slice(start))!;
  const prefix = m[1].toLowerCase();
  const quote = m[2];
  const raw = prefix.includes('r');
  const f = prefix.includes('f');
  let out = '';
  let dynamic = false;
  const offsets: number[] = [];
  let i = start + m[0].length;
  while (i < text.length && !text.startsWith(quote, i) && (quote.length === 3 || text[i] !== '\n')) {
    if (text[i] === '\\' && !raw) {
      out += JS_ESCAPES[text[i + 1]] ?? text[i + 1] ?? '';
      offsets.push(i);
      i += 2;
    } else if (f && (text.startsWith('{{', i) || text.startsWith('}}', i))) {
      out += text[i];
      offsets.push(i);
      i += 2;
    } else if (f && text[i] === '{') {
      const close = text.indexOf('}', i);
      const end = close === -1 ? text.length : close;
      const field = text.slice(i + 1, end);
      out += '${' + field + '}';
      dynamic = true;
      offsets.push(i, i, ...Array.from({ length: field.length }, (_, k) => i + 1 + k), end);
      i = end + 1;
    } else {
      out += text[i];
      offsets.push(i++);
    }
  }
  offsets.push(i);
  return { value: { text: out, offsets, offset: start }, end: Math.min(i + quote.length, text.length), dynamic };
}

/** An expression read from tokens: its value, and its text when it is string-like. */
export interface Expr {
  value: Value;
  /** String form, with unknown parts as `${...}` (a URL, a header value). */
  str?: LocatedString;
  offset: number;
}

const CLOSERS = new Set([',', ')', ']', '}', ';', ':']);

export class ExprReader {
  /** Variables assigned a readable value earlier in the block. */
  readonly vars = new Map<string, Expr>();

  constructor(
    readonly tokens: Token[],
    readonly lang: Lang,
    readonly text: string,
  ) {}

  private isP(i: number, v: string): boolean {
    const tok = this.tokens[i];
    return tok !== undefined && tok.t === 'p' && tok.v === v;
  }

  private isId(i: number, v?: string): boolean {
    const tok = this.tokens[i];
    return tok !== undefined && tok.t === 'id' && (v === undefined || tok.v === v);
  }

  /** Index after the expression starting at i (skips balanced brackets up to a delimiter). */
  skip(i: number): number {
    let depth = 0;
    for (; i < this.tokens.length; i++) {
      const tok = this.tokens[i];
      if (tok.t === 'nl' && depth === 0) return i;
      if (tok.t !== 'p') continue;
      if ('([{'.includes(tok.v)) depth++;
      else if (')]}'.includes(tok.v)) {
        if (depth === 0) return i;
        depth--;
      } else if (depth === 0 && (tok.v === ',' || tok.v === ';')) return i;
    }
    return i;
  }

  private unknownFrom(i: number, end: number): Expr {
    const from = this.tokens[i]?.offset ?? this.text.length;
    const to = this.tokens[end - 1]?.end ?? from;
    const raw = this.text.slice(from, to).trim();
    const text = '${' + raw + '}';
    return {
      value: unknown(from, raw),
      str: { text, offsets: Array.from({ length: text.length + 1 }, () => from), offset: from },
      offset: from,
    };
  }

  /** Reads the expression at i; returns it and the index after it. */
  expr(i: number): [Expr, number] {
    let [left, next] = this.primary(i);
    for (;;) {
      if (this.isP(next, '+')) {
        const [right, after] = this.primary(next + 1);
        left = concat(left, right);
        next = after;
      } else if (this.lang === 'js' && (this.isId(next, 'as') || this.isId(next, 'satisfies'))) {
        next = this.skip(next + 1); // a TypeScript type
      } else if (this.lang === 'js' && this.isP(next, '!')) {
        next++;
      } else if (this.tokens[next] && !CLOSERS.has((this.tokens[next] as { v?: string }).v ?? '') && this.tokens[next].t === 'p' && !this.isP(next, '=')) {
        // Some other operator (ternary, ||, %, ...): the whole expression is not a literal.
        const end = this.skip(next);
        return [this.unknownFrom(i, end), end];
      } else return [left, next];
    }
  }

  private primary(i: number): [Expr, number] {
    const tok = this.tokens[i];
    if (!tok) return [this.unknownFrom(i, i), i];
    const offset = tok.offset;
    if (tok.t === 'str') {
      let s = tok.s;
      let dynamic = tok.dynamic;
      let next = i + 1;
      // Python joins adjacent string literals.
      while (this.lang === 'py' && this.tokens[next]?.t === 'str') {
        const more = (this.tokens[next] as { s: LocatedString; dynamic: boolean }).s;
        dynamic ||= (this.tokens[next] as { dynamic: boolean }).dynamic;
        s = { text: s.text + more.text, offsets: [...s.offsets.slice(0, s.text.length), ...more.offsets], offset: s.offset };
        next++;
      }
      const value: Value = dynamic ? unknown(offset, s.text) : { kind: 'scalar', offset, value: s.text, located: s };
      return [{ value, str: s, offset }, next];
    }
    if (tok.t === 'num') return [{ value: { kind: 'scalar', offset, value: tok.v }, offset }, i + 1];
    if (tok.t === 'p' && tok.v === '-' && this.tokens[i + 1]?.t === 'num') {
      return [{ value: { kind: 'scalar', offset, value: -(this.tokens[i + 1] as { v: number }).v }, offset }, i + 2];
    }
    if (tok.t === 'p' && tok.v === '{') return this.object(i);
    if (tok.t === 'p' && (tok.v === '[' || (tok.v === '(' && this.lang === 'py'))) return this.array(i, tok.v === '[' ? ']' : ')');
    if (tok.t === 'p' && tok.v === '(') {
      const [inner, next] = this.expr(i + 1);
      return this.isP(next, ')') ? [inner, next + 1] : [this.unknownFrom(i, this.skip(i)), this.skip(i)];
    }
    if (tok.t === 'id') {
      const literal = this.lang === 'js' ? JS_LITERALS : PY_LITERALS;
      if (tok.v in literal) return [{ value: { kind: 'scalar', offset, value: literal[tok.v] }, offset }, i + 1];
      if (tok.v === 'await' || (tok.v === 'new' && this.lang === 'js')) return this.primary(i + 1);
      // A dotted name, maybe called: JSON.stringify(x), json.dumps(x), new Headers(x), dict(a=1), os.environ["X"].
      let end = i + 1;
      let name = tok.v;
      while (this.isP(end, '.') && this.isId(end + 1)) {
        name += '.' + (this.tokens[end + 1] as { v: string }).v;
        end += 2;
      }
      if (this.isP(end, '(')) {
        const call = this.call(name, end, i);
        if (call) return call;
      }
      if (!this.isP(end, '(') && !this.isP(end, '[')) {
        const known = this.vars.get(name);
        if (known) return [{ ...known, offset }, end];
      }
      // Anything else (a call, an index, an unknown variable): unknown, but keep its name as text.
      let after = end;
      while (this.isP(after, '(') || this.isP(after, '[') || (this.isP(after, '.') && this.isId(after + 1))) {
        after = this.isP(after, '.') ? after + 2 : this.closing(after) + 1;
      }
      return [this.unknownFrom(i, after), after];
    }
    const end = this.skip(i);
    return [this.unknownFrom(i, Math.max(end, i + 1)), Math.max(end, i + 1)];
  }

  /** Index of the bracket closing the one at i. */
  closing(i: number): number {
    let depth = 0;
    for (let k = i; k < this.tokens.length; k++) {
      const tok = this.tokens[k];
      if (tok.t !== 'p') continue;
      if ('([{'.includes(tok.v)) depth++;
      else if (')]}'.includes(tok.v) && --depth === 0) return k;
    }
    return this.tokens.length - 1;
  }

  private call(name: string, open: number, start: number): [Expr, number] | undefined {
    const args = this.args(open);
    const close = args.end;
    const first = args.positional[0];
    const offset = this.tokens[start].offset;
    if ((name === 'JSON.stringify' || name === 'json.dumps') && first) return [{ value: { kind: 'json', offset, inner: first.value }, offset }, close + 1];
    if ((name === 'Headers' || name === 'String') && first) return [first, close + 1];
    if (name === 'dict' && this.lang === 'py' && args.positional.length === 0) {
      const entries = [...args.named].map(([key, e]) => ({ key, keyOffset: e.keyOffset, value: e.expr.value }));
      return [{ value: { kind: 'object', offset: this.tokens[start].offset, entries }, offset: this.tokens[start].offset }, close + 1];
    }
    return undefined;
  }

  /** Arguments of the call whose `(` is at open: positional and named (Python `name=value`). */
  args(open: number): { positional: Expr[]; named: Map<string, { expr: Expr; keyOffset: number }>; end: number } {
    const positional: Expr[] = [];
    const named = new Map<string, { expr: Expr; keyOffset: number }>();
    let i = open + 1;
    while (i < this.tokens.length && !this.isP(i, ')')) {
      if (this.lang === 'py' && this.isId(i) && this.isP(i + 1, '=')) {
        const [expr, next] = this.expr(i + 2);
        named.set((this.tokens[i] as { v: string }).v, { expr, keyOffset: this.tokens[i].offset });
        i = next;
      } else if (this.isP(i, '*') || this.isP(i, '**') || this.isP(i, '...')) {
        i = this.skip(i + 1);
      } else {
        const [expr, next] = this.expr(i);
        positional.push(expr);
        i = next === i ? this.skip(i + 1) : next;
      }
      if (this.isP(i, ',')) i++;
      else if (!this.isP(i, ')')) i = this.skip(i);
      if (this.isP(i, ',')) i++;
    }
    return { positional, named, end: i };
  }

  private object(open: number): [Expr, number] {
    const offset = this.tokens[open].offset;
    const entries: Array<{ key: string; keyOffset: number; value: Value }> = [];
    let open_ = false;
    let i = open + 1;
    while (i < this.tokens.length && !this.isP(i, '}')) {
      const tok = this.tokens[i];
      if (this.isP(i, '...') || this.isP(i, '**')) {
        open_ = true;
        i = this.skip(i + 1);
      } else if ((tok.t === 'id' || tok.t === 'str' || tok.t === 'num') && this.isP(i + 1, ':')) {
        const key = tok.t === 'str' ? tok.s.text : String(tok.t === 'id' ? tok.v : tok.v);
        const [expr, next] = this.expr(i + 2);
        entries.push({ key, keyOffset: tok.offset, value: expr.value });
        i = next;
      } else if (this.lang === 'js' && tok.t === 'id' && (this.isP(i + 1, ',') || this.isP(i + 1, '}'))) {
        const known = this.vars.get(tok.v);
        entries.push({ key: tok.v, keyOffset: tok.offset, value: known ? { ...known.value } : unknown(tok.offset, tok.v) });
        i++;
      } else {
        // A computed key, a method, a Python dict key that is a variable: the object is not fully known.
        open_ = true;
        i = this.skip(i);
      }
      if (this.isP(i, ',')) i++;
      else if (!this.isP(i, '}')) i = this.skip(i + 1);
    }
    // `{ /* request body */ }`, `{ # fields }`: a comment standing for the members the reader fills in.
    if (!entries.length && i < this.tokens.length && /\/\/|\/\*|#/.test(this.text.slice(this.tokens[open].end, this.tokens[i].offset))) open_ = true;
    const value: Value = { kind: 'object', offset, entries, ...(open_ ? { open: true } : {}) };
    return [{ value, offset }, i + 1];
  }

  private array(open: number, closer: string): [Expr, number] {
    const offset = this.tokens[open].offset;
    const items: Value[] = [];
    let i = open + 1;
    while (i < this.tokens.length && !this.isP(i, closer)) {
      const [expr, next] = this.expr(i);
      items.push(expr.value);
      i = next === i ? this.skip(i + 1) : next;
      if (this.isP(i, ',')) i++;
      else if (!this.isP(i, closer)) i = this.skip(i + 1);
    }
    return [{ value: { kind: 'array', offset, items }, offset }, i + 1];
  }
}

const JS_LITERALS: Record<string, boolean | null> = { true: true, false: false, null: null };
const PY_LITERALS: Record<string, boolean | null> = { True: true, False: false, None: null };

function concat(a: Expr, b: Expr): Expr {
  const sa = a.str ?? (a.value.kind === 'scalar' ? { text: String(a.value.value), offsets: [], offset: a.offset } : undefined);
  const sb = b.str ?? (b.value.kind === 'scalar' ? { text: String(b.value.value), offsets: [], offset: b.offset } : undefined);
  if (!sa || !sb) return { value: unknown(a.offset, 'concatenation'), offset: a.offset };
  const pad = (s: LocatedString) => (s.offsets.length >= s.text.length ? s.offsets.slice(0, s.text.length) : Array.from({ length: s.text.length }, () => s.offset));
  const text = sa.text + sb.text;
  const offsets = [...pad(sa), ...pad(sb), sb.offsets[sb.text.length] ?? sb.offset];
  const str = { text, offsets, offset: sa.offset };
  // A concatenation with an unknown part is a string of unknown content.
  const known = !text.includes('${');
  return { value: known ? { kind: 'scalar', offset: a.offset, value: text } : unknown(a.offset, text), str, offset: a.offset };
}
