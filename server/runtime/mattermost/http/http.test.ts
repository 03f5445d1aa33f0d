import { describe, expect, it } from 'vitest';
import { streamPair } from '../../testing/memory-streams';
import { putVarint, requestBodyStream } from './body-reader';
import { canonicalHeaderKey, headersFromGo, headersToGo } from './headers';

describe('headers', () => {
  it('canonicalises names as net/textproto does', () => {
    expect(canonicalHeaderKey('content-type')).toBe('Content-Type');
    expect(canonicalHeaderKey('x-body-sha256')).toBe('X-Body-Sha256');
    expect(canonicalHeaderKey('mattermost-user-id')).toBe('Mattermost-User-Id');
    expect(canonicalHeaderKey('bad header')).toBe('bad header'); // not a token: left alone, as Go does
  });

  it('carries repeated values both ways, Set-Cookie one by one', () => {
    const headers = headersFromGo({ Accept: ['a/b', 'c/d'], 'X-Empty': [] });
    expect(headers.get('accept')).toBe('a/b, c/d');
    const back = new Headers({ 'content-type': 'text/plain' });
    back.append('set-cookie', 'a=1');
    back.append('set-cookie', 'b=2');
    expect(headersToGo(back)).toEqual({ 'Content-Type': ['text/plain'], 'Set-Cookie': ['a=1', 'b=2'] });
  });
});

describe('io_rpc body pull', () => {
  it('encodes credits like Go binary.PutVarint', () => {
    expect([...putVarint(0)]).toEqual([0x00]);
    expect([...putVarint(-1)]).toEqual([0x01]);
    expect([...putVarint(-65)]).toEqual([0x81, 0x01]);
    expect([...putVarint(1 << 20)]).toEqual([0x80, 0x80, 0x80, 0x01]);
  });

  /** The host's serveIOReader: per credit, at most n bytes; fewer means the end, and it closes. */
  async function serveBody(host: ReturnType<typeof streamPair>[1], body: Uint8Array, chunk: number) {
    let offset = 0;
    for (;;) {
      const credit = await host.read();
      if (credit === null) break;
      let n = 0;
      for (let shift = 0, i = 0; i < credit.length; i++, shift += 7) n += (credit[i]! & 0x7f) * 2 ** shift;
      n = n / 2; // zig-zag of a positive credit
      const end = Math.min(body.length, offset + n);
      for (let at = offset; at < end; at += chunk) await host.write(body.subarray(at, Math.min(end, at + chunk)));
      const written = end - offset;
      offset = end;
      if (written < n) break;
    }
    await host.closeWrite();
  }

  it('reads a body that straddles credits and ends on a short copy', async () => {
    const body = new Uint8Array(100_000).map((_, i) => i * 7);
    const [plugin, host] = streamPair();
    void serveBody(host, body, 4096);
    const received = new Uint8Array(await new Response(requestBodyStream(plugin, 30_000)).arrayBuffer());
    expect(received).toEqual(body);
  });

  it('reads an empty body', async () => {
    const [plugin, host] = streamPair();
    void serveBody(host, new Uint8Array(0), 4096);
    expect((await new Response(requestBodyStream(plugin)).arrayBuffer()).byteLength).toBe(0);
  });

  it('refuses a host that sends more than it was asked for', async () => {
    const [plugin, host] = streamPair();
    void (async () => {
      await host.read();
      await host.write(new Uint8Array(20));
    })();
    await expect(new Response(requestBodyStream(plugin, 10)).arrayBuffer()).rejects.toThrow('host sent 20 body bytes against a credit of 10');
  });
});
