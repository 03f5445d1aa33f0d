import { describe, expect, it } from 'vitest';
import { BrokerError, MuxBroker } from './broker';
import { sessionPair } from '../testing/memory-streams';

const text = (bytes: Uint8Array | null) => (bytes ? new TextDecoder().decode(bytes) : null);

describe('MuxBroker', () => {
  it('numbers ids from 1 on each side', () => {
    const [a] = sessionPair();
    const broker = new MuxBroker(a);
    expect([broker.nextId(), broker.nextId(), broker.nextId()]).toEqual([1, 2, 3]);
  });

  it('connects a dial to the matching accept, with the 4-byte little-endian id as handshake', async () => {
    const [a, b] = sessionPair();
    const acceptor = new MuxBroker(a);
    const dialer = new MuxBroker(b);
    void acceptor.run();
    const id = acceptor.nextId();
    const accepted = acceptor.accept(id);
    const dialed = await dialer.dial(id);
    const stream = await accepted;
    await dialed.write(new TextEncoder().encode('ping'));
    expect(text(await stream.read())).toBe('ping');
    await stream.write(new TextEncoder().encode('pong'));
    expect(text(await dialed.read())).toBe('pong');
  });

  it('writes the id little-endian and checks the echoed ack', async () => {
    const [a, b] = sessionPair();
    const dialer = new MuxBroker(b);
    const raw = a.accept();
    const dialing = dialer.dial(0x01020304);
    const stream = await raw;
    expect([...(await stream.read())!]).toEqual([4, 3, 2, 1]);
    await stream.write(Uint8Array.from([9, 9, 9, 9]));
    await expect(dialing).rejects.toThrow(new BrokerError(`bad ack: ${0x09090909} (expected ${0x01020304})`));
  });

  it('parks a stream dialed before its accept, and keeps bytes that arrive with the id', async () => {
    const [a, b] = sessionPair();
    const acceptor = new MuxBroker(a);
    void acceptor.run();
    const raw = await b.open();
    await raw.write(Uint8Array.from([7, 0, 0, 0, 104, 105])); // id 7, then "hi" in the same chunk
    await new Promise((resolve) => setTimeout(resolve, 20));
    const stream = await acceptor.accept(7);
    expect(text(await stream.read())).toBe('hi');
    expect([...(await raw.read())!]).toEqual([7, 0, 0, 0]);
  });

  it('fails an accept nobody dials, after its timeout', async () => {
    const [a] = sessionPair();
    const acceptor = new MuxBroker(a, 50);
    await expect(acceptor.accept(acceptor.nextId())).rejects.toThrow('timeout waiting for accept of stream id 1');
  });

  it('resets a parked stream nobody accepts, after its timeout', async () => {
    const [a, b] = sessionPair();
    const acceptor = new MuxBroker(a, 50);
    void acceptor.run();
    const raw = await b.open();
    await raw.write(Uint8Array.from([5, 0, 0, 0]));
    await expect(raw.read()).rejects.toThrow('stream reset');
  });
});
