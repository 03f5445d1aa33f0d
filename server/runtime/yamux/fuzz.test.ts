/**
 * Fuzzing the session's input: seeded random bytes, and valid frame sequences
 * (from a model of a well-behaved client) with mutations: header fields out
 * of range, other versions and types, huge lengths, window overflows, frames
 * for unknown streams, duplicates, garbage and truncation; fed in random
 * chunk splits while the local side accepts, reads, echoes, resets and opens.
 *
 * Each case must end with the session either consistent (invariants below)
 * or closed with one of our errors, every local operation settled after
 * close(), no exception or unhandled rejection, no hang. A failure names the
 * seed and case; rerun one with YAMUX_FUZZ_SEED=<seed> YAMUX_FUZZ_CASES=1.
 */
import { Duplex } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InternalError, YamuxError } from './errors';
import { Flag, FrameType, GoAwayCode, HEADER_LENGTH, INITIAL_STREAM_WINDOW, MAX_UINT32 } from './frame';
import { writeHeader } from './header';
import { Session } from './session';
import type { Stream } from './stream';
import { Random } from '../testing/random';

const BASE_SEED = Number(process.env.YAMUX_FUZZ_SEED ?? 0x59a3_0001);
const CASES = Number(process.env.YAMUX_FUZZ_CASES ?? 100_000);
const CASE_TIMEOUT_MS = 2_000;

interface RawFrame {
  type: number;
  flags: number;
  streamId: number;
  length: number;
  payload: Uint8Array;
  version: number;
}

const frame = (type: number, flags: number, streamId: number, length: number, payload: Uint8Array = new Uint8Array(0)): RawFrame => ({
  type,
  flags,
  streamId,
  length,
  payload,
  version: 0,
});

/** A plausible conversation from a Go client: opens, data within windows, FIN, RST, pings, ACKs for our opens. */
function validFrames(random: Random, ourOpens: number[]): RawFrame[] {
  const frames: RawFrame[] = [];
  const open = new Map<number, { sent: number; fin: boolean }>();
  let nextId = 1;
  const count = 1 + random.below(14);
  for (let i = 0; i < count; i += 1) {
    const ids = [...open.keys()];
    const id = ids.length > 0 ? random.pick(ids) : 0;
    switch (random.below(10)) {
      case 0:
      case 1: {
        const newId = nextId;
        nextId += 2;
        open.set(newId, { sent: 0, fin: false });
        if (random.chance(0.5)) frames.push(frame(FrameType.WindowUpdate, Flag.SYN, newId, 0));
        else {
          const payload = random.bytes(random.below(40));
          open.get(newId)!.sent += payload.length;
          frames.push(frame(FrameType.Data, Flag.SYN, newId, payload.length, payload));
        }
        break;
      }
      case 2:
      case 3: {
        const state = open.get(id);
        if (!state || state.fin) break;
        const size = Math.min(INITIAL_STREAM_WINDOW - state.sent, random.chance(0.1) ? random.below(5000) : random.below(100));
        state.sent += size;
        frames.push(frame(FrameType.Data, 0, id, size, random.bytes(size)));
        break;
      }
      case 4: {
        const state = open.get(id);
        if (!state || state.fin) break;
        state.fin = true;
        frames.push(frame(FrameType.WindowUpdate, Flag.FIN, id, 0));
        break;
      }
      case 5:
        if (id !== 0) {
          open.delete(id);
          frames.push(frame(FrameType.WindowUpdate, Flag.RST, id, 0));
        }
        break;
      case 6:
        if (id !== 0) frames.push(frame(FrameType.WindowUpdate, 0, id, random.below(INITIAL_STREAM_WINDOW)));
        break;
      case 7:
        frames.push(frame(FrameType.Ping, random.chance(0.7) ? Flag.SYN : Flag.ACK, 0, random.uint32()));
        break;
      case 8:
        if (ourOpens.length > 0) {
          const ours = random.pick(ourOpens);
          const flags = random.pick([Flag.ACK, Flag.ACK, Flag.ACK | Flag.FIN, Flag.RST]);
          frames.push(frame(FrameType.WindowUpdate, flags, ours, random.below(1000)));
        }
        break;
      default:
        if (random.chance(0.1)) frames.push(frame(FrameType.GoAway, 0, 0, GoAwayCode.Normal));
    }
  }
  return frames;
}

const interestingLengths = [0, 1, 12, 0x7fff_ffff, 0x8000_0000, MAX_UINT32 - 1, MAX_UINT32, INITIAL_STREAM_WINDOW, INITIAL_STREAM_WINDOW + 1];

