import { positionAt } from './locate.js';

/**
 * Why and where a JSON file fails to parse, in words a writer acts on ("trailing comma at 36:7")
 * rather than V8's message, which varies between Node versions and often carries no position.
 */
export function describeJsonError(text: string): { message: string; position: { line: number; column: number } } {
  const offset = firstJsonErrorOffset(text);
  const before = text.slice(0, offset).trimEnd();
  const prev = before[before.length - 1];
  const ch = text[offset];
  let at = offset;
  let what: string;
  if (offset >= text.length) what = before.length ? 'the file ends early: a bracket, brace or string is not closed' : 'the file is empty';
  else if ((ch === '}' || ch === ']') && prev === ',') {
    at = before.length - 1;
    what = 'trailing comma';
  } else if (prev !== undefined && /["\d}\]el]/.test(prev) && /["{[\dtfn-]/.test(ch)) {
    at = before.length;
    what = 'missing comma';
  } else if (ch === "'") what = 'single-quoted string (JSON needs double quotes)';
  else if (ch === '/') what = 'comment (JSON has none)';
  else if (/[A-Za-z_$]/.test(ch) && prev !== ':' ) what = 'unquoted key (JSON keys need double quotes)';
  else what = `unexpected ${JSON.stringify(ch)}`;
  const position = positionAt(text, at);
  return { message: `${what} at ${position.line}:${position.column}`, position };
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
