/**
 * One Encoder per stream direction (Go's gob.Encoder): it assigns wire type
 * ids (from 65 up) and sends each type definition once, as its own message
 * ahead of the value message that needs it. Types first met inside interface
 * values are defined ahead too, which Go's decoder accepts; so values never
 * span messages.
 *
 * encode() is all or nothing: ids and definitions allocated during a failed
 * encode are forgotten, so the next encode defines them again.
 */
import { basePointee, describeType, isByteSlice, wireName } from './describe';
import { EncWriter, encodeValue, type EncodeSession } from './encode';
import { GobError } from './errors';
import { defaultRegistry, type TypeRegistry } from './interface';
import { ByteWriter } from './primitives';
import type { GobType } from './schema';
import {
  ID_BOOL,
  ID_BYTES,
  ID_COMPLEX,
  ID_FLOAT,
  ID_INT,
  ID_INTERFACE,
  ID_STRING,
  ID_UINT,
  writeWireType,
  type WireType,
} from './wiretype';

export interface EncoderOptions {
  /** Registry for interface values (default: the process-wide one). */
  registry?: TypeRegistry;
  /** Deepest value nesting accepted (guards against cyclic JS values). */
  maxDepth?: number;
}

const FIRST_ID = 65;
/** Space kept before the value message for its length prefix. */
const HEADER_ROOM = 9;
/** A scratch buffer grown beyond this is dropped after the encode. */
const KEEP_CAPACITY = 1 << 20;

interface Definition {
  readonly id: number;
  readonly wire: WireType;
}

export class Encoder implements EncodeSession {
  readonly registry: TypeRegistry;
  // Committed state: what the other side already knows.
  private readonly ids = new Map<GobType, number>();
  private readonly shapes = new Map<string, number>();
  private nextId = FIRST_ID;
  // The encode in progress.
  private readonly pendingIds = new Map<GobType, number>();
  private readonly pendingShapes = new Map<string, number>();
  private pendingDefs: Definition[] = [];
  private pendingNext = FIRST_ID;

  private writer = new EncWriter();
  private readonly defWriter = new ByteWriter(256);
  private readonly maxDepth: number;

  constructor(options: EncoderOptions = {}) {
    this.registry = options.registry ?? defaultRegistry;
    this.maxDepth = options.maxDepth ?? 1000;
  }

  /** Returns the bytes to send: any new type definitions, then the value message. */
  encode(type: GobType, value: unknown): Uint8Array {
    return this.encodeBatch([[type, value]]);
  }

  /**
   * Encodes several values as one unit (a net/rpc header and its body): the
   * messages in order, each preceded by the definitions it introduces. All
   * or nothing: when any value fails, no type state is kept and the error is
   * thrown, so the stream stays consistent for the next call.
   */
  encodeBatch(items: ReadonlyArray<readonly [GobType, unknown]>): Uint8Array {
    const parts = this.encodeBatchChunks(items);
    return parts.length === 1 ? parts[0]! : concatBytes(parts);
  }

  /**
   * encodeBatch as a list of chunks to write in order, without joining them:
   * byte slices of BY_REFERENCE_MIN or more are the caller's own memory, not
   * copies, so the caller must not change them until they are written.
   */
  encodeBatchChunks(items: ReadonlyArray<readonly [GobType, unknown]>): Uint8Array[] {
    this.pendingNext = this.nextId;
    const parts: Uint8Array[] = [];
    try {
      for (const [type, value] of items) parts.push(...this.encodeMessage(type, value));
      this.commit();
    } catch (e) {
      this.rollback();
      throw e;
    }
    return parts;
  }

  /** One value message with its new definitions, leaving the state pending. */
  private encodeMessage(type: GobType, value: unknown): Uint8Array[] {
    const w = this.writer;
    w.session = this;
    w.maxDepth = this.maxDepth;
    w.depth = 0;
    w.framed = 0;
    w.references = [];
    w.referencedBytes = 0;
    w.pos = 0;
    w.ensure(HEADER_ROOM);
    w.pos = HEADER_ROOM;
    try {
      const id = this.typeIdFor(type);
      w.int(id);
      encodeValue(w, type, value);
      const out = this.assemble(w);
      // Definitions emitted with this message are not emitted again by the next one.
      this.pendingDefs = [];
      return out;
    } finally {
      w.references = [];
      if (w.buf.length > KEEP_CAPACITY) this.writer = new EncWriter();
    }
  }

