/**
 * One Decoder per stream direction (Go's gob.Decoder), fed by push():
 *
 *   next(type?, into?) → { value } | undefined
 *
 * reads the type definitions before the next value, then the value. It
 * returns undefined, with the stream state unchanged, while the bytes pushed
 * so far do not hold the whole value; call it again after more push()es. A
 * value may span messages (Go flushes a partial message when an interface
 * value brings a new type, then sends the definition and the rest); if a
 * continuation is missing, the definitions read so far are undone. When
 * `into` is given it may already hold part of the value then; the retry
 * writes the same values again, so the result is the same.
 *
 * Errors are GobErrors. A bad value skips its message, as Go's decoder does,
 * and keeps the type definitions read; broken framing (an impossible message
 * length) fails the stream for good.
 */
import { Compiler, DecReader, type DecodeSession } from './decode';
import { GobError } from './errors';
import { defaultRegistry, type TypeRegistry } from './interface';
import type { GobType } from './schema';
import { FIRST_USER_ID, MAX_TYPE_ID, readWireType, type WireType } from './wiretype';

export interface DecoderOptions {
  /** Registry for interface values (default: the process-wide one). */
  registry?: TypeRegistry;
  /** Largest message accepted, in bytes (default 1 GiB). */
  maxMessageSize?: number;
  /** Deepest value nesting accepted (default 1000). */
  maxDepth?: number;
}

/** Thrown inside a read when the next message has not fully arrived. */
const NEED_MORE = Symbol('gob.needMore');

const EMPTY = new Uint8Array(0);

export class Decoder implements DecodeSession {
  readonly registry: TypeRegistry;
  readonly compiler: Compiler;
  private readonly maxMessageSize: number;
  private readonly types = new Map<number, WireType>();
  private readonly reader = new DecReader();

  // Buffered stream: data[start..avail) is unread; data[0] is stream byte `base`.
  private data: Uint8Array = EMPTY;
  private start = 0;
  private avail = 0;
  private base = 0;
  private owned = false;

  /** Type ids defined during the read in progress, undone if it needs more bytes. */
  private defined: number[] = [];
  private failure: GobError | null = null;

  constructor(options: DecoderOptions = {}) {
    this.registry = options.registry ?? defaultRegistry;
    this.maxMessageSize = options.maxMessageSize ?? 1 << 30;
    this.reader.session = this;
    this.reader.maxDepth = options.maxDepth ?? 1000;
    this.compiler = new Compiler((id) => this.types.get(id));
  }

  /** Appends stream bytes. The decoder keeps a reference: do not modify them afterwards. */
  push(bytes: Uint8Array): void {
    const n = bytes.length;
    if (n === 0) return;
    const pending = this.avail - this.start;
    if (pending === 0) {
      this.base += this.avail;
      this.data = bytes;
      this.start = 0;
      this.avail = n;
      this.owned = false;
      return;
    }
    if (this.owned && this.avail + n <= this.data.length) {
      this.data.set(bytes, this.avail);
      this.avail += n;
      return;
    }
    if (this.owned && pending + n <= this.data.length) {
      this.data.copyWithin(0, this.start, this.avail);
    } else {
      const next = new Uint8Array(Math.max(2 * (pending + n), 4096));
      next.set(this.data.subarray(this.start, this.avail));
      this.data = next;
      this.owned = true;
    }
    this.data.set(bytes, pending);
    this.base += this.start;
    this.start = 0;
    this.avail = pending + n;
  }

  /** Bytes pushed but not yet consumed by next(). */
  get buffered(): number {
    return this.avail - this.start;
  }

  /**
   * Decodes the next value. Without `type`, from the wire description alone
   * (structs keyed by Go field names). With `into`, merges into that value as
   * Go's Decode does into an existing variable.
   */
  next(type?: GobType, into?: unknown): { value: unknown } | undefined {
    if (this.failure !== null) throw this.failure;
    if (!this.firstValueArrived()) return undefined;
    const r = this.reader;
    r.data = this.data;
    r.base = this.base;
    r.pos = this.start;
    r.end = this.start;
    r.depth = 0;
    const mark = this.compiler.mark();
    let id = -1;
    try {
      id = this.typeSequence(r, false);
      const value = this.compiler.valueOp(id, type)(r, into);
      this.consumeTo(r.end);
      return { value };
    } catch (e) {
      if (e === NEED_MORE) {
        for (const defined of this.defined) this.types.delete(defined);
        this.defined = [];
        this.compiler.undoTo(mark);
        return undefined;
      }
      if (e instanceof GobError) {
        if (id >= 0) e.inType(id);
        e.atOffset(this.base + r.pos);
        if (e.fatal) this.failure = e;
        else this.consumeTo(r.end); // skip the rest of the bad message, as Go does
      } else {
        // Not ours (a bug, or a throwing getter on `into`): leave the stream as it was.
        for (const defined of this.defined) this.types.delete(defined);
        this.defined = [];
        this.compiler.undoTo(mark);
      }
      throw e;
    }
  }

