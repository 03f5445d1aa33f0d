/**
 * Session behaviour frame by frame, against a hand-driven peer: the cases of
 * Go's session.go and stream.go that a well-behaved Go peer never produces
 * (the Go interop tests cover the rest).
 */
import { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  ConnectionEndedError,
  DuplicateStreamError,
  InvalidStreamIdError,
  InvalidVersionError,
  KeepAliveTimeoutError,
  ReceiveWindowExceededError,
  RemoteProtocolError,
  SendWindowOverflowError,
  SessionClosedError,
  StreamCloseTimeoutError,
  StreamOpenTimeoutError,
  StreamResetError,
  UnexpectedFlagError,
  UnknownGoAwayCodeError,
} from './errors';
import { Flag, FrameType, GoAwayCode, INITIAL_STREAM_WINDOW } from './frame';
import { Session } from './session';
import { duplexPair } from './testing/memory-duplex';
import { RawPeer, frameBytes, tick } from './testing/raw-peer';

const { Data, WindowUpdate, Ping, GoAway } = FrameType;
const { SYN, ACK, FIN, RST } = Flag;
const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const decodeText = (b: Uint8Array | null): string | null => (b === null ? null : Buffer.from(b).toString());

describe('Session: streams the peer opens', () => {
  it('ACKs a SYN as soon as it arrives, before accept()', async () => {
    const peer = new RawPeer();
    peer.syn(1);
    peer.syn(3);
    expect(await peer.written()).toEqual([
      { type: WindowUpdate, flags: ACK, streamId: 1, length: 0 },
      { type: WindowUpdate, flags: ACK, streamId: 3, length: 0 },
    ]);
    const first = await peer.session.accept();
    const second = await peer.session.accept();
    expect([first.id, second.id]).toEqual([1, 3]);
  });

  it('announces a larger configured window with the ACK', async () => {
    const peer = new RawPeer({ maxStreamWindowSize: 1024 * 1024 });
    peer.syn(1);
    expect(await peer.written()).toEqual([
      { type: WindowUpdate, flags: ACK, streamId: 1, length: 1024 * 1024 - INITIAL_STREAM_WINDOW },
    ]);
  });

  it('delivers data, then null after FIN, including the FIN frame’s own payload', async () => {
    const peer = new RawPeer();
    const accepted = peer.session.accept();
    peer.send(Data, SYN, 1, 5, text('hello'));
    const stream = await accepted;
    const pending = stream.read();
    expect(decodeText(await pending)).toBe('hello');
    const waiting = [stream.read(), stream.read()];
    peer.data(1, ' world', FIN);
    expect((await Promise.all(waiting)).map(decodeText)).toEqual([' world', null]);
    expect(await stream.read()).toBeNull();
  });

  it('refuses a SYN past the accept backlog with RST, after giving accept() a turn', async () => {
    const peer = new RawPeer({ acceptBacklog: 2 });
    peer.connection.feed(Buffer.concat([1, 3, 5].map((id) => frameBytes(WindowUpdate, SYN, id, 0))));
    expect(await peer.written()).toEqual([
      { type: WindowUpdate, flags: ACK, streamId: 1, length: 0 },
      { type: WindowUpdate, flags: ACK, streamId: 3, length: 0 },
      { type: WindowUpdate, flags: RST, streamId: 5, length: 0 },
    ]);
    peer.data(5, 'discarded');
    peer.send(Ping, SYN, 0, 9);
    expect(await peer.written()).toEqual([{ type: Ping, flags: ACK, streamId: 0, length: 9 }]);
    expect((await peer.session.accept()).id).toBe(1);
  });

  it('lets an accept loop drain a full backlog instead of refusing SYNs', async () => {
    const peer = new RawPeer({ acceptBacklog: 2 });
    const accepted: number[] = [];
    void (async () => {
      for (;;) accepted.push((await peer.session.accept()).id);
    })().catch(() => {});
    const ids = Array.from({ length: 20 }, (_, i) => 2 * i + 1);
    peer.connection.feed(Buffer.concat(ids.map((id) => frameBytes(WindowUpdate, SYN, id, 0))));
    const frames = [];
    for (let turn = 0; turn < 50 && frames.length < ids.length; turn += 1) frames.push(...(await peer.written()));
    expect(frames.map((f) => [f.flags, f.streamId])).toEqual(ids.map((id) => [ACK, id]));
    expect(accepted).toEqual(ids);
  });

  it('refuses SYNs after our GoAway with RST', async () => {
    const peer = new RawPeer();
    peer.session.goAway();
    peer.syn(1);
    expect(await peer.written()).toEqual([
      { type: GoAway, flags: 0, streamId: 0, length: GoAwayCode.Normal },
      { type: WindowUpdate, flags: RST, streamId: 1, length: 0 },
    ]);
  });

  it('ignores frames for unknown streams and discards their data', async () => {
    const peer = new RawPeer();
    peer.data(7, 'x'.repeat(1000));
    peer.send(WindowUpdate, RST, 9, 0);
    peer.send(WindowUpdate, FIN, 11, 100);
    peer.send(Ping, SYN, 0, 1);
    expect(await peer.written()).toEqual([{ type: Ping, flags: ACK, streamId: 0, length: 1 }]);
    expect(peer.session.snapshot().streams).toEqual([]);
  });
});

