/**
 * Go types that gob sends through their own methods:
 *
 * - `time.Time` (GobEncoder = MarshalBinary, Go src/time/time.go): version byte
 *   (1, or 2 when the zone offset has seconds), int64 BE seconds since year 1,
 *   int32 BE nanoseconds, int16 BE zone offset in minutes (-1 = UTC), and for
 *   version 2 one more byte of offset seconds. Go writes that byte signed and
 *   reads it unsigned; both directions here do exactly what Go does.
 *   JS value: GoTime (lossless); a Date is accepted when encoding.
 * - `url.URL` (BinaryMarshaler): the bytes of u.String(). JS value: string.
 */
import { GobError } from './errors';
import type { MarshalerCodec, MarshalerType } from './schema';

/** Seconds from 0001-01-01 (Go's internal epoch) to 1970-01-01. */
const UNIX_TO_INTERNAL = 62135596800n;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function exact(v: bigint): number | bigint {
  return v >= -MAX_SAFE && v <= MAX_SAFE ? Number(v) : v;
}

/** A Go time.Time as gob carries it: an instant plus a fixed zone offset (the zone name is not sent). */
export class GoTime {
  /**
   * @param seconds seconds since 1970-01-01T00:00:00Z (bigint outside ±2^53)
   * @param nanos nanoseconds within the second, 0…999,999,999
   * @param offset zone offset in seconds east of UTC; null for Go's time.UTC location
   */
  constructor(
    readonly seconds: number | bigint,
    readonly nanos: number = 0,
    readonly offset: number | null = null,
  ) {
    if (!Number.isInteger(nanos) || nanos < 0 || nanos > 999_999_999) {
      throw new GobError(`time nanoseconds ${nanos} outside 0…999999999`);
    }
    if (typeof seconds === 'number' && !Number.isSafeInteger(seconds)) {
      throw new GobError(`time seconds ${seconds} is not an exact integer (use a bigint)`);
    }
    if (offset !== null && !Number.isInteger(offset)) throw new GobError(`time zone offset ${offset} is not an integer`);
  }

  /** Go's zero time.Time: 0001-01-01T00:00:00Z. */
  static readonly zero = new GoTime(-62135596800, 0, null);

  /** A Date (millisecond precision) as a time in UTC, or at a fixed offset in seconds. */
  static fromDate(date: Date, offset: number | null = null): GoTime {
    const ms = date.getTime();
    if (Number.isNaN(ms)) throw new GobError('cannot encode an invalid Date');
    const seconds = Math.floor(ms / 1000);
    return new GoTime(seconds, (ms - seconds * 1000) * 1_000_000, offset);
  }

  toDate(): Date {
    return new Date(Number(this.seconds) * 1000 + Math.floor(this.nanos / 1_000_000));
  }

  /** Go's Time.IsZero for a value gob would omit: the zero instant in UTC. */
  isZero(): boolean {
    return this.offset === null && this.nanos === 0 && BigInt(this.seconds) === -UNIX_TO_INTERNAL;
  }

  equals(other: GoTime): boolean {
    return BigInt(this.seconds) === BigInt(other.seconds) && this.nanos === other.nanos && this.offset === other.offset;
  }

  /** RFC 3339 with nanoseconds, as Go's time.RFC3339Nano prints it. */
  toString(): string {
    const offset = this.offset ?? 0;
    const local = new Date((Number(this.seconds) + offset) * 1000);
    const pad = (n: number, width = 2) => String(n).padStart(width, '0');
    const year = local.getUTCFullYear();
    let text =
      `${year < 0 ? '-' : ''}${pad(Math.abs(year), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
      `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
    if (this.nanos !== 0) text += `.${pad(this.nanos, 9).replace(/0+$/, '')}`;
    if (offset === 0) return `${text}Z`;
    const sign = offset < 0 ? '-' : '+';
    const abs = Math.abs(offset);
    text += `${sign}${pad(Math.floor(abs / 3600))}:${pad(Math.floor(abs / 60) % 60)}`;
    if (abs % 60 !== 0) text += `:${pad(abs % 60)}`;
    return text;
  }

