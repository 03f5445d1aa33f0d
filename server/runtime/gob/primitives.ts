/**
 * Gob's primitive encodings (Go encoding/gob doc.go, "Encoding Details"):
 *   uint   < 128 as one byte, else a negated byte count then the big-endian bytes;
 *   int    zig-zag into a uint (bit 0 says "complement the rest");
 *   float  the float64 bits, byte-reversed, sent as a uint;
 *   string and []byte: a uint length, then the bytes.
 *
 * ByteWriter appends them to a growable buffer; Reader reads them from one
 * message (data[pos..end)) and never reads past `end`. Integers travel as JS
 * numbers when exact (|x| <= 2^53 - 1) and as bigints otherwise.
 */
import { GobError } from './errors';

const TWO_32 = 4294967296;
const TWO_52 = 4503599627370496;
const TWO_63 = 9223372036854775808;
const MAX_UINT64 = (1n << 64n) - 1n;

const textEncoder = new TextEncoder();
// ignoreBOM: a leading U+FEFF is data, not a byte-order mark.
const textDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** Number of UTF-8 bytes TextEncoder produces for s (lone surrogates become U+FFFD). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

export function decodeUtf8(data: Uint8Array, start: number, end: number): string {
  if (end - start <= 32) {
    let s = '';
    for (let i = start; i < end; i++) {
      const c = data[i]!;
      if (c >= 0x80) return textDecoder.decode(data.subarray(start, end));
      s += String.fromCharCode(c);
    }
    return s;
  }
  return textDecoder.decode(data.subarray(start, end));
}

export class ByteWriter {
  buf: Uint8Array;
  pos = 0;
  private readonly scratch = new DataView(new ArrayBuffer(8));
  private readonly scratchBytes = new Uint8Array(this.scratch.buffer);

  constructor(capacity = 512) {
    this.buf = new Uint8Array(capacity);
  }

  reset(): void {
    this.pos = 0;
  }

  ensure(n: number): void {
    if (this.pos + n > this.buf.length) this.grow(n);
  }