describe('Session: protocol errors close with GoAway(protocol error)', () => {
  async function expectProtocolError(peer: RawPeer, errorClass: new (...args: never[]) => Error): Promise<void> {
    const reason = await peer.session.closed;
    expect(reason).toBeInstanceOf(errorClass);
    const frames = await peer.written();
    expect(frames.at(-1)).toEqual({ type: GoAway, flags: 0, streamId: 0, length: GoAwayCode.ProtocolError });
    expect(peer.connection.ended).toBe(true);
  }

  it('data beyond the receive window', async () => {
    const peer = new RawPeer();
    peer.syn(1);
    peer.send(Data, 0, 1, INITIAL_STREAM_WINDOW - 10, new Uint8Array(INITIAL_STREAM_WINDOW - 10));
    peer.send(Data, 0, 1, 11, new Uint8Array(11));
    await expectProtocolError(peer, ReceiveWindowExceededError);
    expect((await peer.session.closed)?.message).toBe(
      'yamux: peer sent 11 bytes on stream 1, but its receive window has only 10 bytes left',
    );
  });

  it('a window update overflowing 2^32-1', async () => {
    const peer = new RawPeer();
    peer.syn(1);
    peer.send(WindowUpdate, 0, 1, 0xffff_ffff - INITIAL_STREAM_WINDOW);
    peer.send(WindowUpdate, 0, 1, 1);
    await expectProtocolError(peer, SendWindowOverflowError);
  });

  it('a duplicate SYN', async () => {
    const peer = new RawPeer();
    peer.syn(1);
    peer.syn(1);
    await expectProtocolError(peer, DuplicateStreamError);
  });

  it('a SYN with our parity or id 0', async () => {
    const even = new RawPeer();
    even.syn(2);
    await expectProtocolError(even, InvalidStreamIdError);
    const zero = new RawPeer();
    zero.syn(0);
    await expectProtocolError(zero, InvalidStreamIdError);
  });

  it('a second FIN', async () => {
    const peer = new RawPeer();
    peer.syn(1);
    peer.send(WindowUpdate, FIN, 1, 0);
    peer.send(WindowUpdate, FIN, 1, 0);
    await expectProtocolError(peer, UnexpectedFlagError);
  });

  it('a frame with another protocol version', async () => {
    const peer = new RawPeer();
    const bad = frameBytes(Ping, SYN, 0, 1);
    bad[0] = 1;
    peer.connection.feed(bad);
    await expectProtocolError(peer, InvalidVersionError);
  });
});

