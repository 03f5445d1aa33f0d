import { SourceMap } from 'node:module';
import { describe, expect, it } from 'vitest';
import { formatStack, mapFrame } from './source-maps';

// "plugin.cjs" line 1, column 11 (0-based 10) comes from server/src/plugin.ts line 42, column 7.
const map = new SourceMap({ version: 3, file: 'plugin.cjs', sources: ['server/src/plugin.ts'], names: [], mappings: 'UAyCM', sourceRoot: '', sourcesContent: [] });

const site = (file: string, line: number, column: number, text = `Plugin.hook (${file}:${line}:${column})`) => ({
  getFileName: () => file,
  getLineNumber: () => line,
  getColumnNumber: () => column,
  toString: () => text,
});

describe('source-mapped stacks', () => {
  it('rewrites a bundle frame to the original file, line and column', () => {
    expect(mapFrame(site('plugin.cjs', 1, 11), map)).toBe('Plugin.hook (server/src/plugin.ts:42:7)');
  });

  it('leaves frames outside the bundle, or unknown to the map, as V8 wrote them', () => {
    expect(mapFrame(site('node:internal/main/embedding', 97, 10), map)).toBe('Plugin.hook (node:internal/main/embedding:97:10)');
    expect(mapFrame(site('plugin.cjs', 1, 1), map)).toBe('Plugin.hook (plugin.cjs:1:1)');
  });

  it('formats like V8: the error, then one "at" line per frame', () => {
    expect(formatStack(new TypeError('bad'), ['a (x.ts:1:2)', 'b (y.ts:3:4)'])).toBe('TypeError: bad\n    at a (x.ts:1:2)\n    at b (y.ts:3:4)');
    expect(formatStack(Object.create(null), [])).toBe('Error');
  });
});
