import { describe, expect, it } from 'vitest';
import { describeJsonError, firstJsonErrorOffset } from '../scripts/lib/json-error.js';

describe('describeJsonError', () => {
  it.each([
    ['{\n  "a": 1,\n}', 'trailing comma at 2:9'],
    ['{\n  "a": 1\n  "b": 2\n}', 'missing comma at 2:9'],
    ["{\n  'a': 1\n}", 'single-quoted string (JSON needs double quotes) at 2:3'],
    ['{\n  // note\n  "a": 1\n}', 'comment (JSON has none) at 2:3'],
    ['{\n  a: 1\n}', 'unquoted key (JSON keys need double quotes) at 2:3'],
    ['{\n  "a": "one,\n  "b": 2\n}', 'string not closed (a `"` is missing before the end of the line) at 2:8'],
    ['{\n  "a": [1, 2\n', 'the file ends early: a bracket, brace or string is not closed at 3:1'],
    ['  \n', 'the file is empty at 2:1'],
  ])('%j: %s', (text, message) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(describeJsonError(text).message).toBe(message);
  });

  it('finds no error in valid JSON (the offset is the end)', () => {
    const text = '{"a": [1, "x", {"b": null}]}';
    expect(firstJsonErrorOffset(text)).toBe(text.length);
  });
});
