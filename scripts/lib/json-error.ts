import { parse, ParseErrorCode, type ParseError } from 'jsonc-parser';
import { positionAt } from './locate.js';

/**
 * Why and where a JSON file fails to parse, in words a writer acts on ("trailing comma at 36:7")
 * rather than V8's message, which varies between Node versions and often carries no position.
 * jsonc-parser (VS Code's JSON scanner, strict mode: no comments, no trailing commas) finds the
 * first error; its code and the characters around it name the mistake.
 */
export function describeJsonError(text: string): { message: string; position: { line: number; column: number } } {
  const error = firstJsonError(text);
  const offset = error?.offset ?? text.length;
  const before = text.slice(0, offset).trimEnd();
  const prev = before[before.length - 1];
  const ch = text[offset];
  let at = offset;
  let what: string;
  if (text.trim() === '') what = 'the file is empty';
  else if (error?.error === ParseErrorCode.UnexpectedEndOfString) what = 'string not closed (a `"` is missing before the end of the line)';
  else if (offset >= text.length) what = 'the file ends early: a bracket, brace or string is not closed';
  else if ((ch === '}' || ch === ']') && prev === ',') {
    at = before.length - 1;
    what = 'trailing comma';
  } else if (error?.error === ParseErrorCode.CommaExpected) {
    at = before.length;
    what = 'missing comma';
  } else if (ch === "'") what = 'single-quoted string (JSON needs double quotes)';
  else if (ch === '/') what = 'comment (JSON has none)';
  else if (/[A-Za-z_$]/.test(ch) && prev !== ':') what = 'unquoted key (JSON keys need double quotes)';
  else what = `unexpected ${JSON.stringify(ch)}`;
  const position = positionAt(text, at);
  return { message: `${what} at ${position.line}:${position.column}`, position };
}

/** The first error jsonc-parser reports in `text` read as strict JSON, if any. */
function firstJsonError(text: string): ParseError | undefined {
  const errors: ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  return errors[0];
}

/** Offset of the first character where `text` stops being JSON (text.length: it ends too early). */
export function firstJsonErrorOffset(text: string): number {
  return Math.min(firstJsonError(text)?.offset ?? text.length, text.length);
}
