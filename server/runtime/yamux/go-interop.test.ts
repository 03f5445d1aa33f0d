/**
 * Our Session.server against hashicorp/yamux v0.1.2 as the Mattermost host
 * runs it (yamux.Client with DefaultConfig), over a real unix socket. Each
 * scenario is checked on both sides: the Go peer reports what it saw as JSON
 * (gopeer/scenarios.go) and the test compares it with the TypeScript side.
 */
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ConnectionEndedError,
  RemoteGoAwayError,
  SessionClosedError,
  StreamClosedError,
  StreamResetError,
} from './errors';
import { INITIAL_STREAM_WINDOW } from './frame';
import type { Session } from './session';
import type { Stream } from './stream';
import { buildGoPeer, readAll, readExactly, runGoPeer, sha256 } from './testing/go-peer';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

interface StreamReport {
  id: number;
  size: number;
  sha256: string;
}

beforeAll(async () => {
  await buildGoPeer();
}, 180_000);

describe('yamux against hashicorp/yamux v0.1.2 (Go client, DefaultConfig)', () => {
  it('echoes 300 concurrent streams opened by Go', async () => {
    const run = await runGoPeer('echo-many', { n: 300, size: 48 * 1024, seed: 11 }, async (session) => {
      const seen: StreamReport[] = [];
      const handlers: Promise<void>[] = [];
      for (let i = 0; i < 300; i += 1) {
        const stream = await session.accept();
        handlers.push(
          (async () => {
            const chunks: Uint8Array[] = [];
            for await (const chunk of stream) {
              chunks.push(chunk);
              await stream.write(chunk);
            }
            await stream.closeWrite();
            const all = Buffer.concat(chunks);
            seen.push({ id: stream.id, size: all.length, sha256: sha256(all) });
          })(),
        );
      }
      await Promise.all(handlers);
      return seen;
    });
    const goReports = run.go.streams as StreamReport[];
    expect(goReports).toHaveLength(300);
    expect(new Set(goReports.map((r) => r.id)).size).toBe(300);
    expect(goReports.every((r) => r.id % 2 === 1)).toBe(true);
    const byId = (a: StreamReport, b: StreamReport): number => a.id - b.id;
    expect([...run.ts].sort(byId)).toEqual([...goReports].sort(byId));
    expect(await run.session.closed).toBeInstanceOf(ConnectionEndedError);
  });

  it('opens streams that Go accepts, larger than the window before any ACK', async () => {
    const count = 64;
    const run = await runGoPeer('accept-ts', { n: count }, async (session) => {
      return Promise.all(
        Array.from({ length: count }, async (_, i) => {
          const stream = await session.open();
          const payload = randomBytes(i === 0 ? 0 : (i * 9973) % (600 * 1024));
          await stream.write(payload);
          await stream.closeWrite();
          const answer = (await readAll(stream)).toString();
          return { id: stream.id, size: payload.length, sha256: sha256(payload), answer };
        }),
      );
    });
    const goReports = run.go.streams as StreamReport[];
    const byId = (a: { id: number }, b: { id: number }): number => a.id - b.id;
    expect(run.ts.every((r) => r.id % 2 === 0 && r.id > 0)).toBe(true);
    expect(run.ts.map(({ id, size, sha256: sha }) => ({ id, size, sha256: sha })).sort(byId)).toEqual(
      [...goReports].sort(byId),
    );
    for (const r of run.ts) expect(r.answer).toBe(`${r.size} ${r.sha256}`);
  });

  it('moves 16 MiB each way at once on one stream, with flow control both ways', async () => {
    const size = 16 * 1024 * 1024;
    const run = await runGoPeer('bulk', { size, seed: 5 }, async (session) => {
      const stream = await session.accept();
      const payload = randomBytes(size);
      const written = stream.write(payload);
      // Go has not granted more than the initial window yet.
      const sendWindowAfterWrite = session.snapshot().streams[0]!.sendWindow;
      const sendDone = written.then(() => stream.closeWrite());

      // Go writes 16 MiB but may send only our window's worth until we read.
      await waitFor(() => bufferedOn(session, stream) >= INITIAL_STREAM_WINDOW);
      await new Promise((r) => setTimeout(r, 100));
      const bufferedBeforeReading = bufferedOn(session, stream);
      const received = await readAll(stream);
      await sendDone;
      return { sendWindowAfterWrite, bufferedBeforeReading, received, sentSha: sha256(payload) };
    });
    expect(run.ts.sendWindowAfterWrite).toBe(0);
    expect(run.ts.bufferedBeforeReading).toBe(INITIAL_STREAM_WINDOW);
    expect(run.ts.received.length).toBe(size);
    expect(sha256(run.ts.received)).toBe(run.go.sentSha256);
    expect(run.go.receivedSize).toBe(size);
    expect(run.go.receivedSha256).toBe(run.ts.sentSha);
  });

  it('keeps the other direction open after a FIN, both ways', async () => {
    const run = await runGoPeer('half-close', {}, async (session) => {
      const a = await session.accept();
      const request = (await readAll(a)).toString();
      await a.write(text(`ts answers after your FIN: ${request}`));
      await a.closeWrite();

      const b = await session.open();
      await b.write(text('request from ts'));
      await b.closeWrite();
      const writeAfterClose = await b.write(text('x')).catch((error: unknown) => error);
      const answer = (await readAll(b)).toString();
      return { request, writeAfterClose, answer, bId: b.id };
    });
    expect(run.ts.request).toBe('request from go');
    expect(run.go.answerA).toBe('ts answers after your FIN: request from go');
    expect(run.go.writeAfterClose).toBe('stream closed');
    expect(run.ts.writeAfterClose).toBeInstanceOf(StreamClosedError);
    expect(run.go.requestB).toBe('request from ts');
    expect(run.go.streamB).toBe(run.ts.bId);
    expect(run.ts.answer).toBe('go answers after your FIN: request from ts');
  });

  it('resets a stream Go opened: Go reads and writes fail, the session lives on', async () => {
    const run = await runGoPeer('reset-by-ts', {}, async (session) => {
      const s = await session.accept();
      const hello = (await readExactly(s, 5)).toString();
      s.reset();
      const readAfter = await s.read().catch((error: unknown) => error);
      const writeAfter = await s.write(text('x')).catch((error: unknown) => error);
      const t = await session.accept();
      const echo = await readAll(t);
      await t.write(echo);
      await t.closeWrite();
      return { hello, readAfter, writeAfter, streamsLeft: session.snapshot().streams.map((x) => x.id) };
    });
    expect(run.ts.hello).toBe('hello');
    expect(run.ts.readAfter).toBeInstanceOf(StreamResetError);
    expect(run.ts.writeAfter).toBeInstanceOf(StreamResetError);
    expect(run.go.readErr).toBe('connection reset');
    expect(run.go.writeErr).toBe('connection reset');
    expect(run.go.echo).toBe('still alive');
  });

  it('sees RST from Go when Go’s accept backlog of 256 overflows', async () => {
    const count = 300;
    const run = await runGoPeer('backlog-rst', { n: count, config: { acceptBacklog: count } }, async (session) => {
      const streams: Stream[] = [];
      for (let i = 0; i < count; i += 1) {
        const stream = await session.open();
        streams.push(stream);
        void stream.write(text(`hi ${i}`)).catch(() => {});
      }
      const outcomes = await Promise.all(
        streams.map(async (stream) => {
          try {
            return { id: stream.id, answer: (await readAll(stream)).toString() };
          } catch (error) {
            return { id: stream.id, error };
          }
        }),
      );
      const final = await session.open();
      await final.write(text('done'));
      await final.closeWrite();
      return outcomes;
    });
    // Our side allows 300 un-ACKed opens, Go's backlog takes 256.
    const accepted = run.go.accepted as number[];
    const answered = run.ts.filter((o) => 'answer' in o);
    const reset = run.ts.filter((o) => 'error' in o);
    expect(accepted).toEqual(run.ts.slice(0, 256).map((o) => o.id));
    expect(answered.map((o) => o.id)).toEqual(accepted);
    answered.forEach((o, i) => expect(o.answer).toBe(`ok hi ${i}`));
    expect(reset).toHaveLength(count - 256);
    for (const o of reset) {
      expect(o.error).toBeInstanceOf(StreamResetError);
      expect((o.error as StreamResetError).by).toBe('peer');
    }
    expect(run.go.final).toBe('done');
  }, 90_000);

  it('answers Go’s pings with the same opaque value, and Go answers ours', async () => {
    const run = await runGoPeer('ping', {}, async (session) => {
      const rtts: number[] = [];
      for (let i = 0; i < 3; i += 1) rtts.push(await session.ping());
      const s = await session.open();
      await s.write(text('done'));
      await s.closeWrite();
      return rtts;
    });
    expect(run.go.rttMicros).toHaveLength(5);
    expect(run.go.ackedPingIds).toEqual([0, 1, 2, 3, 4]);
    expect(run.go.tsPingIds).toEqual([0, 1, 2]);
    expect(run.go.final).toBe('done');
    expect(run.ts).toHaveLength(3);
    for (const rtt of run.ts) expect(rtt).toBeGreaterThanOrEqual(0);
  });

  it('sends GoAway: Go’s OpenStream is refused, existing streams keep working', async () => {
    const run = await runGoPeer('goaway-from-ts', {}, async (session) => {
      const s = await session.accept();
      const hello = (await readExactly(s, 5)).toString();
      session.goAway();
      await s.write(text('went away'));
      const rest = (await readAll(s)).toString();
      await s.write(text('ok'));
      await s.closeWrite();
      return { hello, rest, localGoAway: session.snapshot().localGoAway };
    });
    expect(run.ts.hello).toBe('hello');
    expect(run.go.message).toBe('went away');
    expect(run.go.sawGoAway).toBe(true);
    expect(run.go.isRemoteGoAway).toBe(true);
    expect(run.go.openErr).toBe('remote end is not accepting connections');
    expect(run.ts.rest).toBe('still here');
    expect(run.go.rest).toBe('ok');
    expect(run.ts.localGoAway).toBe(true);
  });

  it('honours Go’s GoAway: open() is refused, existing streams keep working', async () => {
    const run = await runGoPeer('goaway-from-go', {}, async (session) => {
      const s = await session.accept();
      const received = (await readAll(s)).toString();
      const openError = await session.open().catch((error: unknown) => error);
      await s.write(text('answer'));
      await s.closeWrite();
      return { received, openError, remoteGoAway: session.snapshot().remoteGoAway };
    });
    expect(run.ts.received).toBe('hellowent away');
    expect(run.ts.openError).toBeInstanceOf(RemoteGoAwayError);
    expect(run.ts.remoteGoAway).toBe(true);
    expect(run.go.answer).toBe('answer');
  });

  it('ends the session when Go closes the connection', async () => {
    const run = await runGoPeer('close-by-go', {}, async (session) => {
      const s = await session.accept();
      const bye = (await readExactly(s, 3)).toString();
      const pendingAccept = session.accept().catch((error: unknown) => error);
      const pendingRead = s.read().catch((error: unknown) => error);
      await s.write(text('got it'));
      const reason = await session.closed;
      return { bye, reason, accept: await pendingAccept, read: await pendingRead, write: await s.write(text('late')).catch((e: unknown) => e) };
    });
    expect(run.ts.bye).toBe('bye');
    expect(run.go.got).toBe('got it');
    expect(run.ts.reason).toBeInstanceOf(ConnectionEndedError);
    expect(run.ts.accept).toBe(run.ts.reason);
    expect(run.ts.read).toBe(run.ts.reason);
    expect(run.ts.write).toBe(run.ts.reason);
  });

  it('closes the session: GoAway(normal), then Go’s reads and accepts end', async () => {
    const run = await runGoPeer('close-by-ts', {}, async (session) => {
      const s = await session.accept();
      const hello = (await readExactly(s, 5)).toString();
      await session.close();
      return {
        hello,
        reason: await session.closed,
        read: await s.read().catch((e: unknown) => e),
        write: await s.write(text('x')).catch((e: unknown) => e),
        accept: await session.accept().catch((e: unknown) => e),
      };
    });
    expect(run.ts.hello).toBe('hello');
    expect(run.ts.reason).toBeUndefined();
    expect(run.ts.read).toBeInstanceOf(SessionClosedError);
    expect(run.ts.write).toBeInstanceOf(SessionClosedError);
    expect(run.ts.accept).toBeInstanceOf(SessionClosedError);
    expect(run.go.closed).toBe(true);
    expect(run.go.sawGoAway).toBe(true);
    expect(run.go.readErr).toBe('EOF');
    expect(run.go.acceptErr).toBe('EOF');
  });

  it('follows the host pattern: ACKs streams 1, 3, 5 before accept(), serves 1, writes to 3 and 5', async () => {
    const run = await runGoPeer('host-pattern', {}, async (session) => {
      const control = await session.accept();
      const request = (await readExactly(control, 5)).toString();
      await control.write(text('pong\n'));
      const stdout = await session.accept();
      const stderr = await session.accept();
      await stdout.write(text('plugin says hello on stdout\n'));
      await stderr.write(text('plugin says hello on stderr\n'));
      await stdout.closeWrite();
      await stderr.closeWrite();
      const rest = await readAll(control);
      await control.closeWrite();
      return { request, ids: [control.id, stdout.id, stderr.id], rest: rest.length };
    });
    expect(run.ts.ids).toEqual([1, 3, 5]);
    expect(run.go.ids).toEqual([1, 3, 5]);
    expect(run.ts.request).toBe('ping\n');
    expect(run.go.reply).toBe('pong\n');
    expect(run.go.stdout).toBe('plugin says hello on stdout\n');
    expect(run.go.stderr).toBe('plugin says hello on stderr\n');
    expect(run.ts.rest).toBe(0);
  });
});

function bufferedOn(session: Session, stream: Stream): number {
  return session.snapshot().streams.find((s) => s.id === stream.id)?.bufferedBytes ?? 0;
}

/** Polls until `condition` holds; fails after 10 s rather than hang. */
async function waitFor(condition: () => boolean): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > 10_000) throw new Error('condition not reached within 10 s');
    await new Promise((r) => setTimeout(r, 5));
  }
}