describe('Session: GoAway and pings from the peer', () => {
  it('answers a ping with the same opaque value', async () => {
    const peer = new RawPeer();
    peer.send(Ping, SYN, 0, 0xdead_beef);
    expect(await peer.written()).toEqual([{ type: Ping, flags: ACK, streamId: 0, length: 0xdead_beef }]);
  });

  it('refuses open() after GoAway(normal), ends on GoAway(protocol error) without answering it', async () => {
    const peer = new RawPeer();
    peer.send(GoAway, 0, 0, GoAwayCode.Normal);
    await tick();
    await expect(peer.session.open()).rejects.toThrow('remote end is not accepting new streams');
    peer.send(GoAway, 0, 0, GoAwayCode.ProtocolError);
    expect(await peer.session.closed).toBeInstanceOf(RemoteProtocolError);
    expect(await peer.written()).toEqual([]);
  });

  it('ends on an unknown GoAway code', async () => {
    const peer = new RawPeer();
    peer.send(GoAway, 0, 0, 7);
    const reason = await peer.session.closed;
    expect(reason).toBeInstanceOf(UnknownGoAwayCodeError);
    expect(reason?.message).toBe('yamux: peer sent GoAway with unknown reason code 7');
  });

  it('closes when keep-alive pings go unanswered', async () => {
    const peer = new RawPeer({ enableKeepAlive: true, keepAliveIntervalMs: 5, connectionWriteTimeoutMs: 20 });
    expect(await peer.session.closed).toBeInstanceOf(KeepAliveTimeoutError);
    expect((await peer.written())[0]).toEqual({ type: Ping, flags: SYN, streamId: 0, length: 0 });
  });
});

