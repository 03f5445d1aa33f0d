import { describe, expect, it } from 'vitest';
import { GobError } from './errors';
import { GoTime, marshalTime, timeTime, unmarshalTime, urlURL } from './marshalers';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('time.Time (Go time.go MarshalBinary layout)', () => {
  it('writes version 1, seconds since year 1, nanoseconds and -1 minutes for UTC', () => {
    // 2024-03-01T12:30:45Z = unix 1709296245; + 62135596800 = 63845 893 045 = 0x0EDD73C175
    expect(hex(marshalTime(new GoTime(1709296245, 0, null)))).toBe('01' + '0000000edd73c175' + '00000000' + 'ffff');
    expect(hex(marshalTime(new GoTime(1709296245, 123456789, 9 * 3600)))).toBe('01' + '0000000edd73c175' + '075bcd15' + '021c');
  });

  it('uses version 2 when the offset has seconds, and reads it back as Go does', () => {
    const lmt = new GoTime(-2840174339, 0, 9 * 3600 + 18 * 60 + 59);
    const bytes = marshalTime(lmt);
    expect(bytes.length).toBe(16);
    expect(bytes[0]).toBe(2);
    expect(hex(bytes.subarray(13))).toBe('022e3b'); // 558 minutes, 59 seconds
    expect(unmarshalTime(bytes)).toEqual(lmt);
  });

  it("reproduces Go's signed/unsigned quirk for negative offsets with seconds", () => {
    // Go writes int8(-1) = 0xff and reads it as +255: -3601 s comes back as -3600 + 255.
    const bytes = marshalTime(new GoTime(0, 0, -3601));
    expect(hex(bytes.subarray(13))).toBe('ffc4ff');
    expect(unmarshalTime(bytes).offset).toBe(-3345);
  });

  it('round-trips the zero time, the extremes and bigint seconds', () => {
    for (const t of [GoTime.zero, new GoTime(253402300799, 999999999, null), new GoTime(2n ** 60n, 5, -19800), new GoTime(0, 0, 0)]) {
      expect(unmarshalTime(marshalTime(t))).toEqual(t);
    }
    expect(GoTime.zero.isZero()).toBe(true);
    expect(new GoTime(-62135596800, 0, 0).isZero()).toBe(false); // a zone makes it non-zero for gob
    expect(timeTime.codec.isZero(new Date(-62135596800000))).toBe(true);
  });

  it('converts from and to Date', () => {
    const d = new Date('2024-03-01T12:30:45.678Z');
    const t = GoTime.fromDate(d);
    expect(t).toEqual(new GoTime(1709296245, 678_000_000, null));
    expect(t.toDate().getTime()).toBe(d.getTime());
    expect(hex(timeTime.codec.encode(d))).toBe(hex(marshalTime(t)));
    expect(GoTime.fromDate(new Date(-1)).seconds).toBe(-1);
    expect(GoTime.fromDate(new Date(-1)).nanos).toBe(999_000_000);
  });

  it('prints RFC 3339 like Go', () => {
    expect(String(new GoTime(1709296245, 123_000_000, null))).toBe('2024-03-01T12:30:45.123Z');
    expect(String(new GoTime(1709296245, 0, 9 * 3600))).toBe('2024-03-01T21:30:45+09:00');
    expect(String(new GoTime(-2840174339, 0, 33539))).toBe('1880-01-01T00:00:00+09:18:59');
    expect(JSON.stringify({ t: new GoTime(0, 1, -19800) })).toBe('{"t":"1969-12-31T18:30:00.000000001-05:30"}');
  });

  it.each([
    ['empty', ''],
    ['an unknown version', '03' + '00'.repeat(14)],
    ['a wrong length', '01' + '00'.repeat(15)],
    ['nanoseconds out of range', '01' + '0000000000000000' + '3b9aca00' + 'ffff'],
  ])('rejects %s', (_what, bytes) => {
    expect(() => unmarshalTime(Uint8Array.from(Buffer.from(bytes, 'hex')))).toThrow(GobError);
  });

  it('refuses offsets Go cannot marshal and non-time values', () => {
    expect(() => marshalTime(new GoTime(0, 0, -60))).toThrow(/unexpected zone offset/);
    expect(() => timeTime.codec.encode('2024-01-01')).toThrow(GobError);
    expect(() => new GoTime(0, 1e9)).toThrow(GobError);
  });
});

describe('url.URL', () => {
  it('sends the bytes of the string and is never a zero value', () => {
    expect(new TextDecoder().decode(urlURL.codec.encode('https://example.com/a b'))).toBe('https://example.com/a b');
    expect(new TextDecoder().decode(urlURL.codec.encode(new URL('https://example.com/x')))).toBe('https://example.com/x');
    expect(urlURL.codec.decode(new TextEncoder().encode('mailto:a@b'))).toBe('mailto:a@b');
    expect(urlURL.codec.isZero('')).toBe(false);
    expect(urlURL.codec.zero?.()).toBe('');
  });
});
