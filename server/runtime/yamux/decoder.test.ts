import { describe, expect, it } from 'vitest';
import { FrameDecoder, type DecodedItem } from './decoder';
import { InvalidFrameTypeError, InvalidVersionError } from './errors';
import { FrameType, HEADER_LENGTH, type FrameHeader } from './frame';
import { encodeHeader } from './header';
import { Random } from '../testing/random';

interface Frame {
  header: FrameHeader;
  payload: Uint8Array;
}

function randomFrames(random: Random, count: number): Frame[] {
  const frames: Frame[] = [];
  for (let i = 0; i < count; i += 1) {
    const type = random.below(4);
    const size = type === FrameType.Data ? random.pick([0, 1, 11, 12, 13, random.below(3000)]) : 0;
    const length = type === FrameType.Data ? size : random.uint32();
    const header = { version: 0, type, flags: random.below(16), streamId: random.uint32(), length };
    frames.push({ header, payload: random.bytes(size) });
  }
  return frames;
}

function sameFrame(a: Frame, b: Frame): boolean {
  const h = a.header;
  const k = b.header;
  return (
    h.version === k.version && h.type === k.type && h.flags === k.flags && h.streamId === k.streamId &&
    h.length === k.length && Buffer.compare(a.payload, b.payload) === 0
  );
}

function serialize(frames: Frame[]): Uint8Array {
  return Buffer.concat(frames.flatMap((f) => [encodeHeader(f.header), f.payload]));
}

/** Drains the decoder and rebuilds whole frames from header and payload items. */
function collect(decoder: FrameDecoder, into: Frame[], partial: { current?: { header: FrameHeader; pieces: Uint8Array[] } }): void {
  for (let item: DecodedItem | undefined; (item = decoder.next()) !== undefined; ) {
    if (item.kind === 'header') {
      if (partial.current) throw new Error('header while a payload was incomplete');
      if (item.header.type === FrameType.Data && item.header.length > 0) partial.current = { header: item.header, pieces: [] };
      else into.push({ header: item.header, payload: new Uint8Array(0) });
    } else {
      if (!partial.current) throw new Error('payload without a Data header');
      partial.current!.pieces.push(item.bytes);
      if (item.last) {
        into.push({ header: partial.current!.header, payload: Buffer.concat(partial.current!.pieces) });
        partial.current = undefined;
      }
    }
  }
}

describe('FrameDecoder', () => {
  it('decodes the same frames whatever the chunk boundaries (200 random splits)', () => {
    for (let seed = 1; seed <= 200; seed += 1) {
      const random = new Random(seed);
      const frames = randomFrames(random, 1 + random.below(40));
      const wire = serialize(frames);
      const decoder = new FrameDecoder();
      const out: Frame[] = [];
      const partial = {};
      const chunks = random.chance(0.2) ? Array.from(wire, (b) => Uint8Array.of(b)) : random.split(wire, 30);
      for (const chunk of chunks) {
        decoder.push(chunk);
        collect(decoder, out, partial);
      }
      expect(out.length, `seed ${seed}`).toBe(frames.length);
      frames.forEach((frame, i) => {
        if (!sameFrame(out[i]!, frame)) expect(out[i], `seed ${seed}, frame ${i}`).toEqual(frame);
      });
      expect(decoder.inFrame).toBe(false);
    }
  });

  it('hands out payload as views of the pushed chunk, without copying', () => {
    const payload = new Uint8Array(100).fill(7);
    const wire = Buffer.concat([encodeHeader({ version: 0, type: 0, flags: 0, streamId: 1, length: 100 }), payload]);
    const decoder = new FrameDecoder();
    decoder.push(wire);
    expect(decoder.next()).toMatchObject({ kind: 'header', offset: 0 });
    const piece = decoder.next();
    expect(piece).toMatchObject({ kind: 'payload', last: true });
    const bytes = (piece as { bytes: Uint8Array }).bytes;
    expect(bytes.buffer).toBe(wire.buffer);
    expect(bytes.byteOffset).toBe(wire.byteOffset + HEADER_LENGTH);
  });

  it('yields a huge Data header at once and its payload as it arrives, never buffering it whole', () => {
    const decoder = new FrameDecoder();
    decoder.push(encodeHeader({ version: 0, type: 0, flags: 0, streamId: 3, length: 0xffff_ffff }));
    expect(decoder.next()).toMatchObject({ kind: 'header', header: { length: 0xffff_ffff } });
    expect(decoder.next()).toBeUndefined();
    decoder.push(new Uint8Array(10));
    expect(decoder.next()).toMatchObject({ kind: 'payload', last: false });
    expect(decoder.payloadBytesRemaining).toBe(0xffff_ffff - 10);
    expect(decoder.inFrame).toBe(true);
  });

  it('rejects an unknown version with its byte offset', () => {
    const decoder = new FrameDecoder();
    decoder.push(encodeHeader({ version: 0, type: 2, flags: 1, streamId: 0, length: 9 }));
    decoder.push(encodeHeader({ version: 1, type: 2, flags: 1, streamId: 0, length: 9 }));
    expect(decoder.next()).toMatchObject({ kind: 'header' });
    const error = (() => {
      try {
        decoder.next();
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidVersionError);
    expect((error as InvalidVersionError).offset).toBe(12);
    expect((error as Error).message).toBe('yamux: frame at byte 12 of the connection has protocol version 1, expected 0');
    expect(decoder.next()).toBeUndefined();
  });

  it('rejects an unknown frame type', () => {
    const decoder = new FrameDecoder();
    decoder.push(encodeHeader({ version: 0, type: 4, flags: 0, streamId: 0, length: 0 }));
    expect(() => decoder.next()).toThrow(InvalidFrameTypeError);
  });
});