  private consumeTo(position: number): void {
    this.defined = [];
    this.compiler.commit();
    this.start = position;
    if (this.start >= this.avail) {
      // Everything read: drop the buffer so a caller's chunk is not retained.
      this.base += this.avail;
      this.data = EMPTY;
      this.start = 0;
      this.avail = 0;
      this.owned = false;
    }
  }

  /**
   * Cheap check before decoding: are the messages up to and including the
   * first value message complete? (Definitions come first, each in its own
   * message; a value message starts with a non-negative type id.)
   */
  private firstValueArrived(): boolean {
    const d = this.data;
    let p = this.start;
    for (;;) {
      const header = this.messageHeader(p);
      if (header === undefined) return false;
      const [bodyStart, length] = header;
      if (length < 0) return true; // malformed: let the full read report it
      const end = bodyStart + length;
      if (end > this.avail) return false;
      if (length === 0) return true;
      // The sign of the leading int is bit 0 of its last byte.
      const b = d[bodyStart]!;
      let last = b;
      if (b >= 0x80) {
        const n = 256 - b;
        if (n > 8 || bodyStart + n >= end) return true;
        last = d[bodyStart + n]!;
      }
      if ((last & 1) === 0) return true;
      p = end;
    }
  }

  /** [body start, length] of the message at p; length -1 when malformed; undefined when incomplete. */
  private messageHeader(p: number): [number, number] | undefined {
    const d = this.data;
    if (p >= this.avail) return undefined;
    const b = d[p]!;
    if (b < 0x80) return [p + 1, b];
    const n = 256 - b;
    if (n > 8) return [p + 1, -1];
    if (p + 1 + n > this.avail) return undefined;
    let length = 0;
    for (let i = 1; i <= n; i++) length = length * 256 + d[p + i]!;
    return [p + 1 + n, length > this.maxMessageSize ? -1 : length];
  }

  private loadMessage(r: DecReader): void {
    const p = r.end;
    const header = this.messageHeader(p);
    if (header === undefined) throw NEED_MORE;
    const [bodyStart, length] = header;
    if (length < 0) {
      throw new GobError(`invalid message length (limit ${this.maxMessageSize} bytes)`, {
        offset: this.base + p,
        fatal: true,
      });
    }
    if (bodyStart + length > this.avail) throw NEED_MORE;
    r.pos = bodyStart;
    r.end = bodyStart + length;
  }

  typeSequence(r: DecReader, isInterface: boolean): number {
    for (;;) {
      if (r.pos >= r.end) this.loadMessage(r);
      const at = r.pos;
      const id = r.int();
      if (typeof id !== 'number' || id > MAX_TYPE_ID || id < -MAX_TYPE_ID) {
        r.pos = at;
        throw r.fail(`invalid type id ${id}`);
      }
      if (id >= 0) return id;
      this.defineType(-id, r, at);
      if (r.pos < r.end) {
        // Inside an interface value a definition may be followed, in the same
        // message, by the byte count of what comes next (Go skips it too).
        if (!isInterface) throw r.fail('extra data in buffer after a type definition');
        r.uint();
      }
    }
  }

  private defineType(id: number, r: DecReader, at: number): void {
    if (id < FIRST_USER_ID) {
      throw new GobError(`type id ${id} is reserved for Go's own types`, { offset: this.base + at, typeId: id });
    }
    if (this.types.has(id)) throw new GobError(`duplicate type received: id ${id}`, { offset: this.base + at, typeId: id });
    let wire: WireType;
    try {
      wire = readWireType(r);
    } catch (e) {
      if (e instanceof GobError) e.inType(id).within(`definition of type ${id}`);
      throw e;
    }
    this.types.set(id, wire);
    this.defined.push(id);
  }

  /** The wire description of a type id received on this stream. */
  wireType(id: number): WireType | undefined {
    return this.types.get(id);
  }
}