  toJSON(): string {
    return this.toString();
  }
}

function toGoTime(value: unknown): GoTime {
  if (value instanceof GoTime) return value;
  if (value instanceof Date) return GoTime.fromDate(value);
  if (value === null || value === undefined) return GoTime.zero;
  throw new GobError(`time.Time value must be a GoTime or a Date, got ${typeof value}`);
}

/** Go's Time.MarshalBinary. */
export function marshalTime(value: GoTime): Uint8Array {
  let version = 1;
  let offsetMin: number;
  let offsetSec = 0;
  if (value.offset === null) {
    offsetMin = -1;
  } else {
    const offset = value.offset;
    if (offset % 60 !== 0) {
      version = 2;
      offsetSec = offset % 60; // truncated toward zero, as in Go
    }
    offsetMin = Math.trunc(offset / 60);
    if (offsetMin < -32768 || offsetMin === -1 || offsetMin > 32767) {
      throw new GobError(`Time.MarshalBinary: unexpected zone offset ${offset}`);
    }
  }
  const sec = BigInt(value.seconds) + UNIX_TO_INTERNAL;
  if (sec < -(1n << 63n) || sec >= 1n << 63n) throw new GobError(`time seconds ${value.seconds} outside Go's range`);
  const out = new Uint8Array(version === 2 ? 16 : 15);
  const view = new DataView(out.buffer);
  out[0] = version;
  view.setBigInt64(1, sec);
  view.setInt32(9, value.nanos);
  view.setInt16(13, offsetMin);
  if (version === 2) out[15] = offsetSec & 0xff;
  return out;
}

/** Go's Time.UnmarshalBinary. */
export function unmarshalTime(data: Uint8Array): GoTime {
  if (data.length === 0) throw new GobError('Time.UnmarshalBinary: no data');
  const version = data[0];
  if (version !== 1 && version !== 2) throw new GobError('Time.UnmarshalBinary: unsupported version');
  if (data.length !== (version === 2 ? 16 : 15)) throw new GobError('Time.UnmarshalBinary: invalid length');
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const sec = view.getBigInt64(1);
  const nanos = view.getInt32(9);
  let offset = view.getInt16(13) * 60;
  if (version === 2) offset += data[15]!;
  if (nanos < 0 || nanos > 999_999_999) throw new GobError(`Time.UnmarshalBinary: nanoseconds ${nanos} out of range`);
  return new GoTime(exact(sec - UNIX_TO_INTERNAL), nanos, offset === -60 ? null : offset);
}

const timeCodec: MarshalerCodec<unknown> = {
  encode: (value) => marshalTime(toGoTime(value)),
  decode: (bytes) => unmarshalTime(bytes),
  isZero: (value) => toGoTime(value).isZero(),
  zero: () => GoTime.zero,
};

/** time.Time: JS GoTime (Date accepted on encode). */
export const timeTime: MarshalerType = { kind: 'marshaler', method: 'GobEncoder', name: 'time.Time', codec: timeCodec };

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });

const urlCodec: MarshalerCodec<unknown> = {
  encode: (value) => {
    if (typeof value === 'string') return utf8.encode(value);
    if (value instanceof URL) return utf8.encode(value.href);
    if (value === null || value === undefined) return new Uint8Array(0);
    throw new GobError(`url.URL value must be a string or URL, got ${typeof value}`);
  },
  decode: (bytes) => fromUtf8.decode(bytes),
  // Go marshals a url.URL field through its address, so even an empty URL is sent.
  isZero: () => false,
  zero: () => '',
};

/** url.URL (use ptr(urlURL) for *url.URL): JS string, u.String() in Go. */
export const urlURL: MarshalerType = { kind: 'marshaler', method: 'BinaryMarshaler', name: 'url.URL', codec: urlCodec };
