/**
 * Compiled decoders (Go encoding/gob decode.go): for each (wire type id,
 * local target) pair the Compiler builds one op, once per stream, and caches
 * it. A target is a schema (typed: checked for compatibility like Go's
 * compatibleType, values shaped by the schema), `undefined` (from the wire
 * description alone: structs keyed by Go field names) or SKIP (parse and
 * discard: wire fields the schema does not know).
 *
 * An op is `(reader, old) => value`. `old` is the destination's current value
 * and gives Go's decode-into semantics: structs merge field by field, maps
 * get entries set key by key, slices long enough are reused element by
 * element, pointers are reused; interfaces, scalars and marshalers are
 * replaced. A fresh decode passes undefined (or a schema's zero value).
 *
 * Every count is checked against the bytes left in the current message
 * before anything is allocated, and nesting is bounded, so corrupt input ends
 * in a GobError.
 */
import * as s from './schema';
import type { GobType, MarshalerType, StructType } from './schema';
import { basePointee, describeType, isByteSlice } from './describe';
import { GobError, withPath } from './errors';
import { defaultGoName, tagDecoded, type TypeRegistry } from './interface';
import { decodeUtf8, Reader, toInt } from './primitives';
import {
  describeWireId,
  ID_BOOL,
  ID_BYTES,
  ID_COMPLEX,
  ID_FLOAT,
  ID_INT,
  ID_INTERFACE,
  ID_STRING,
  ID_UINT,
  type WireType,
} from './wiretype';

/** Target meaning "parse and discard". */
export const SKIP: unique symbol = Symbol('gob.skip');
export type Target = GobType | undefined | typeof SKIP;

export type DecOp = (r: DecReader, old: unknown) => unknown;

/** What ops need from the stream they read. */
export interface DecodeSession {
  readonly registry: TypeRegistry;
  readonly compiler: Compiler;
  /** Reads type definitions until a type id (Go's decodeTypeSequence), loading messages as needed. */
  typeSequence(r: DecReader, isInterface: boolean): number;
}

export class DecReader extends Reader {
  session!: DecodeSession;
  depth = 0;
  maxDepth = 1000;
}

const MAX_FLOAT32 = 3.4028234663852886e38;
const MAX_TYPE_NESTING = 1000;
const MAX_INTERFACE_NAME = 1024;

function enter(r: DecReader): void {
  if (++r.depth > r.maxDepth) throw r.fail(`value nested deeper than ${r.maxDepth} levels`);
}

