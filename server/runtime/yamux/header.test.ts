import { describe, expect, it } from 'vitest';
import { HEADER_LENGTH, type FrameHeader } from './frame';
import { decodeHeader, encodeHeader, writeHeader } from './header';
import { Random } from '../testing/random';

/** Reference codec: the header as a hex string, field by field, as spec.md lists them. */
function referenceEncode(h: FrameHeader): Uint8Array {
  const hex = (value: number, bytes: number): string => value.toString(16).padStart(bytes * 2, '0');
  return Buffer.from(hex(h.version, 1) + hex(h.type, 1) + hex(h.flags, 2) + hex(h.streamId, 4) + hex(h.length, 4), 'hex');
}

function referenceDecode(bytes: Uint8Array): FrameHeader {
  const hex = Buffer.from(bytes).toString('hex');
  const field = (from: number, to: number): number => parseInt(hex.slice(from * 2, to * 2), 16);
  return { version: field(0, 1), type: field(1, 2), flags: field(2, 4), streamId: field(4, 8), length: field(8, 12) };
}

const edges32 = [0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x7fff_ffff, 0x8000_0000, 0xffff_fffe, 0xffff_ffff];

function randomHeader(random: Random, version = 0): FrameHeader {
  const u32 = (): number => (random.chance(0.3) ? random.pick(edges32) : random.uint32());
  return {
    version,
    type: random.below(256),
    flags: random.chance(0.3) ? random.pick([0, 1, 2, 4, 8, 15, 0x8000, 0xffff]) : random.below(0x1_0000),
    streamId: u32(),
    length: u32(),
  };
}

function sameHeader(a: FrameHeader, b: FrameHeader): boolean {
  return a.version === b.version && a.type === b.type && a.flags === b.flags && a.streamId === b.streamId && a.length === b.length;
}

describe('frame header codec', () => {
  it('matches the reference codec on 20,000 random and edge-value headers', () => {
    const random = new Random(0x5eed);
    const mismatches: string[] = [];
    for (let i = 0; i < 20_000 && mismatches.length === 0; i += 1) {
      const header = randomHeader(random, random.chance(0.9) ? 0 : random.below(256));
      const encoded = encodeHeader(header);
      const reference = referenceEncode(header);
      if (Buffer.compare(encoded, reference) !== 0) mismatches.push(`case ${i}: encode ${JSON.stringify(header)}`);
      if (!sameHeader(decodeHeader(encoded), header)) mismatches.push(`case ${i}: decode(encode) ${JSON.stringify(header)}`);
      if (!sameHeader(decodeHeader(reference), referenceDecode(encoded))) mismatches.push(`case ${i}: decode vs reference`);
    }
    expect(mismatches).toEqual([]);
  });

  it('writes big-endian fields at an offset without touching the neighbouring bytes', () => {
    const target = new Uint8Array(HEADER_LENGTH + 8).fill(0xaa);
    writeHeader(target, 4, 1, 0x0102, 0x0304_0506, 0xfffe_fdfc);
    expect(Buffer.from(target).toString('hex')).toBe('aaaaaaaa' + '00' + '01' + '0102' + '03040506' + 'fffefdfc' + 'aaaaaaaa');
    expect(decodeHeader(target, 4)).toEqual({ version: 0, type: 1, flags: 0x0102, streamId: 0x0304_0506, length: 0xfffe_fdfc });
  });

  it('decodes the largest unsigned values as positive numbers', () => {
    const bytes = new Uint8Array(HEADER_LENGTH).fill(0xff);
    expect(decodeHeader(bytes)).toEqual({ version: 255, type: 255, flags: 0xffff, streamId: 0xffff_ffff, length: 0xffff_ffff });
  });
});
