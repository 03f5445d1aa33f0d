import { describe, expect, it } from 'vitest';
import type { Logger } from '../goplugin/hclog';
import type { MattermostAPI } from './api-client';
import { apiLogger, logsSettled } from './logger';

/** An API whose log calls stay pending until answered by hand. */
function fakeApi() {
  const calls: { message: string; pairs: unknown[]; answer(ok: boolean): void }[] = [];
  const log = (message: string, ...pairs: unknown[]) =>
    new Promise<void>((resolve, reject) => calls.push({ message, pairs, answer: (ok) => (ok ? resolve() : reject(new Error('gone'))) }));
  const api = { logDebug: log, logInfo: log, logWarn: log, logError: log } as unknown as MattermostAPI;
  return { api, calls };
}

function recordingLogger(lines: string[]): Logger {
  const at = (level: string) => (message: string) => lines.push(`${level} ${message}`);
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

async function isPending(p: Promise<void>): Promise<boolean> {
  let done = false;
  void p.then(() => (done = true));
  for (let i = 0; i < 5; i++) await Promise.resolve();
  return !done;
}

describe('apiLogger', () => {
  it('sends fields as key/value pairs and settles once every call is answered', async () => {
    const { api, calls } = fakeApi();
    const logger = apiLogger(api, recordingLogger([]));
    logger.info('one', { a: 1 });
    logger.warn('two');
    expect(calls.map((c) => [c.message, c.pairs])).toEqual([
      ['one', ['a', 1]],
      ['two', []],
    ]);
    const settled = logger.settled();
    expect(await isPending(settled)).toBe(true);
    calls[0]!.answer(true);
    expect(await isPending(settled)).toBe(true);
    calls[1]!.answer(true);
    await settled;
    await logger.settled(); // nothing in flight: resolves at once
  });

  it('waits only for lines logged before it (others keep logging meanwhile), and falls back to stderr on a failed call', async () => {
    const { api, calls } = fakeApi();
    const stderr: string[] = [];
    const logger = apiLogger(api, recordingLogger(stderr));
    logger.error('first');
    const settled = logsSettled(logger);
    logger.debug('second'); // another hook's line, still unanswered
    expect(await isPending(settled)).toBe(true);
    calls[0]!.answer(false);
    await settled;
    expect(stderr).toEqual(['error first']);
    expect(calls).toHaveLength(2);
  });

  it('logsSettled resolves at once for a logger that does not track calls', async () => {
    await logsSettled(recordingLogger([]));
  });
});