describe('Session: streams we open', () => {
  it('sends SYN as a WindowUpdate with delta 0 and even ids, and writes before the ACK', async () => {
    const peer = new RawPeer();
    const a = await peer.session.open();
    const b = await peer.session.open();
    await a.write(text('early'));
    expect(await peer.written()).toEqual([
      { type: WindowUpdate, flags: SYN, streamId: 2, length: 0 },
      { type: WindowUpdate, flags: SYN, streamId: 4, length: 0 },
      { type: Data, flags: 0, streamId: 2, length: 5, payload: 'early' },
    ]);
    expect(b.id).toBe(4);
  });

  it('waits while acceptBacklog opens are un-ACKed, continues on ACK or RST', async () => {
    const peer = new RawPeer({ acceptBacklog: 2 });
    await peer.session.open();
    await peer.session.open();
    let third: number | undefined;
    const opening = peer.session.open().then((s) => (third = s.id));
    await tick();
    expect(third).toBeUndefined();
    peer.send(WindowUpdate, ACK, 2, 0);
    await opening;
    expect(third).toBe(6);
    const fourth = peer.session.open();
    peer.send(WindowUpdate, RST, 4, 0);
    expect((await fourth).id).toBe(8);
  });

  it('closes the session when an open is not ACKed in time', async () => {
    const peer = new RawPeer({ streamOpenTimeoutMs: 10 });
    await peer.session.open();
    expect(await peer.session.closed).toBeInstanceOf(StreamOpenTimeoutError);
  });

  it('sends only what the window allows, the rest after the peer’s window update', async () => {
    const peer = new RawPeer();
    const stream = await peer.session.open();
    let done = false;
    const written = stream.write(new Uint8Array(INITIAL_STREAM_WINDOW + 100)).then(() => (done = true));
    let frames = await peer.written();
    const dataBytes = (fs: typeof frames): number => fs.filter((f) => f.type === Data).reduce((n, f) => n + f.length, 0);
    expect(dataBytes(frames)).toBe(INITIAL_STREAM_WINDOW);
    expect(done).toBe(false);
    peer.send(WindowUpdate, ACK, 2, 60);
    frames = await peer.written();
    expect(dataBytes(frames)).toBe(60);
    peer.send(WindowUpdate, 0, 2, 1000);
    await written;
    frames = await peer.written();
    expect(dataBytes(frames)).toBe(40);
  });

  it('grants window once the reader consumed half of it, not before', async () => {
    const peer = new RawPeer();
    peer.syn(1);
    const stream = await peer.session.accept();
    await peer.written();
    const half = INITIAL_STREAM_WINDOW / 2;
    peer.send(Data, 0, 1, half - 1, new Uint8Array(half - 1));
    peer.send(Data, 0, 1, 1, new Uint8Array(1));
    await stream.read();
    expect(await peer.written()).toEqual([]);
    await stream.read();
    expect(await peer.written()).toEqual([{ type: WindowUpdate, flags: 0, streamId: 1, length: half }]);
  });

  it('resets: RST goes out, reads and writes fail, later frames are ignored', async () => {
    const peer = new RawPeer();
    peer.syn(1);
    const stream = await peer.session.accept();
    const pendingRead = stream.read();
    stream.reset();
    await expect(pendingRead).rejects.toThrow(StreamResetError);
    await expect(stream.write(text('x'))).rejects.toThrow('stream 1 was reset locally');
    expect(await peer.written()).toEqual([
      { type: WindowUpdate, flags: ACK, streamId: 1, length: 0 },
      { type: WindowUpdate, flags: RST, streamId: 1, length: 0 },
    ]);
    peer.data(1, 'late');
    peer.send(Ping, SYN, 0, 5);
    expect(await peer.written()).toEqual([{ type: Ping, flags: ACK, streamId: 0, length: 5 }]);
  });

  it('drops buffered data when the peer resets', async () => {
    const peer = new RawPeer();
    peer.syn(1);
    peer.data(1, 'unread');
    const stream = await peer.session.accept();
    peer.send(WindowUpdate, RST, 1, 0);
    await tick();
    const error = await stream.read().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamResetError);
    expect((error as StreamResetError).by).toBe('peer');
  });

  it('FIN after the queued writes; forgets the stream once both sides closed', async () => {
    const peer = new RawPeer();
    peer.syn(1);
    const stream = await peer.session.accept();
    void stream.write(text('a'));
    const closing = stream.closeWrite();
    await expect(stream.write(text('b'))).rejects.toThrow('stream 1 is closed for writing');
    await closing;
    expect((await peer.written()).slice(1)).toEqual([
      { type: Data, flags: 0, streamId: 1, length: 1, payload: 'a' },
      { type: WindowUpdate, flags: FIN, streamId: 1, length: 0 },
    ]);
    expect(peer.session.snapshot().streams).toHaveLength(1);
    peer.send(WindowUpdate, FIN, 1, 0);
    await tick();
    expect(peer.session.snapshot().streams).toHaveLength(0);
    expect(await stream.read()).toBeNull();
  });

  it('resets a half-closed stream the peer never closes', async () => {
    const peer = new RawPeer({ streamCloseTimeoutMs: 10 });
    peer.syn(1);
    const stream = await peer.session.accept();
    await stream.closeWrite();
    await expect(stream.read()).rejects.toThrow(StreamCloseTimeoutError);
    expect((await peer.written()).at(-1)).toEqual({ type: WindowUpdate, flags: RST, streamId: 1, length: 0 });
  });
});