function mutate(random: Random, frames: RawFrame[]): void {
  if (frames.length === 0) return;
  const target = random.pick(frames);
  switch (random.below(9)) {
    case 0:
      target.version = 1 + random.below(255);
      break;
    case 1:
      target.type = random.chance(0.5) ? 4 + random.below(252) : random.below(4);
      break;
    case 2:
      target.flags = random.chance(0.5) ? random.below(0x1_0000) : random.below(16);
      break;
    case 3:
      target.streamId = random.pick([0, 2, 4, random.uint32(), 1 + 2 * random.below(8)]);
      break;
    case 4:
      // Lengths that lie about the payload desynchronise framing, as garbage would.
      target.length = random.chance(0.7) ? random.pick(interestingLengths) : random.uint32();
      break;
    case 5:
      frames.splice(random.below(frames.length + 1), 0, { ...target, payload: target.payload });
      break;
    case 6:
      frames.splice(frames.indexOf(target), 1);
      break;
    case 7:
      frames.push(frame(FrameType.Data, 0, 1 + 2 * (50 + random.below(50)), 3, random.bytes(3)));
      break;
    default:
      frames.push(frame(FrameType.WindowUpdate, 0, target.streamId, MAX_UINT32 - random.below(3)));
  }
}

function serialize(frames: RawFrame[]): Uint8Array {
  const size = frames.reduce((n, f) => n + HEADER_LENGTH + f.payload.length, 0);
  const out = new Uint8Array(size);
  let offset = 0;
  for (const f of frames) {
    writeHeader(out, offset, f.type, f.flags, f.streamId, f.length);
    out[offset] = f.version;
    out.set(f.payload, offset + HEADER_LENGTH);
    offset += HEADER_LENGTH + f.payload.length;
  }
  return out;
}

function caseInput(random: Random, ourOpens: number[]): Uint8Array {
  const mode = random.below(10);
  if (mode === 0) return random.bytes(random.below(200));
  const frames = validFrames(random, ourOpens);
  if (mode >= 3) {
    const mutations = 1 + random.below(3);
    for (let i = 0; i < mutations; i += 1) mutate(random, frames);
  }
  let bytes = serialize(frames);
  if (random.chance(0.15)) bytes = bytes.subarray(0, random.below(bytes.length + 1));
  if (random.chance(0.1)) {
    const at = random.below(bytes.length + 1);
    bytes = Buffer.concat([bytes.subarray(0, at), random.bytes(1 + random.below(20)), bytes.subarray(at)]);
  }
  return bytes;
}

/** A connection that accepts and forgets our output. */
function sinkConnection(): Duplex {
  return new Duplex({
    read() {},
    write(_chunk, _encoding, callback) {
      callback();
    },
  });
}

/** Local activity: accept streams, read them, sometimes echo, half-close or reset. */
function driveLocally(session: Session, random: Random, track: (p: Promise<unknown>) => void): void {
  const serve = async (stream: Stream): Promise<void> => {
    for (;;) {
      const chunk = await stream.read();
      if (chunk === null) {
        await stream.closeWrite();
        return;
      }
      const action = random.below(6);
      if (action === 0) track(stream.write(chunk));
      else if (action === 1) track(stream.closeWrite());
      else if (action === 2) {
        stream.reset();
        return;
      }
    }
  };
  track(
    (async () => {
      for (;;) track(serve(await session.accept()));
    })(),
  );
}

function checkInvariants(session: Session, backlog: number): string | undefined {
  const snap = session.snapshot();
  if (snap.closed) return undefined;
  if (snap.acceptQueue > backlog) return `accept queue ${snap.acceptQueue} > backlog ${backlog}`;
  if (snap.openSlotsUsed > backlog || snap.openSlotsUsed < 0) return `open slots ${snap.openSlotsUsed}`;
  if (snap.unacknowledgedOpens > snap.openSlotsUsed) return 'more un-ACKed opens than open slots';
  for (const s of snap.streams) {
    const max = INITIAL_STREAM_WINDOW;
    const accounted = s.receiveWindow + s.bufferedBytes + s.consumedNotGranted;
    if (s.receiveWindow < 0 || s.receiveWindow > max) return `stream ${s.id}: receive window ${s.receiveWindow}`;
    if (accounted > max || accounted < max - snap.payloadBytesExpected) {
      return `stream ${s.id}: window ${s.receiveWindow} + buffered ${s.bufferedBytes} + consumed ${s.consumedNotGranted} != ${max}`;
    }
    if (s.sendWindow < 0 || s.sendWindow > MAX_UINT32) return `stream ${s.id}: send window ${s.sendWindow}`;
    if (s.reset) return `stream ${s.id}: reset but still registered`;
    if (s.localFinSent && s.remoteFin) return `stream ${s.id}: closed both ways but still registered`;
    if (s.id === 0) return 'stream 0 registered';
  }
  return undefined;
}