function isExported(name: string): boolean {
  return /^\p{Lu}/u.test(name);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

function setKey(obj: Record<string, unknown>, key: string, value: unknown): void {
  // A "__proto__" key from the wire must become data, never the prototype.
  if (key === '__proto__') Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}

// ---- scalar ops -----------------------------------------------------------

const boolOp: DecOp = (r) => r.uint() !== 0;

// Ops are shared by every field of a type, so range errors name the type; the path names the field.
function intOp(bits: number): DecOp {
  if (bits === 64) return (r) => toInt(r.uint());
  const limit = 2 ** (bits - 1);
  return (r) => {
    const at = r.pos;
    const v = toInt(r.uint());
    if (typeof v !== 'number' || v < -limit || v >= limit) {
      r.pos = at;
      throw r.fail(`value ${v} out of range for int${bits}`);
    }
    return v;
  };
}

function uintOp(bits: number): DecOp {
  if (bits === 64) return (r) => r.uint();
  const limit = 2 ** bits;
  return (r) => {
    const at = r.pos;
    const v = r.uint();
    if (typeof v !== 'number' || v >= limit) {
      r.pos = at;
      throw r.fail(`value ${v} out of range for uint${bits}`);
    }
    return v;
  };
}

function float32(r: DecReader): number {
  const at = r.pos;
  const v = r.float();
  const a = Math.abs(v);
  if (a > MAX_FLOAT32 && a !== Infinity) {
    r.pos = at;
    throw r.fail(`value ${v} out of range for float32`);
  }
  return v;
}

function floatOp(bits: number): DecOp {
  return bits === 64 ? (r) => r.float() : (r) => float32(r);
}

function complexOp(bits: number): DecOp {
  if (bits === 128) return (r) => ({ re: r.float(), im: r.float() });
  return (r) => ({ re: float32(r), im: float32(r) });
}

const stringOp: DecOp = (r) => r.string();
const bytesOp: DecOp = (r) => r.bytes();

function marshalerOp(type: MarshalerType): DecOp {
  const codec = type.codec;
  return (r) => {
    const at = r.pos;
    const view = r.bytesView();
    try {
      return codec.decode(view);
    } catch (e) {
      const detail = e instanceof GobError ? e.detail : `${(e as Error)?.message ?? String(e)}`;
      throw new GobError(`${type.name}: ${detail}`, { offset: r.base + at, cause: e });
    }
  };
}

/** Schema-less marshaler values stay raw bytes; re-encoding sends them unchanged. */
function rawMarshaler(name: string, method: MarshalerType['method']): MarshalerType {
  return {
    kind: 'marshaler',
    method,
    name,
    codec: {
      encode: (v) => {
        if (v instanceof Uint8Array) return v;
        throw new GobError(`${name} value must be the raw Uint8Array it was decoded as`);
      },
      decode: (bytes) => bytes.slice(),
      isZero: (v) => v === null || v === undefined,
    },
  };
}

// ---- composite ops --------------------------------------------------------

function sliceOp(elemOp: DecOp): DecOp {
  return (r, old) => {
    const n = r.count('slice length');
    enter(r);
    let out: unknown[];
    let i = 0;
    try {
      if (Array.isArray(old) && old.length >= n) {
        // Go reuses a slice with enough capacity, decoding into its elements.
        out = old;
        for (; i < n; i++) {
          if (r.pos >= r.end) throw r.fail(`decoding slice: length ${n} exceeds input size`);
          out[i] = elemOp(r, out[i]);
        }
        out.length = n;
      } else {
        out = [];
        for (; i < n; i++) {
          if (r.pos >= r.end) throw r.fail(`decoding slice: length ${n} exceeds input size`);
          out.push(elemOp(r, undefined));
        }
      }
    } catch (e) {
      throw withPath(e, `[${i}]`);
    }
    r.depth--;
    return out;
  };
}

function arrayOp(elemOp: DecOp, len: number): DecOp {
  return (r, old) => {
    const n = r.uint();
    if (n !== len) throw r.fail(`length mismatch in decodeArray: ${n} elements, the type has ${len}`);
    enter(r);
    const out: unknown[] = Array.isArray(old) && old.length === len ? old : [];
    const reuse = out === old;
    let i = 0;
    try {
      for (; i < len; i++) {
        if (r.pos >= r.end) throw r.fail(`decoding array: length ${len} exceeds input size`);
        out[i] = elemOp(r, reuse ? out[i] : undefined);
      }
    } catch (e) {
      throw withPath(e, `[${i}]`);
    }
    r.depth--;
    return out;
  };
}

function mapOp(keyOp: DecOp, elemOp: DecOp, stringKeys: boolean): DecOp {
  return (r, old) => {
    const n = r.count('map size');
    enter(r);
    const target: Map<unknown, unknown> | Record<string, unknown> =
      old instanceof Map ? old : stringKeys && isRecord(old) ? old : stringKeys ? {} : new Map();
    let key: unknown = '';
    try {
      for (let i = 0; i < n; i++) {
        if (r.pos >= r.end) throw r.fail(`decoding map: ${n} entries exceed input size`);
        key = keyOp(r, undefined);
        const value = elemOp(r, undefined); // Go decodes each element into a fresh zero value
        if (target instanceof Map) target.set(key, value);
        else setKey(target, key as string, value);
      }
    } catch (e) {
      throw withPath(e, `{${String(key)}}`);
    }
    r.depth--;
    return target;
  };
}

type FieldOp = (r: DecReader, obj: Record<string, unknown>) => void;

function structOp(fieldOps: FieldOp[], fieldNames: string[], make: () => Record<string, unknown>): DecOp {
  const n = fieldOps.length;
  return (r, old) => {
    const obj = isRecord(old) ? old : make();
    enter(r);
    let field = -1;
    try {
      // Like Go, a struct also ends where its message ends.
      while (r.pos < r.end) {
        const delta = r.uint();
        if (delta === 0) break;
        if (typeof delta !== 'number' || delta > n - 1 - field) throw r.fail('bad data: field numbers out of bounds');
        field += delta;
        fieldOps[field]!(r, obj);
      }
    } catch (e) {
      throw withPath(e, field >= 0 ? `.${fieldNames[field]}` : '');
    }
    r.depth--;
    return obj;
  };
}

function singletonOp(op: DecOp): DecOp {
  return (r, old) => {
    if (r.uint() !== 0) throw r.fail('corrupted data: non-zero delta for singleton');
    return op(r, old);
  };
}

// ---- skip ops -------------------------------------------------------------

const skipUint: DecOp = (r) => {
  r.uint();
  return undefined;
};
const skipTwoUints: DecOp = (r) => {
  r.uint();
  r.uint();
  return undefined;
};
const skipBytes: DecOp = (r) => {
  r.skip(r.length('byte length'));
  return undefined;
};

function skipSequence(elemOp: DecOp, fixedLen: number | undefined): DecOp {
  return (r) => {
    const n = r.count('slice length');
    if (fixedLen !== undefined && n !== fixedLen) throw r.fail(`length mismatch in array: ${n}, the type has ${fixedLen}`);
    enter(r);
    for (let i = 0; i < n; i++) {
      if (r.pos >= r.end) throw r.fail(`skipping slice: length ${n} exceeds input size`);
      elemOp(r, undefined);
    }
    r.depth--;
    return undefined;
  };
}

function skipMap(keyOp: DecOp, elemOp: DecOp): DecOp {
  return (r) => {
    const n = r.count('map size');
    enter(r);
    for (let i = 0; i < n; i++) {
      if (r.pos >= r.end) throw r.fail(`skipping map: ${n} entries exceed input size`);
      keyOp(r, undefined);
      elemOp(r, undefined);
    }
    r.depth--;
    return undefined;
  };
}

// ---- interface values -----------------------------------------------------

/** A concrete type name met in interface values, with what it resolved to last time. */
interface InterfaceName {
  readonly bytes: Uint8Array;
  readonly name: string;
  registered: GobType | undefined;
  registryVersion: number;
  /** Last concrete type id seen under this name, and its op (valid for `generation`). */
  id: number;
  op: DecOp | undefined;
  generation: number;
}

/** An interface value: name, type definitions (maybe in new messages), id, byte count, value. */
function interfaceOp(skip: boolean): DecOp {
  return (r) => {
    const n = r.count('interface type name length');
    if (n === 0) return skip ? undefined : null;
    if (n > MAX_INTERFACE_NAME) throw r.fail(`interface type name too long (${n} bytes)`);
    if (n > r.end - r.pos) throw r.fail(`invalid interface type name length ${n}: exceeds input size`);
    const session = r.session;
    const compiler = session.compiler;
    const entry = compiler.interfaceName(r.data, r.pos, n);
    r.pos += n;
    enter(r);
    const id = session.typeSequence(r, true);
    r.uint(); // the value's byte count: wrong when nested values defined types inline, so unused (as in Go)
    let value: unknown;
    try {
      if (skip) {
        compiler.valueOp(id, SKIP)(r, undefined);
        r.depth--;
        return undefined;
      }
      const registry = session.registry;
      if (entry.registryVersion !== registry.version) {
        entry.registered = registry.lookup(entry.name);
        entry.registryVersion = registry.version;
        entry.op = undefined;
      }
      if (entry.op === undefined || entry.id !== id || entry.generation !== compiler.generation) {
        entry.op = compiler.valueOp(id, entry.registered);
        entry.id = id;
        entry.generation = compiler.generation;
      }
      value = entry.op(r, undefined);
    } catch (e) {
      throw withPath(e, `(${entry.name})`);
    }
    r.depth--;
    if (defaultGoName(value) === entry.name) return value;
    return tagDecoded(value, entry.name, entry.registered ?? compiler.synthesize(id));
  };
}

// ---- zero values ----------------------------------------------------------

type ZeroMaker = () => unknown;
const zeroMakers = new WeakMap<GobType, ZeroMaker>();
const structsInProgress = new Set<StructType>();

/** Go's zero value as the schema represents it; fresh objects for mutable ones. */
export function zeroMaker(type: GobType): ZeroMaker {
  const hit = zeroMakers.get(type);
  if (hit !== undefined) return hit;
  let make: ZeroMaker;
  if (isByteSlice(type)) make = () => null;
  else {
    switch (type.kind) {
      case 'bool':
        make = () => false;
        break;
      case 'int':
      case 'uint':
      case 'float':
        make = () => 0;
        break;
      case 'string':
        make = () => '';
        break;
      case 'complex':
        make = () => ({ re: 0, im: 0 });
        break;
      case 'array': {
        const elem = zeroMaker(type.elem);
        const len = type.len;
        make = () => Array.from({ length: len }, elem);
        break;
      }
      case 'struct':
        make = structZeroMaker(type);
        break;
      case 'marshaler': {
        const zero = type.codec.zero;
        make = zero ? () => zero() : () => null;
        break;
      }
      default: // ptr, slice, map, interface, bytes
        make = () => null;
    }
  }
  zeroMakers.set(type, make);
  return make;
}

function structZeroMaker(type: StructType): () => Record<string, unknown> {
  if (structsInProgress.has(type)) {
    throw new GobError(`struct ${type.name} contains itself without a pointer`);
  }
  structsInProgress.add(type);
  try {
    const template: Record<string, unknown> = {};
    const fresh: [string, ZeroMaker][] = [];
    for (const f of type.fields) {
      if (f.omitEmpty) {
        template[f.key] = undefined;
        continue;
      }
      const base = f.type;
      const shared = base.kind !== 'complex' && base.kind !== 'array' && base.kind !== 'struct' && base.kind !== 'marshaler';
      const make = zeroMaker(base);
      if (shared) template[f.key] = make();
      else {
        template[f.key] = null;
        fresh.push([f.key, make]);
      }
    }
    if (fresh.length === 0) return () => ({ ...template });
    return () => {
      const obj: Record<string, unknown> = { ...template };
      for (const [key, make] of fresh) obj[key] = make();
      return obj;
    };
  } finally {
    structsInProgress.delete(type);
  }
}

// ---- the compiler ---------------------------------------------------------

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const fieldIndexes = new WeakMap<StructType, Map<string, s.StructField>>();
function fieldIndex(type: StructType): Map<string, s.StructField> {
  let index = fieldIndexes.get(type);
  if (index === undefined || index.size !== type.fields.length) {
    index = new Map(type.fields.map((f) => [f.name, f]));
    fieldIndexes.set(type, index);
  }
  return index;
}

/** Normalises a schema target to what travels on the wire (pointers flattened, []uint8 as bytes). */
function normalize(target: Target): Target {
  if (target === undefined || target === SKIP) return target;
  const base = basePointee(target);
  return isByteSlice(base) ? s.bytes : base;
}

export class Compiler {
  private readonly ops = new Map<Target, Map<number, DecOp>>();
  private readonly valueOps = new Map<Target, Map<number, DecOp>>();
  private readonly synthesized = new Map<number, GobType>();
  /** Undo actions for cache entries, so a failed compile or rolled-back read leaves none behind. */
  private readonly log: (() => void)[] = [];
  private nesting = 0;
  /** Bumped whenever cache entries are undone, invalidating ops remembered elsewhere. */
  generation = 0;
  private readonly names = new Map<number, InterfaceName[]>();
  private nameCount = 0;

  constructor(private readonly wire: (id: number) => WireType | undefined) {}

  mark(): number {
    return this.log.length;
  }

  undoTo(mark: number): void {
    if (this.log.length > mark) this.generation++;
    while (this.log.length > mark) this.log.pop()!();
  }

  /** The entry for the interface type name in data[start..start+n), without decoding it again. */
  interfaceName(data: Uint8Array, start: number, n: number): InterfaceName {
    const key = n * 0x10000 + data[start]! * 0x100 + data[start + n - 1]!;
    const bucket = this.names.get(key);
    if (bucket !== undefined) {
      search: for (const entry of bucket) {
        const bytes = entry.bytes;
        for (let i = 0; i < n; i++) if (bytes[i] !== data[start + i]) continue search;
        return entry;
      }
    }
    const bytes = data.slice(start, start + n);
    const entry: InterfaceName = {
      bytes,
      name: decodeUtf8(bytes, 0, n),
      registered: undefined,
      registryVersion: -1,
      id: -1,
      op: undefined,
      generation: -1,
    };
    // A hostile stream could send endless distinct names: remember a bounded number.
    if (this.nameCount < 256) {
      this.nameCount++;
      if (bucket === undefined) this.names.set(key, [entry]);
      else bucket.push(entry);
    }
    return entry;
  }

  commit(): void {
    this.log.length = 0;
  }

  private remember<K, V>(map: Map<K, V>, key: K, value: V): void {
    map.set(key, value);
    this.log.push(() => map.delete(key));
  }

  private cacheFor(caches: Map<Target, Map<number, DecOp>>, target: Target): Map<number, DecOp> {
    let cache = caches.get(target);
    if (cache === undefined) {
      cache = new Map();
      caches.set(target, cache);
    }
    return cache;
  }

  private describe(id: number): string {
    return describeWireId(id, this.wire);
  }

  private checkDefined(id: number): void {
    if (id >= ID_BOOL && id <= ID_INTERFACE) return;
    if (this.wire(id) === undefined) throw new GobError(`unknown type id ${id} (never defined on this stream)`, { typeId: id });
  }

  /** Runs a compile step; on failure forgets every cache entry it made. */
  private guarded<T>(build: () => T): T {
    const mark = this.log.length;
    if (++this.nesting > MAX_TYPE_NESTING) {
      this.nesting--;
      throw new GobError(`types nested deeper than ${MAX_TYPE_NESTING} levels`);
    }
    try {
      return build();
    } catch (e) {
      this.undoTo(mark);
      throw e;
    } finally {
      this.nesting--;
    }
  }

  /** The op for a value of wire type `id` decoded into `target`, as a struct field, element or key. */
  op(id: number, target: Target, where: string): DecOp {
    const t = normalize(target);
    const cache = this.cacheFor(this.ops, t);
    const hit = cache.get(id);
    if (hit !== undefined) return hit;
    return this.guarded(() => {
      this.checkDefined(id);
      // Composite types may refer to themselves: publish a forwarding op first.
      const slot: { op?: DecOp } = {};
      const forward: DecOp = (r, old) => slot.op!(r, old);
      this.remember(cache, id, forward);
      const real = t === SKIP ? this.buildSkip(id) : t === undefined ? this.buildFromWire(id) : this.buildTyped(id, t, where);
      slot.op = real;
      cache.set(id, real);
      return real;
    });
  }

  /** The op for a top-level value or an interface's concrete value: a struct, or a singleton. */
  valueOp(id: number, target: Target): DecOp {
    const t = normalize(target);
    const cache = this.cacheFor(this.valueOps, t);
    const hit = cache.get(id);
    if (hit !== undefined) return hit;
    return this.guarded(() => {
      this.checkDefined(id);
      const wire = this.wire(id);
      const local = t === undefined || t === SKIP ? undefined : t;
      let op: DecOp;
      if (local?.kind === 'struct') {
        if (wire?.kind !== 'struct') {
          throw new GobError(`type mismatch: want struct type ${local.name}, got ${this.describe(id)}`, { typeId: id });
        }
        const index = fieldIndex(local);
        const matched = wire.fields.some((f) => index.has(f.name) && isExported(f.name));
        if (local.fields.length > 0 && wire.fields.length > 0 && !matched) {
          throw new GobError(`type mismatch: no fields matched compiling decoder for ${local.name}`, { typeId: id });
        }
        op = this.op(id, local, local.name);
      } else if (local === undefined && wire?.kind === 'struct') {
        op = this.op(id, t, wire.name);
      } else {
        op = singletonOp(this.op(id, t, local ? `value of type ${describeType(local)}` : 'value'));
      }
      this.remember(cache, id, op);
      return op;
    });
  }

  private mismatch(id: number, target: GobType, where: string): GobError {
    return new GobError(`wrong type (${describeType(target)}) for received ${where}: remote type is ${this.describe(id)}`, {
      typeId: id,
    });
  }

  private buildTyped(id: number, t: GobType, where: string): DecOp {
    const expect = (want: number, op: DecOp): DecOp => {
      if (id !== want) throw this.mismatch(id, t, where);
      return op;
    };
    switch (t.kind) {
      case 'bool':
        return expect(ID_BOOL, boolOp);
      case 'int':
        return expect(ID_INT, intOp(t.bits));
      case 'uint':
        return expect(ID_UINT, uintOp(t.bits));
      case 'float':
        return expect(ID_FLOAT, floatOp(t.bits));
      case 'complex':
        return expect(ID_COMPLEX, complexOp(t.bits));
      case 'string':
        return expect(ID_STRING, stringOp);
      case 'bytes':
        return expect(ID_BYTES, bytesOp);
      case 'interface':
        return expect(ID_INTERFACE, interfaceOp(false));
      case 'ptr':
        return this.buildTyped(id, basePointee(t), where); // normalize() already flattened; kept for completeness
      default:
    }
    const wire = this.wire(id);
    switch (t.kind) {
      case 'slice':
        if (wire?.kind !== 'slice') throw this.mismatch(id, t, where);
        return sliceOp(this.op(wire.elem, t.elem, `element of ${where}`));
      case 'array':
        if (wire?.kind !== 'array' || wire.len !== t.len) throw this.mismatch(id, t, where);
        return arrayOp(this.op(wire.elem, t.elem, `element of ${where}`), t.len);
      case 'map': {
        if (wire?.kind !== 'map') throw this.mismatch(id, t, where);
        const keyOp = this.op(wire.key, t.key, `key of ${where}`);
        const elemOp = this.op(wire.elem, t.elem, `element of ${where}`);
        return mapOp(keyOp, elemOp, basePointee(t.key).kind === 'string');
      }
      case 'marshaler':
        if (wire?.kind !== 'marshaler' || wire.method !== t.method) throw this.mismatch(id, t, where);
        return marshalerOp(t);
      case 'struct':
        if (wire?.kind !== 'struct') throw this.mismatch(id, t, where);
        return this.buildStruct(wire, t);
      default:
        throw this.mismatch(id, t, where);
    }
  }

  private buildStruct(wire: Extract<WireType, { kind: 'struct' }>, local: StructType): DecOp {
    const index = fieldIndex(local);
    const names: string[] = [];
    const fieldOps: FieldOp[] = wire.fields.map((wf) => {
      if (wf.name === '') throw new GobError(`empty name for remote field of type ${wire.name}`);
      names.push(wf.name);
      const field = isExported(wf.name) ? index.get(wf.name) : undefined;
      if (field === undefined) {
        const skip = this.op(wf.id, SKIP, `${wire.name}.${wf.name}`);
        return (r) => {
          skip(r, undefined);
        };
      }
      const op = this.op(wf.id, field.type, `field ${wire.name}.${wf.name}`);
      const key = field.key;
      return (r, obj) => {
        obj[key] = op(r, obj[key]);
      };
    });
    return structOp(fieldOps, names, zeroMaker(local) as () => Record<string, unknown>);
  }

  private buildFromWire(id: number): DecOp {
    switch (id) {
      case ID_BOOL:
        return boolOp;
      case ID_INT:
        return intOp(64);
      case ID_UINT:
        return uintOp(64);
      case ID_FLOAT:
        return floatOp(64);
      case ID_COMPLEX:
        return complexOp(128);
      case ID_STRING:
        return stringOp;
      case ID_BYTES:
        return bytesOp;
      case ID_INTERFACE:
        return interfaceOp(false);
    }
    const wire = this.wire(id)!;
    switch (wire.kind) {
      case 'slice':
        return sliceOp(this.op(wire.elem, undefined, 'element'));
      case 'array':
        return arrayOp(this.op(wire.elem, undefined, 'element'), wire.len);
      case 'map':
        return mapOp(this.op(wire.key, undefined, 'key'), this.op(wire.elem, undefined, 'element'), wire.key === ID_STRING);
      case 'marshaler':
        return (r) => r.bytes();
      case 'struct': {
        const names: string[] = [];
        const fieldOps: FieldOp[] = wire.fields.map((wf) => {
          if (wf.name === '') throw new GobError(`empty name for remote field of type ${wire.name}`);
          names.push(wf.name);
          const op = this.op(wf.id, undefined, `${wire.name}.${wf.name}`);
          const key = wf.name;
          return (r, obj) => setKey(obj, key, op(r, obj[key]));
        });
        return structOp(fieldOps, names, () => ({}));
      }
    }
  }

  private buildSkip(id: number): DecOp {
    switch (id) {
      case ID_BOOL:
      case ID_INT:
      case ID_UINT:
      case ID_FLOAT:
        return skipUint;
      case ID_COMPLEX:
        return skipTwoUints;
      case ID_STRING:
      case ID_BYTES:
        return skipBytes;
      case ID_INTERFACE:
        return interfaceOp(true);
    }
    const wire = this.wire(id)!;
    switch (wire.kind) {
      case 'slice':
        return skipSequence(this.op(wire.elem, SKIP, 'element'), undefined);
      case 'array':
        return skipSequence(this.op(wire.elem, SKIP, 'element'), wire.len);
      case 'map':
        return skipMap(this.op(wire.key, SKIP, 'key'), this.op(wire.elem, SKIP, 'element'));
      case 'marshaler':
        return skipBytes;
      case 'struct': {
        const names = wire.fields.map((f) => f.name);
        const fieldOps: FieldOp[] = wire.fields.map((wf) => {
          const op = this.op(wf.id, SKIP, `${wire.name}.${wf.name}`);
          return (r) => {
            op(r, undefined);
          };
        });
        const op = structOp(fieldOps, names, () => SKIPPED_STRUCT);
        return (r) => {
          op(r, SKIPPED_STRUCT);
          return undefined;
        };
      }
    }
  }

  /** A schema describing wire type `id`, for re-encoding values decoded without one. */
  synthesize(id: number): GobType {
    switch (id) {
      case ID_BOOL:
        return s.bool;
      case ID_INT:
        return s.int64;
      case ID_UINT:
        return s.uint64;
      case ID_FLOAT:
        return s.float64;
      case ID_COMPLEX:
        return s.complex128;
      case ID_STRING:
        return s.string;
      case ID_BYTES:
        return s.bytes;
      case ID_INTERFACE:
        return s.iface;
    }
    const hit = this.synthesized.get(id);
    if (hit !== undefined) return hit;
    return this.guarded(() => {
      const wire = this.wire(id);
      if (wire === undefined) throw new GobError(`unknown type id ${id}`, { typeId: id });
      // Shells first, filled afterwards, so recursive wire types terminate.
      switch (wire.kind) {
        case 'struct': {
          const shell = s.defineStruct(wire.name);
          this.remember(this.synthesized, id, shell);
          shell.fields = wire.fields.map((f) => s.field(f.name, this.synthesize(f.id)));
          return shell;
        }
        case 'slice': {
          const shell = { kind: 'slice', elem: s.iface } as Mutable<s.SliceType>;
          this.remember(this.synthesized, id, shell);
          shell.elem = this.synthesize(wire.elem);
          return shell;
        }
        case 'array': {
          const shell = { kind: 'array', elem: s.iface, len: wire.len } as Mutable<s.ArrayType>;
          this.remember(this.synthesized, id, shell);
          shell.elem = this.synthesize(wire.elem);
          return shell;
        }
        case 'map': {
          const shell = { kind: 'map', key: s.iface, elem: s.iface } as Mutable<s.MapType>;
          this.remember(this.synthesized, id, shell);
          shell.key = this.synthesize(wire.key);
          shell.elem = this.synthesize(wire.elem);
          return shell;
        }
        case 'marshaler': {
          const type = rawMarshaler(wire.name, wire.method);
          this.remember(this.synthesized, id, type);
          return type;
        }
      }
    });
  }
}

/** Placeholder destination for skipped structs (never written to). */
const SKIPPED_STRUCT: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;