  private grow(n: number): void {
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n + 64));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  byte(b: number): void {
    if (this.pos >= this.buf.length) this.grow(1);
    this.buf[this.pos++] = b;
  }

  /** u: a non-negative integer <= 2^53 (callers with larger values use uintBig). */
  uint(u: number): void {
    if (u < 0x80) {
      this.byte(u);
      return;
    }
    this.ensure(9);
    const buf = this.buf;
    let p = this.pos;
    if (u < TWO_32) {
      const n = u < 0x100 ? 1 : u < 0x10000 ? 2 : u < 0x1000000 ? 3 : 4;
      buf[p++] = 256 - n;
      for (let shift = (n - 1) * 8; shift >= 0; shift -= 8) buf[p++] = (u >>> shift) & 0xff;
    } else {
      const hi = Math.floor(u / TWO_32);
      const lo = u >>> 0;
      const hn = hi < 0x100 ? 1 : hi < 0x10000 ? 2 : hi < 0x1000000 ? 3 : 4;
      buf[p++] = 256 - (hn + 4);
      for (let shift = (hn - 1) * 8; shift >= 0; shift -= 8) buf[p++] = (hi >>> shift) & 0xff;
      buf[p++] = lo >>> 24;
      buf[p++] = (lo >>> 16) & 0xff;
      buf[p++] = (lo >>> 8) & 0xff;
      buf[p++] = lo & 0xff;
    }
    this.pos = p;
  }

  uintBig(u: bigint): void {
    if (u < 0n || u > MAX_UINT64) throw new GobError(`unsigned integer ${u} outside 0..2^64-1`);
    if (u <= BigInt(Number.MAX_SAFE_INTEGER)) {
      this.uint(Number(u));
      return;
    }
    const bytes: number[] = [];
    for (let v = u; v > 0n; v >>= 8n) bytes.unshift(Number(v & 0xffn));
    this.ensure(bytes.length + 1);
    this.buf[this.pos++] = 256 - bytes.length;
    for (const b of bytes) this.buf[this.pos++] = b;
  }

  /** i: an integer in int64 range. */
  int(i: number): void {
    if (i >= 0 && i <= TWO_52) this.uint(i * 2);
    else if (i < 0 && i > -TWO_52) this.uint((-i - 1) * 2 + 1); // ^i << 1 | 1
    else this.intBig(BigInt(i)); // beyond 2^52, -i - 1 is not exact in a double
  }

  intBig(i: bigint): void {
    if (i >= 0n) this.uintBig(i << 1n);
    else this.uintBig(((-i - 1n) << 1n) | 1n);
  }

  float(f: number): void {
    const s = this.scratchBytes;
    this.scratch.setFloat64(0, f); // big-endian: s[0] holds sign and exponent
    let last = 7;
    while (last >= 0 && s[last] === 0) last--;
    if (last < 0) {
      this.byte(0);
      return;
    }
    if (last === 0 && s[0]! < 0x80) {
      this.byte(s[0]!);
      return;
    }
    // The byte-reversed uint's big-endian bytes are s[last] … s[0].
    this.ensure(last + 2);
    this.buf[this.pos++] = 256 - (last + 1);
    for (let k = last; k >= 0; k--) this.buf[this.pos++] = s[k]!;
  }

  raw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  string(s: string): void {
    const n = s.length;
    // Optimistic ASCII path: length prefix first, then one byte per char.
    if (n < 0x80) {
      this.ensure(n + 1);
      const buf = this.buf;
      const start = this.pos;
      let p = start + 1;
      let ascii = true;
      for (let i = 0; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) {
          ascii = false;
          break;
        }
        buf[p++] = c;
      }
      if (ascii) {
        buf[start] = n;
        this.pos = p;
        return;
      }
    }
    const len = utf8Length(s);
    this.uint(len);
    this.ensure(len);
    const { written } = textEncoder.encodeInto(s, this.buf.subarray(this.pos, this.pos + len));
    this.pos += written;
  }

  /** Reserves one byte for a length that fillLength writes once the content is known. */
  reserveLength(): number {
    const mark = this.pos;
    this.byte(0);
    return mark;
  }

  fillLength(mark: number): void {
    const len = this.pos - mark - 1;
    if (len < 0x80) {
      this.buf[mark] = len;
      return;
    }
    // Longer than one byte: encode the length elsewhere, then shift the content right.
    const end = this.pos;
    this.uint(len);
    const header = this.buf.slice(end, this.pos);
    this.pos = end;
    const extra = header.length - 1;
    this.ensure(extra);
    this.buf.copyWithin(mark + 1 + extra, mark + 1, end);
    this.buf.set(header, mark);
    this.pos = end + extra;
  }

  bytes(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

/** Signed value of a gob-encoded uint (zig-zag), as a number when exact. */
export function toInt(u: number | bigint): number | bigint {
  if (typeof u === 'number') return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
  const v = (u & 1n) === 1n ? -(u >> 1n) - 1n : u >> 1n;
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}

/** Reads primitives from the current message, data[pos..end). `base` makes offsets absolute. */
export class Reader {
  data: Uint8Array = new Uint8Array(0);
  pos = 0;
  end = 0;
  base = 0;
  private readonly scratch = new DataView(new ArrayBuffer(8));
  private readonly scratchBytes = new Uint8Array(this.scratch.buffer);

  fail(detail: string): GobError {
    return new GobError(detail, { offset: this.base + this.pos });
  }

  remaining(): number {
    return this.end - this.pos;
  }

  uint(): number | bigint {
    const d = this.data;
    let p = this.pos;
    if (p >= this.end) throw this.fail('unexpected end of message');
    const b = d[p++]!;
    if (b < 0x80) {
      this.pos = p;
      return b;
    }
    const n = 256 - b;
    if (n > 8) throw this.fail('encoded unsigned integer out of range');
    if (p + n > this.end) throw this.fail(`invalid uint data length ${n}: exceeds input size ${this.end - p}`);
    if (n <= 6) {
      let x = 0;
      for (let i = 0; i < n; i++) x = x * 256 + d[p + i]!;
      this.pos = p + n;
      return x;
    }
    let hi = 0;
    for (let i = 0; i < n - 4; i++) hi = hi * 256 + d[p + i]!;
    const q = p + n - 4;
    const lo = ((d[q]! << 24) | (d[q + 1]! << 16) | (d[q + 2]! << 8) | d[q + 3]!) >>> 0;
    this.pos = p + n;
    if (hi < 0x200000) return hi * TWO_32 + lo;
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  int(): number | bigint {
    return toInt(this.uint());
  }

  /** A uint used as a count or delta: must be a number (bigints are never plausible). */
  count(what: string): number {
    const u = this.uint();
    if (typeof u !== 'number') throw this.fail(`${what} ${u} too large`);
    return u;
  }

  /** A length that must fit in the rest of the message. */
  length(what: string): number {
    const n = this.count(what);
    if (n > this.end - this.pos) throw this.fail(`${what} ${n} exceeds the ${this.end - this.pos} bytes left in the message`);
    return n;
  }

  float(): number {
    const d = this.data;
    let p = this.pos;
    if (p >= this.end) throw this.fail('unexpected end of message');
    const b = d[p++]!;
    const s = this.scratchBytes;
    s.fill(0);
    if (b < 0x80) {
      s[0] = b;
    } else {
      const n = 256 - b;
      if (n > 8) throw this.fail('encoded unsigned integer out of range');
      if (p + n > this.end) throw this.fail(`invalid uint data length ${n}: exceeds input size ${this.end - p}`);
      // Wire bytes are the float's big-endian bytes F[n-1] … F[0].
      for (let k = 0; k < n; k++) s[k] = d[p + n - 1 - k]!;
      p += n;
    }
    this.pos = p;
    return this.scratch.getFloat64(0);
  }

  string(): string {
    const n = this.length('string length');
    const start = this.pos;
    this.pos = start + n;
    return decodeUtf8(this.data, start, start + n);
  }

  /** A copy of the next length-prefixed bytes. */
  bytes(): Uint8Array {
    const n = this.length('byte slice length');
    const start = this.pos;
    this.pos = start + n;
    return this.data.slice(start, start + n);
  }

  /** A view of the next length-prefixed bytes (valid until the decoder's buffer changes). */
  bytesView(): Uint8Array {
    const n = this.length('byte slice length');
    const start = this.pos;
    this.pos = start + n;
    return this.data.subarray(start, start + n);
  }

  skip(n: number): void {
    this.pos += n;
  }
}

/** Go's int64 bounds, for range checks on JS numbers. */
export const INT64_MIN = -TWO_63;
export const INT64_LIMIT = TWO_63; // exclusive