describe('Session: closing', () => {
  it('close(): GoAway(normal), end of connection; reads drain buffered data first', async () => {
    const peer = new RawPeer();
    peer.syn(1);
    peer.data(1, 'buffered');
    const stream = await peer.session.accept();
    const accepting = peer.session.accept().catch((error: unknown) => error);
    await peer.session.close();
    expect(await peer.session.closed).toBeUndefined();
    expect((await peer.written()).at(-1)).toEqual({ type: GoAway, flags: 0, streamId: 0, length: GoAwayCode.Normal });
    expect(peer.connection.ended).toBe(true);
    expect(await accepting).toBeInstanceOf(SessionClosedError);
    expect(decodeText(await stream.read())).toBe('buffered');
    await expect(stream.read()).rejects.toThrow(SessionClosedError);
    await expect(peer.session.open()).rejects.toThrow(SessionClosedError);
    await expect(peer.session.ping()).rejects.toThrow(SessionClosedError);
  });

  it('says when the connection ended in the middle of a frame', async () => {
    const peer = new RawPeer();
    peer.syn(1);
    peer.connection.feed(frameBytes(Data, 0, 1, 10, text('abc')));
    peer.connection.endInput();
    const reason = await peer.session.closed;
    expect(reason).toBeInstanceOf(ConnectionEndedError);
    expect(reason?.message).toContain('in the middle of a frame');
    expect(reason?.message).toContain('7 payload bytes missing');
  });

  it('ends cleanly at a frame boundary', async () => {
    const peer = new RawPeer();
    peer.connection.endInput();
    expect((await peer.session.closed)?.message).toBe('yamux: connection ended: the peer closed the connection');
  });
});

describe('Session: output', () => {
  it('answers a chunk of frames with one write to the connection', async () => {
    const peer = new RawPeer();
    peer.connection.feed(
      Buffer.concat([frameBytes(WindowUpdate, SYN, 1, 0), frameBytes(WindowUpdate, SYN, 3, 0), frameBytes(Ping, SYN, 0, 4)]),
    );
    await tick();
    await tick();
    expect(peer.connection.written).toHaveLength(1);
    expect(peer.connection.written[0]!.length).toBe(36);
  });

  it('stops handing data to a congested connection and resumes on drain', async () => {
    const held: (() => void)[] = [];
    let queued = 0;
    const duplex = new Duplex({
      read() {},
      write(chunk: Buffer, _encoding, callback) {
        queued += chunk.length;
        held.push(callback);
      },
    });
    const session = Session.server(duplex, { enableKeepAlive: false });
    duplex.push(frameBytes(WindowUpdate, SYN, 1, 0));
    const stream = await session.accept();
    duplex.push(frameBytes(WindowUpdate, 0, 1, 64 * 1024 * 1024));
    await tick();
    let done = false;
    const writing = stream.write(new Uint8Array(8 * 1024 * 1024)).then(() => (done = true));
    for (let i = 0; i < 5; i += 1) await tick();
    // Only about the output high-water mark (1 MiB) reached the connection.
    expect(queued).toBeLessThan(2 * 1024 * 1024);
    expect(done).toBe(false);
    while (!done) {
      held.splice(0).forEach((callback) => callback());
      await tick();
    }
    await writing;
    // The frames still buffered in the session and the duplex follow as the connection drains.
    for (let i = 0; i < 1000 && (held.length > 0 || duplex.writableLength > 0); i += 1) {
      held.splice(0).forEach((callback) => callback());
      await tick();
    }
    const ackFrame = 12;
    expect(queued).toBe(ackFrame + 8 * 1024 * 1024 + 12 * 128);
    void session.close();
  });

  it('carries streams both ways between two TypeScript sessions', async () => {
    const { a, b } = duplexPair();
    const server = Session.server(a, { enableKeepAlive: false });
    const client = Session.client(b, { enableKeepAlive: false });
    const outbound = await client.open();
    await outbound.write(text('to server'));
    await outbound.closeWrite();
    const inbound = await server.accept();
    expect(inbound.id).toBe(1);
    expect(decodeText(await inbound.read())).toBe('to server');
    expect(await inbound.read()).toBeNull();
    expect(await server.ping()).toBeGreaterThanOrEqual(0);
    await server.close();
    expect(await client.closed).toBeInstanceOf(ConnectionEndedError);
  });
});