  /** Definitions, then the length-prefixed value: one chunk, or several around by-reference byte slices. */
  private assemble(w: EncWriter): Uint8Array[] {
    const d = this.defWriter;
    d.reset();
    for (const def of this.pendingDefs) {
      const mark = d.reserveLength();
      d.int(-def.id);
      writeWireType(d, def.id, def.wire);
      d.fillLength(mark);
    }
    const bodyLength = w.pos - HEADER_ROOM + w.referencedBytes;
    // Write the length prefix into the room kept before the body.
    const end = w.pos;
    w.uint(bodyLength);
    const header = w.buf.slice(end, w.pos);
    w.pos = end;
    const start = HEADER_ROOM - header.length;
    w.buf.set(header, start);
    const firstEnd = w.references.length > 0 ? w.references[0]!.at : end;
    const first = new Uint8Array(d.pos + (firstEnd - start));
    first.set(d.buf.subarray(0, d.pos), 0);
    first.set(w.buf.subarray(start, firstEnd), d.pos);
    if (w.references.length === 0) return [first];
    // The writer's buffer is reused by the next encode: copy the (small) parts between references.
    const chunks: Uint8Array[] = [first];
    w.references.forEach((ref, i) => {
      chunks.push(ref.bytes);
      const next = i + 1 < w.references.length ? w.references[i + 1]!.at : end;
      if (next > ref.at) chunks.push(w.buf.slice(ref.at, next));
    });
    return chunks;
  }

  private commit(): void {
    for (const [t, id] of this.pendingIds) this.ids.set(t, id);
    for (const [k, id] of this.pendingShapes) this.shapes.set(k, id);
    this.nextId = this.pendingNext;
    this.rollback();
  }

  private rollback(): void {
    this.pendingIds.clear();
    this.pendingShapes.clear();
    this.pendingDefs = [];
    this.pendingNext = this.nextId;
  }

  private define(wire: WireType): number {
    const id = this.pendingNext++;
    this.pendingDefs.push({ id, wire });
    return id;
  }

  /** Unnamed composites are identified by shape, so equal descriptors share one id. */
  private shapeId(key: string, build: () => WireType): number {
    const known = this.shapes.get(key) ?? this.pendingShapes.get(key);
    if (known !== undefined) return known;
    const id = this.define(build());
    this.pendingShapes.set(key, id);
    return id;
  }

  private byIdentity(type: GobType, id: number): number {
    this.pendingIds.set(type, id);
    return id;
  }

  typeIdFor(type: GobType): number {
    if (isByteSlice(type)) return ID_BYTES;
    switch (type.kind) {
      case 'bool':
        return ID_BOOL;
      case 'int':
        return ID_INT;
      case 'uint':
        return ID_UINT;
      case 'float':
        return ID_FLOAT;
      case 'complex':
        return ID_COMPLEX;
      case 'string':
        return ID_STRING;
      case 'bytes':
        return ID_BYTES;
      case 'interface':
        return ID_INTERFACE;
      case 'ptr':
        return this.typeIdFor(basePointee(type));
      default:
    }
    // Named by identity first: a schema object asked again needs no shape key.
    const known = this.ids.get(type) ?? this.pendingIds.get(type);
    if (known !== undefined) return known;
    switch (type.kind) {
      case 'slice': {
        const elem = this.typeIdFor(type.elem);
        return this.byIdentity(type, this.shapeId(`s${elem}`, () => ({ kind: 'slice', name: describeType(type), elem })));
      }
      case 'array': {
        const elem = this.typeIdFor(type.elem);
        const wire: WireType = { kind: 'array', name: describeType(type), elem, len: type.len };
        return this.byIdentity(type, this.shapeId(`a${type.len}:${elem}`, () => wire));
      }
      case 'map': {
        const key = this.typeIdFor(type.key);
        const elem = this.typeIdFor(type.elem);
        return this.byIdentity(type, this.shapeId(`m${key}:${elem}`, () => ({ kind: 'map', name: describeType(type), key, elem })));
      }
      case 'marshaler': {
        const id = this.define({ kind: 'marshaler', name: wireName(type), method: type.method });
        this.pendingIds.set(type, id);
        return id;
      }
      case 'struct': {
        // Reserve the id before the fields so recursive types refer to it.
        const id = this.pendingNext++;
        this.pendingIds.set(type, id);
        const fields = type.fields.map((f) => {
          if (f.name === '') throw new GobError(`struct ${type.name} has a field without a Go name`);
          return { name: f.name, id: this.typeIdFor(f.type) };
        });
        this.pendingDefs.push({ id, wire: { kind: 'struct', name: wireName(type), fields } });
        return id;
      }
    }
  }
}

function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