/** How the cases ended, for the summary printed after the run. */
const outcomes = new Map<string, number>();

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function runCase(seed: number): Promise<string | undefined> {
  const random = new Random(seed);
  const backlog = random.chance(0.2) ? 2 : 256;
  const session = Session.server(sinkConnection(), { acceptBacklog: backlog, enableKeepAlive: random.chance(0.5) });
  const duplex = (session as unknown as { duplex: Duplex }).duplex;
  const failures: string[] = [];
  const pending = new Set<Promise<unknown>>();
  const track = (promise: Promise<unknown>): void => {
    pending.add(promise);
    promise.then(
      () => pending.delete(promise),
      (error: unknown) => {
        pending.delete(promise);
        if (!(error instanceof YamuxError)) failures.push(`local operation failed with a foreign error: ${String(error)}`);
      },
    );
  };
  let reason: unknown = 'open';
  void session.closed.then((r) => (reason = r));

  const ourOpens: number[] = [];
  const opens = random.below(3);
  for (let i = 0; i < opens; i += 1) {
    const opening = session.open();
    track(opening);
    const stream = await opening.catch(() => undefined);
    if (stream) {
      ourOpens.push(stream.id);
      if (random.chance(0.5)) track(stream.write(random.bytes(random.below(64))));
      track(stream.read());
    }
  }
  driveLocally(session, random, track);

  const input = caseInput(random, ourOpens);
  for (const chunk of random.split(input, 6)) duplex.push(chunk);
  if (random.chance(0.05)) duplex.push(null);
  await tick();
  if (random.chance(0.3)) track(session.ping().catch(() => undefined));
  await tick();

  const outcomeName = session.snapshot().closed ? String((reason as Error | undefined)?.name) : 'still open';
  const broken = checkInvariants(session, backlog);
  if (broken) failures.push(`inconsistent session: ${broken}`);

  let timer: NodeJS.Timeout | undefined;
  const closedInTime = await Promise.race([
    session.close().then(() => true),
    new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), CASE_TIMEOUT_MS))),
  ]);
  clearTimeout(timer);
  if (!closedInTime) failures.push(`close() did not complete within ${CASE_TIMEOUT_MS} ms`);
  await tick();
  if (reason === 'open') failures.push('closed promise did not resolve');
  else if (reason instanceof InternalError) failures.push(`closed by a bug of ours: ${reason.message}`);
  else if (reason !== undefined && !(reason instanceof YamuxError)) failures.push(`closed with a foreign error: ${String(reason)}`);
  outcomes.set(outcomeName, (outcomes.get(outcomeName) ?? 0) + 1);
  if (pending.size > 0) failures.push(`${pending.size} local operations still pending after close()`);
  return failures.length > 0 ? failures.join('; ') : undefined;
}

describe('yamux session fuzz', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (error: unknown): void => {
    unhandled.push(error);
  };
  beforeAll(() => {
    process.on('unhandledRejection', onUnhandled);
  });
  afterAll(() => {
    process.off('unhandledRejection', onUnhandled);
  });

  it(`survives ${CASES} random and mutated inputs (base seed ${BASE_SEED})`, async () => {
    // Cases run in parallel batches to share event-loop turns; each has its own
    // session and PRNG, so a case behaves the same when rerun alone.
    const batchSize = 50;
    for (let first = 0; first < CASES; first += batchSize) {
      const before = unhandled.length;
      const indices = Array.from({ length: Math.min(batchSize, CASES - first) }, (_, k) => first + k);
      const results = await Promise.all(
        indices.map(async (i) => {
          const seed = (BASE_SEED + i) >>> 0;
          try {
            return { i, seed, failure: await runCase(seed) };
          } catch (error) {
            return { i, seed, failure: `exception escaped: ${(error as Error).stack ?? String(error)}` };
          }
        }),
      );
      const failed = results.find((r) => r.failure !== undefined);
      if (failed) {
        throw new Error(`fuzz case ${failed.i} (YAMUX_FUZZ_SEED=${failed.seed} YAMUX_FUZZ_CASES=1) failed: ${failed.failure}`);
      }
      if (unhandled.length > before) {
        throw new Error(
          `unhandled rejection in fuzz cases ${first}..${first + indices.length - 1} (seeds from ${(BASE_SEED + first) >>> 0}): ${String(unhandled[before])}`,
        );
      }
    }
    expect(unhandled).toEqual([]);
    const summary = [...outcomes].sort((a, b) => b[1] - a[1]).map(([name, n]) => `${name} ${n}`);
    console.log(`yamux fuzz: ${CASES} cases from seed ${BASE_SEED}: ${summary.join(', ')}`);
    // The generator must reach both ends: sessions that survive and each kind of protocol error.
    if (CASES >= 1000) expect(outcomes.get('still open') ?? 0).toBeGreaterThan(CASES / 10);
  }, 120_000);
});
