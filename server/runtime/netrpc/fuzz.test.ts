/**
 * Bad input into net/rpc, seeded and reproducible: random bytes and
 * mutations of what Go's own net/rpc client and server send (recorded by
 * ./gopeer) go into our server and our client. Every case must end with the
 * connection served to its end or refused with one of our errors: no
 * exception escapes, nothing hangs, no call stays pending.
 *
 * Replay one case: NETRPC_FUZZ_SEED=<seed> NETRPC_FUZZ_CASES=1.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytes, defineStruct, field, int, int64, string } from '../gob/schema';
import { streamPair } from '../testing/memory-streams';
import { Random } from '../testing/random';
import { RpcClient, RpcError, RpcServer } from './index';

const CASES = Number(process.env.NETRPC_FUZZ_CASES ?? 100_000);
const SEED = Number(process.env.NETRPC_FUZZ_SEED ?? 0x5eed);
/** A case settles within this many macrotask turns or counts as a hang. */
const TURN_LIMIT = 50;

const pair = defineStruct('main.Pair', [field('A', int64), field('B', int64), field('Tag', string)]);

let requests: Uint8Array;
let responses: Uint8Array;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'netrpc-fuzz-'));
  try {
    execFileSync('go', ['run', './server/runtime/netrpc/gopeer', '-mode', 'record', '-socket', join(dir, 'go')], { stdio: 'pipe' });
  } catch (error) {
    throw new Error(`recording Go's net/rpc bytes failed (is Go installed?): ${String(error)}`);
  }
  requests = readFileSync(join(dir, 'go.requests'));
  responses = readFileSync(join(dir, 'go.responses'));
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The shared seeded PRNG, as this test uses it. */
function prng(seed: number) {
  const random = new Random(seed);
  return { next: () => random.uint32() / 0x1_0000_0000, int: (n: number) => random.below(n) };
}

type Rand = ReturnType<typeof prng>;

const BOUNDARY = [0x00, 0x01, 0x7f, 0x80, 0xf8, 0xfc, 0xfe, 0xff];

function mutate(source: Uint8Array, rand: Rand): Uint8Array {
  if (rand.int(20) === 0) return Uint8Array.from({ length: rand.int(300) }, () => rand.int(256));
  let out = Array.from(source);
  const rounds = 1 + rand.int(4);
  for (let r = 0; r < rounds && out.length > 0; r++) {
    const at = rand.int(out.length);
    switch (rand.int(7)) {
      case 0: // bit flip
        out[at]! ^= 1 << rand.int(8);
        break;
      case 1: // boundary byte
        out[at] = BOUNDARY[rand.int(BOUNDARY.length)]!;
        break;
      case 2: // truncate
        out = out.slice(0, at);
        break;
      case 3: // duplicate a slice
        out.splice(at, 0, ...out.slice(at, at + 1 + rand.int(40)));
        break;
      case 4: // inflate a count: a huge uint where a small one was
        out.splice(at, 1, 0xf8, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff);
        break;
      case 5: // random bytes spliced in
        out.splice(at, 0, ...Array.from({ length: 1 + rand.int(16) }, () => rand.int(256)));
        break;
      default: // delete a slice
        out.splice(at, 1 + rand.int(20));
    }
  }
  return Uint8Array.from(out);
}

/** Writes `data` to `stream` in random chunks, then half-closes it. */
async function feed(stream: { write(b: Uint8Array): Promise<void>; closeWrite(): Promise<void> }, data: Uint8Array, rand: Rand) {
  for (let at = 0; at < data.length; ) {
    const size = 1 + rand.int(Math.max(1, data.length - at));
    await stream.write(data.subarray(at, at + size));
    at += size;
  }
  await stream.closeWrite();
}

/** Resolves false when `promise` has not settled after TURN_LIMIT macrotask turns. */
async function settles(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let turn = 0; turn < TURN_LIMIT && !settled; turn++) await new Promise((resolve) => setImmediate(resolve));
  return settled;
}

function server(): RpcServer {
  return new RpcServer()
    .register<{ A: number; B: number }, number>('Arith.Add', { argType: pair, replyType: int64, handler: (p) => p.A + p.B })
    .register<string, string>('Arith.Echo', { argType: string, replyType: string, handler: (s) => s })
    .register<Uint8Array, number>('Arith.Len', { argType: bytes, replyType: int, handler: (b) => b.length })
    .register<{ Tag: string }, string>('Arith.Sleep', { argType: pair, replyType: string, handler: (p) => p.Tag });
}

describe('net/rpc fuzz', () => {
  it('the recordings are valid: unmutated, every call is served and answered', async () => {
    const [ours, peer] = streamPair();
    const served = server().serve(ours);
    await feed(peer, requests, prng(1));
    let answered = 0;
    while ((await peer.read()) !== null) answered++;
    await served;
    expect(answered).toBeGreaterThan(0);

    const [clientSide, serverSide] = streamPair();
    const client = new RpcClient(clientSide);
    const calls = [0, 1, 2, 3, 4].map(() => client.call('Arith.Echo', string, 'x', string).then(() => 'ok', (e: Error) => e.name));
    await feed(serverSide, responses, prng(2));
    // Go's answers carry Seq 0…4: each of our five calls gets an answer or an error, none hangs.
    expect(await Promise.all(calls)).toHaveLength(5);
  });

  it(`${CASES} mutated request streams into RpcServer`, async () => {
    const rand = prng(SEED);
    for (let n = 0; n < CASES; n++) {
      const input = mutate(requests, rand);
      const [ours, peer] = streamPair();
      const errors: unknown[] = [];
      const served = server().serve(ours, { onError: (e) => errors.push(e) });
      void (async () => {
        while ((await peer.read()) !== null);
      })().catch(() => undefined);
      await feed(peer, input, rand);
      if (!(await settles(served))) throw new Error(`server case ${n} (seed ${SEED}) did not finish: input ${Buffer.from(input).toString('hex')}`);
      await served; // serve() never rejects: a rejection fails the test here
      for (const e of errors) {
        if (!(e instanceof Error)) throw new Error(`server case ${n} (seed ${SEED}): non-Error ${String(e)}`);
      }
    }
  }, 300_000);

  it(`${CASES} mutated response streams into RpcClient`, async () => {
    const rand = prng(SEED + 1);
    for (let n = 0; n < CASES; n++) {
      const input = mutate(responses, rand);
      const [ours, peer] = streamPair();
      const client = new RpcClient(ours);
      const outcomes = [0, 1, 2].map(() =>
        client.call('Arith.Echo', string, 'x', string).then(
          () => undefined,
          (error: unknown) => {
            if (!(error instanceof RpcError)) throw new Error(`client case ${n} (seed ${SEED + 1}): ${String(error)}`);
          },
        ),
      );
      void (async () => {
        while ((await peer.read()) !== null);
      })().catch(() => undefined);
      await feed(peer, input, rand);
      const all = Promise.all(outcomes);
      if (!(await settles(all))) throw new Error(`client case ${n} (seed ${SEED + 1}) left calls pending: input ${Buffer.from(input).toString('hex')}`);
      await all;
    }
  }, 300_000);
});
