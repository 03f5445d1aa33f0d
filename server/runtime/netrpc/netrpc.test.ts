/**
 * net/rpc against Go's own net/rpc (./gopeer): our client calling a Go
 * server, and a Go client calling our server, over a unix socket.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytes, defineStruct, field, int, int64, string } from '../gob/schema';
import { MethodError, RpcClient, RpcServer, ServerError } from './index';
import { socketStream } from '../testing/socket-stream';

const pair = defineStruct('main.Pair', [field('A', int64), field('B', int64), field('Tag', string)]);
interface Pair {
  A: number;
  B: number;
  Tag: string;
}

let dir: string;
let gopeer: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'netrpc-'));
  gopeer = join(dir, 'gopeer');
  try {
    execFileSync('go', ['build', '-o', gopeer, './server/runtime/netrpc/gopeer'], { stdio: 'pipe' });
  } catch (error) {
    throw new Error(`building the Go net/rpc peer failed (is Go installed?): ${String(error)}`);
  }
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function startGo(args: string[]) {
  const child = spawn(gopeer, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  return { child, nextLine: async () => (await lines.next()).value as string | undefined };
}

describe('RpcClient calling Go net/rpc', () => {
  it('makes sequential, concurrent and failing calls', async () => {
    const socket = join(dir, 'go-server.sock');
    const go = startGo(['-mode', 'serve', '-socket', socket]);
    expect(await go.nextLine()).toBe('ready');
    const client = new RpcClient(socketStream(createConnection(socket)));

    expect(await client.call('Arith.Add', pair, { A: 40, B: 2, Tag: '' }, int64)).toBe(42);
    expect(await client.call('Arith.Add', pair, { A: -5, B: 2, Tag: '' }, int64)).toBe(-3);
    expect(await client.call('Arith.Echo', string, 'héllo ✓', string)).toBe('héllo ✓');
    await expect(client.call('Arith.Fail', string, 'x', string)).rejects.toThrow(new ServerError('Arith.Fail', 'failed: x'));
    await expect(client.call('Arith.Nope', string, 'x', string)).rejects.toThrow("rpc: can't find method Arith.Nope");
    await expect(client.call('Nope.Add', string, 'x', string)).rejects.toThrow("rpc: can't find service Nope.Add");

    // Later calls finish first: replies arrive out of order and are matched by Seq.
    const order: string[] = [];
    const calls = Array.from({ length: 50 }, (_, i) =>
      client.call<string>('Arith.Sleep', pair, { A: 100 - 2 * i, B: 0, Tag: `t${i}` }, string).then((tag) => {
        order.push(tag);
        return tag;
      }),
    );
    expect(await Promise.all(calls)).toEqual(Array.from({ length: 50 }, (_, i) => `t${i}`));
    expect(order[0]).toBe('t49');

    const big = new Uint8Array(3 << 20).map((_, i) => i);
    expect(await client.call('Arith.Len', bytes, big, int)).toBe(3 << 20);

    await client.close();
    expect(await go.nextLine()).toBe('done');
    // A call after close fails at once.
    await expect(client.call('Arith.Echo', string, 'late', string)).rejects.toThrow('connection is shut down');
  });

  it('fails pending calls when the connection drops', async () => {
    const socket = join(dir, 'go-server-drop.sock');
    const go = startGo(['-mode', 'serve', '-socket', socket]);
    expect(await go.nextLine()).toBe('ready');
    const client = new RpcClient(socketStream(createConnection(socket)));
    const pending = client.call('Arith.Sleep', pair, { A: 5_000, B: 0, Tag: 'never' }, string);
    await new Promise((resolve) => setTimeout(resolve, 100));
    go.child.kill('SIGKILL');
    await expect(pending).rejects.toThrow('unexpected EOF');
  });
});

describe('RpcServer called by Go net/rpc', () => {
  it('answers, reports errors with Go texts and keeps serving', async () => {
    const socket = join(dir, 'ts-server.sock');
    const rpc = new RpcServer()
      .register<Pair, number>('Math.Add', { argType: pair, replyType: int64, handler: (p) => p.A + p.B })
      .register<Pair, string>('Math.Delay', {
        argType: pair,
        replyType: string,
        handler: (p) => new Promise((resolve) => setTimeout(() => resolve(p.Tag.toUpperCase()), p.A)),
      })
      .register<string, string>('Math.Fail', {
        argType: string,
        replyType: string,
        handler: (why) => {
          throw new MethodError(`failed: ${why}`);
        },
      })
      .register<Uint8Array, number>('Math.Len', { argType: bytes, replyType: int, handler: (b) => b.length });
    const served = new Promise<void>((resolve) => {
      const server = createServer((conn) => {
        server.close();
        void rpc.serve(socketStream(conn)).then(resolve);
      });
      server.listen(socket);
    });
    await new Promise((resolve) => setTimeout(resolve, 50));

    const go = startGo(['-mode', 'call', '-socket', socket]);
    const results = new Map<string, { reply?: unknown; error?: string }>();
    for (let line = await go.nextLine(); line !== undefined; line = await go.nextLine()) {
      const { call, ...rest } = JSON.parse(line) as { call: string; reply?: unknown; error?: string };
      results.set(call, rest);
    }
    await served;

    expect(results.get('Math.Add')).toEqual({ reply: 5 });
    expect(results.get('Math.Add(after)')).toEqual({ reply: 42 });
    expect(results.get('Math.Missing')).toEqual({ error: "rpc: can't find method Math.Missing" });
    expect(results.get('Nope.Add')).toEqual({ error: "rpc: can't find service Nope.Add" });
    expect(results.get('noDot')).toEqual({ error: 'rpc: service/method request ill-formed: noDot' });
    expect(results.get('Math.Fail')).toEqual({ error: 'failed: because' });
    expect(results.get('Math.Add(wrong arg)')?.error).toMatch(/\S/);
    expect(results.get('Math.Add(still serving)')).toEqual({ reply: 2 });
    expect(results.get('concurrent')).toEqual({ reply: 200 });
    expect(results.get('Math.Len')).toEqual({ reply: 3 << 20 });
  });
});
