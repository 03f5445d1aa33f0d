import { describe, expect, it } from 'vitest';
import { FrameDecoder } from './decoder';
import { Flag, FrameType } from './frame';
import { FrameWriter } from './writer';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('FrameWriter', () => {
  it('hands frames written in one turn to the sink as one batch, in order', async () => {
    const batches: Uint8Array[][] = [];
    const writer = new FrameWriter((chunks) => batches.push(chunks));
    const big = new Uint8Array(5000).fill(1);
    writer.writeHeader(FrameType.WindowUpdate, Flag.ACK, 1, 0);
    writer.writeData(0, 1, new Uint8Array([1, 2, 3]));
    writer.writeData(Flag.FIN, 3, big);
    writer.writeHeader(FrameType.Ping, Flag.ACK, 0, 42);
    expect(writer.pendingBytes).toBe(12 + 15 + 12 + 5000 + 12);
    expect(batches).toHaveLength(0);
    await tick();
    expect(batches).toHaveLength(1);
    // Small frames are packed together; the large payload is the caller's own array.
    expect(batches[0]!.map((c) => c.length)).toEqual([12 + 15 + 12, 5000, 12]);
    expect(batches[0]![1]).toBe(big);

    const decoder = new FrameDecoder();
    for (const chunk of batches[0]!) decoder.push(chunk);
    const headers = [];
    for (let item; (item = decoder.next()); ) if (item.kind === 'header') headers.push(item.header);
    expect(headers.map((h) => [h.type, h.flags, h.streamId, h.length])).toEqual([
      [FrameType.WindowUpdate, Flag.ACK, 1, 0],
      [FrameType.Data, 0, 1, 3],
      [FrameType.Data, Flag.FIN, 3, 5000],
      [FrameType.Ping, Flag.ACK, 0, 42],
    ]);
  });

  it('starts a new batch in the next turn and drops writes after close()', async () => {
    const batches: Uint8Array[][] = [];
    const writer = new FrameWriter((chunks) => batches.push(chunks));
    writer.writeHeader(FrameType.Ping, Flag.SYN, 0, 1);
    await tick();
    writer.writeHeader(FrameType.Ping, Flag.SYN, 0, 2);
    await tick();
    expect(batches).toHaveLength(2);
    writer.close();
    writer.writeHeader(FrameType.Ping, Flag.SYN, 0, 3);
    await tick();
    expect(batches).toHaveLength(2);
  });

  it('keeps earlier batches intact when it packs more headers than one region holds', async () => {
    const batches: Uint8Array[][] = [];
    const writer = new FrameWriter((chunks) => batches.push(chunks));
    for (let i = 0; i < 10_000; i += 1) writer.writeHeader(FrameType.Ping, Flag.SYN, 0, i);
    await tick();
    const wire = Buffer.concat(batches.flat());
    expect(wire.length).toBe(120_000);
    for (let i = 0; i < 10_000; i += 1) expect(wire.readUInt32BE(i * 12 + 8)).toBe(i);
  });
});
