import { describe, expect, it } from 'vitest';
import { GobError } from './errors';
import { ByteWriter, Reader, utf8Length } from './primitives';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

function written(write: (w: ByteWriter) => void): string {
  const w = new ByteWriter(4);
  write(w);
  return hex(w.bytes());
}

function reader(hexBytes: string): Reader {
  const r = new Reader();
  r.data = Uint8Array.from(Buffer.from(hexBytes.replace(/ /g, ''), 'hex'));
  r.pos = 0;
  r.end = r.data.length;
  return r;
}

describe('uint', () => {
  // doc.go: "0 is transmitted as (00), 7 is transmitted as (07) and 256 is transmitted as (FE 01 00)".
  const cases: [number | bigint, string][] = [
    [0, '00'],
    [7, '07'],
    [127, '7f'],
    [128, 'ff80'],
    [255, 'ffff'],
    [256, 'fe0100'],
    [65535, 'feffff'],
    [65536, 'fd010000'],
    [2 ** 32 - 1, 'fcffffffff'],
    [2 ** 32, 'fb0100000000'],
    [2 ** 48, 'f901000000000000'],
    [Number.MAX_SAFE_INTEGER, 'f91fffffffffffff'],
    [2n ** 53n, 'f920000000000000'],
    [2n ** 56n, 'f80100000000000000'],
    [2n ** 64n - 1n, 'f8ffffffffffffffff'],
  ];
  it.each(cases)('%s ⇄ %s', (value, bytes) => {
    expect(written((w) => (typeof value === 'bigint' ? w.uintBig(value) : w.uint(value)))).toBe(bytes);
    const r = reader(bytes);
    expect(r.uint()).toBe(value);
    expect(r.pos).toBe(r.end);
  });

  it('is a number up to 2^53-1 and a bigint from 2^53', () => {
    expect(typeof reader('f91fffffffffffff').uint()).toBe('number');
    expect(typeof reader('f920000000000000').uint()).toBe('bigint');
  });

  it('accepts a non-minimal encoding, as Go does', () => {
    expect(reader('fe0005').uint()).toBe(5);
  });

  it('rejects a byte count above 8 and a count past the message', () => {
    expect(() => reader('80').uint()).toThrow(/out of range/);
    expect(() => reader('f7 00').uint()).toThrow(GobError);
    expect(() => reader('fe01').uint()).toThrow(/exceeds input size/);
    expect(() => reader('').uint()).toThrow(/unexpected end/);
  });

  it('rejects uints beyond 64 bits when writing', () => {
    expect(() => new ByteWriter().uintBig(2n ** 64n)).toThrow(GobError);
    expect(() => new ByteWriter().uintBig(-1n)).toThrow(GobError);
  });
});

describe('int', () => {
  // doc.go: int 3 is 06; -129 = ^128 = (^256>>1) encodes as (FE 01 01); the protocol notes give 7 → 0E, −65 → FF 81.
  const cases: [number | bigint, string][] = [
    [0, '00'],
    [3, '06'],
    [7, '0e'],
    [-1, '01'],
    [-65, 'ff81'],
    [-129, 'fe0101'],
    [63, '7e'],
    [64, 'ff80'],
    [2 ** 52, 'f920000000000000'],
    [-(2 ** 52), 'f91fffffffffffff'],
    [Number.MAX_SAFE_INTEGER, 'f93ffffffffffffe'],
    [-Number.MAX_SAFE_INTEGER, 'f93ffffffffffffd'],
    [2n ** 63n - 1n, 'f8fffffffffffffffe'],
    [-(2n ** 63n), 'f8ffffffffffffffff'],
  ];
  it.each(cases)('%s ⇄ %s', (value, bytes) => {
    expect(written((w) => (typeof value === 'bigint' ? w.intBig(value) : w.int(value)))).toBe(bytes);
    expect(reader(bytes).int()).toBe(value);
  });

  it('switches to bigint exactly beyond ±(2^53-1)', () => {
    expect(reader(written((w) => w.intBig(2n ** 53n))).int()).toBe(2n ** 53n);
    expect(reader(written((w) => w.intBig(-(2n ** 53n)))).int()).toBe(-(2n ** 53n));
    expect(reader(written((w) => w.int(2 ** 53))).int()).toBe(2n ** 53n);
  });
});

describe('float', () => {
  it('sends the byte-reversed float64 bits (doc.go: 17.0 is FE 31 40)', () => {
    expect(written((w) => w.float(17))).toBe('fe3140');
    expect(written((w) => w.float(0))).toBe('00');
    expect(written((w) => w.float(2))).toBe('40');
    expect(written((w) => w.float(-0))).toBe('ff80');
    expect(written((w) => w.float(0.1))).toBe('f89a9999999999b93f');
  });

  it.each([17, 0, -0, 0.1, -1e-300, Number.MIN_VALUE, Number.MAX_VALUE, Infinity, -Infinity, NaN, 3.4028234663852886e38])(
    'round-trips %s bit for bit',
    (f) => {
      const r = reader(written((w) => w.float(f)));
      expect(Object.is(r.float(), f)).toBe(true);
      expect(r.pos).toBe(r.end);
    },
  );

  it('rejects a truncated float', () => {
    expect(() => reader('fe31').float()).toThrow(/exceeds input size/);
  });
});

describe('string and bytes', () => {
  it.each(['', 'a', 'héllo, 世界, 🌍', '\u0000', '\ufeffBOM kept', 'x'.repeat(127), 'y'.repeat(128), '😀'.repeat(40)])(
    'round-trips %j with a byte-length prefix',
    (s) => {
      const out = written((w) => w.string(s));
      const r = reader(out);
      expect(r.string()).toBe(s);
      expect(r.pos).toBe(r.end);
      expect(r.data.length).toBe(utf8Length(s) + (utf8Length(s) < 128 ? 1 : utf8Length(s) < 256 ? 2 : 3));
    },
  );

  it('writes lone surrogates as U+FFFD, as TextEncoder does', () => {
    expect(written((w) => w.string('a\ud800b'))).toBe('0561efbfbd62');
    expect(utf8Length('\udc00')).toBe(3);
  });

  it('refuses a length longer than the message', () => {
    expect(() => reader('05 6162').string()).toThrow(/string length 5 exceeds the 2 bytes left/);
    expect(() => reader('f8 ffffffffffffffff').bytes()).toThrow(GobError);
  });

  it('copies bytes out of the buffer', () => {
    const r = reader('02 0102');
    const b = r.bytes();
    r.data[1] = 9;
    expect([...b]).toEqual([1, 2]);
  });
});

describe('ByteWriter.fillLength', () => {
  it('writes a one-byte length in place and shifts content for longer ones', () => {
    for (const n of [0, 5, 127, 128, 300, 70000]) {
      const w = new ByteWriter(8);
      w.byte(0xaa);
      const mark = w.reserveLength();
      for (let i = 0; i < n; i++) w.byte(i & 0xff);
      w.byte(0xbb);
      const before = w.pos;
      w.fillLength(mark);
      expect(w.pos).toBeGreaterThanOrEqual(before);
      const r = new Reader();
      r.data = w.bytes();
      r.pos = 1;
      r.end = r.data.length;
      expect(r.uint()).toBe(n + 1);
      expect(r.data[r.pos + n]).toBe(0xbb);
      if (n > 0) expect(r.data[r.pos + n - 1]).toBe((n - 1) & 0xff);
    }
  });
});
