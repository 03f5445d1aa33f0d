import { describe, expect, it } from 'vitest';

import { JsonSyntaxError, parseJsonWithPosition } from './json';

describe('parseJsonWithPosition', () => {
  it('parses valid JSON like JSON.parse', () => {
    const text = '{"a": [1, -2.5e3, "x\\u00e9\\n", true, false, null], "b": {}}';
    expect(parseJsonWithPosition(text)).toEqual(JSON.parse(text));
  });

  it.each([
    ['{"a": 1,}', 1, 9],
    ['{\n  "a": 1\n  "b": 2\n}', 3, 3],
    ['[1, 2', 1, 6],
    ['{"a": "unterminated', 1, 20],
    ['{"a": tru}', 1, 10],
    ['{"a": 01}', 1, 8],
    ['{} extra', 1, 4],
    ['', 1, 1],
  ])('locates the error in %j', (text, line, column) => {
    let caught: unknown;
    try {
      parseJsonWithPosition(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(JsonSyntaxError);
    expect(caught).toMatchObject({ line, column });
    expect((caught as Error).message).toContain(`at line ${line}, column ${column}`);
  });
});
