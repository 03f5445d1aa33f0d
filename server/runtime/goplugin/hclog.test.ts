import { describe, expect, it } from 'vitest';
import { hclogLine, hclogLogger, hclogTimestamp } from './hclog';

describe('hclog lines', () => {
  it('formats the timestamp with microseconds, as go-hclog parses it', () => {
    expect(hclogTimestamp(new Date(Date.UTC(2026, 10, 22, 10, 15, 30, 123)))).toBe('2026-11-22T10:15:30.123000Z');
  });

  it('writes one JSON object per line with @level, @message, @timestamp and the fields', () => {
    const line = hclogLine('warn', 'disk "full"\nreally', { plugin: 'x', n: 3, big: 10n }, new Date(0));
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({
      '@level': 'warn',
      '@message': 'disk "full"\nreally',
      '@timestamp': '1970-01-01T00:00:00.000000Z',
      plugin: 'x',
      n: 3,
      big: '10',
    });
  });

  it('logs errors with their stack', () => {
    const lines: string[] = [];
    hclogLogger((l) => lines.push(l)).error('hook failed', { error: new Error('boom') });
    const entry = JSON.parse(lines[0]!) as Record<string, string>;
    expect(entry['@level']).toBe('error');
    expect(entry.error).toMatch(/^Error: boom\n\s+at /);
  });
});
