/**
 * Compiled value encoders, one per schema (cached process-wide): each type
 * gets an `op` that writes a value and an `isZero` that says whether Go
 * would omit it from a struct (Go encoding/gob encode.go: zero numbers,
 * false, "", empty slices, nil maps/pointers/interfaces and zero marshaler
 * values are omitted; structs, arrays and empty non-nil maps are sent; a
 * pointer to a zero scalar is omitted, a pointer to a struct is not).
 *
 * Ops assume the value is to be written (the caller made the zero check), so
 * they also serve slice elements, map entries and singletons, where Go sends
 * zero values. Interface values need the stream's type ids; they reach the
 * Encoder through `EncWriter.session`.
 */
import { basePointee, describeType, isByteSlice } from './describe';
import { GobError, withPath } from './errors';
import { resolveInterface, type TypeRegistry } from './interface';
import { ByteWriter, INT64_LIMIT, INT64_MIN } from './primitives';
import type { GobType, MarshalerType, StructType } from './schema';

export interface EncodeSession {
  readonly registry: TypeRegistry;
  /** The wire id for a type, defining it (tentatively) on first use. */
  typeIdFor(type: GobType): number;
}

/** Byte slices at least this long are sent from the caller's memory rather than copied into the message. */
export const BY_REFERENCE_MIN = 32 * 1024;

/** A large byte slice left in place: it goes on the wire right after buf[at - 1]. */
export interface ByReference {
  readonly at: number;
  readonly bytes: Uint8Array;
}

export class EncWriter extends ByteWriter {
  session!: EncodeSession;
  depth = 0;
  maxDepth = 1000;
  /** Inside a length-prefixed part (an interface value), whose bytes must stay contiguous. */
  framed = 0;
  references: ByReference[] = [];
  referencedBytes = 0;

  /** A []byte's contents: by reference when large and the position is final, copied otherwise. */
  byteContents(v: Uint8Array): void {
    if (v.length >= BY_REFERENCE_MIN && this.framed === 0) {
      this.references.push({ at: this.pos, bytes: v });
      this.referencedBytes += v.length;
    } else this.raw(v);
  }
}

type EncOp = (w: EncWriter, value: unknown) => void;

interface CompiledEncoder {
  readonly op: EncOp;
  readonly isZero: (value: unknown) => boolean;
}

const compiled = new WeakMap<GobType, CompiledEncoder>();

function describeJs(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Uint8Array) return 'Uint8Array';
  return typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value;
}

function wrongType(expected: string, value: unknown): GobError {
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : describeJs(value);
  return new GobError(`expected ${expected}, got ${shown}`);
}

function enter(w: EncWriter): void {
  if (++w.depth > w.maxDepth) throw new GobError(`value nested deeper than ${w.maxDepth} levels (a cycle?)`);
}

const isNullish = (v: unknown): boolean => v === null || v === undefined;

const boolEncoder: CompiledEncoder = {
  op: (w, v) => {
    if (v === true) w.byte(1);
    else if (v === false || v === null || v === undefined) w.byte(0);
    else throw wrongType('boolean', v);
  },
  isZero: (v) => v === false || isNullish(v),
};

const intZero = (v: unknown): boolean => v === 0 || v === 0n || isNullish(v);

function intEncoder(bits: number): CompiledEncoder {
  const min = bits === 64 ? INT64_MIN : -(2 ** (bits - 1));
  const limit = bits === 64 ? INT64_LIMIT : 2 ** (bits - 1);
  const minBig = -(1n << BigInt(bits - 1));
  const maxBig = (1n << BigInt(bits - 1)) - 1n;
  const name = `int${bits}`;
  return {
    op: (w, v) => {
      if (typeof v === 'number') {
        if (!Number.isInteger(v)) throw wrongType(`an integer for ${name}`, v);
        if (v < min || v >= limit) throw new GobError(`value ${v} out of range for ${name}`);
        w.int(v);
      } else if (typeof v === 'bigint') {
        if (v < minBig || v > maxBig) throw new GobError(`value ${v} out of range for ${name}`);
        w.intBig(v);
      } else if (isNullish(v)) w.byte(0);
      else throw wrongType(`a number or bigint for ${name}`, v);
    },
    isZero: intZero,
  };
}

function uintEncoder(bits: number): CompiledEncoder {
  const limit = 2 ** bits;
  const maxBig = (1n << BigInt(bits)) - 1n;
  const name = `uint${bits}`;
  return {
    op: (w, v) => {
      if (typeof v === 'number') {
        if (!Number.isInteger(v)) throw wrongType(`an integer for ${name}`, v);
        if (v < 0 || v >= limit) throw new GobError(`value ${v} out of range for ${name}`);
        if (v <= Number.MAX_SAFE_INTEGER) w.uint(v);
        else w.uintBig(BigInt(v));
      } else if (typeof v === 'bigint') {
        if (v < 0n || v > maxBig) throw new GobError(`value ${v} out of range for ${name}`);
        w.uintBig(v);
      } else if (isNullish(v)) w.byte(0);
      else throw wrongType(`a number or bigint for ${name}`, v);
    },
    isZero: intZero,
  };
}

function floatValue(v: unknown, bits: number): number {
  if (typeof v === 'number') {
    if (bits === 64) return v;
    const f = Math.fround(v);
    if (!Number.isFinite(f) && Number.isFinite(v)) throw new GobError(`value ${v} out of range for float32`);
    return f;
  }
  if (isNullish(v)) return 0;
  throw wrongType(`a number for float${bits}`, v);
}

function floatEncoder(bits: number): CompiledEncoder {
  return {
    op: (w, v) => w.float(floatValue(v, bits)),
    isZero: (v) => v === 0 || isNullish(v),
  };
}

function complexEncoder(bits: number): CompiledEncoder {
  const part = bits / 2;
  return {
    op: (w, v) => {
      if (isNullish(v)) {
        w.byte(0);
        w.byte(0);
        return;
      }
      if (typeof v !== 'object') throw wrongType('a {re, im} object', v);
      const c = v as { re?: unknown; im?: unknown };
      w.float(floatValue(c.re, part));
      w.float(floatValue(c.im, part));
    },
    isZero: (v) => isNullish(v) || ((v as { re?: unknown }).re === 0 && (v as { im?: unknown }).im === 0),
  };
}

const stringEncoder: CompiledEncoder = {
  op: (w, v) => {
    if (typeof v === 'string') w.string(v);
    else if (isNullish(v)) w.byte(0);
    else throw wrongType('a string', v);
  },
  isZero: (v) => v === '' || isNullish(v),
};

const bytesEncoder: CompiledEncoder = {
  op: (w, v) => {
    if (v instanceof Uint8Array) {
      w.uint(v.length);
      w.byteContents(v);
    } else if (isNullish(v)) w.byte(0);
    else throw wrongType('a Uint8Array', v);
  },
  isZero: (v) => isNullish(v) || (v as Uint8Array).length === 0,
};

function sliceEncoder(elem: GobType): CompiledEncoder {
  const elemOp = compileEncoder(elem).op;
  return {
    op: (w, v) => {
      if (isNullish(v)) {
        w.byte(0);
        return;
      }
      if (!Array.isArray(v)) throw wrongType('an array', v);
      enter(w);
      w.uint(v.length);
      let i = 0;
      try {
        for (; i < v.length; i++) elemOp(w, v[i]);
      } catch (e) {
        throw withPath(e, `[${i}]`);
      }
      w.depth--;
    },
    isZero: (v) => isNullish(v) || (Array.isArray(v) && v.length === 0),
  };
}

function arrayEncoder(elem: GobType, len: number): CompiledEncoder {
  const elemOp = compileEncoder(elem).op;
  return {
    op: (w, v) => {
      if (!isNullish(v) && !(Array.isArray(v) && v.length === len)) throw wrongType(`an array of length ${len}`, v);
      const items = v as unknown[] | null | undefined;
      enter(w);
      w.uint(len);
      let i = 0;
      try {
        for (; i < len; i++) elemOp(w, items?.[i]);
      } catch (e) {
        throw withPath(e, `[${i}]`);
      }
      w.depth--;
    },
    isZero: () => false,
  };
}

/** Plain-object keys are strings; numeric and boolean map keys are parsed back. */
function objectKey(key: string, keyType: GobType): unknown {
  switch (keyType.kind) {
    case 'string':
      return key;
    case 'int':
    case 'uint':
      if (!/^-?\d+$/.test(key)) throw new GobError(`map key ${JSON.stringify(key)} is not an integer`);
      return BigInt(key);
    case 'bool':
      if (key !== 'true' && key !== 'false') throw new GobError(`map key ${JSON.stringify(key)} is not a boolean`);
      return key === 'true';
    default:
      throw new GobError(`a map with ${describeType(keyType)} keys must be given as a Map`);
  }
}

function mapEncoder(keyType: GobType, elemType: GobType): CompiledEncoder {
  const keyOp = compileEncoder(keyType).op;
  const elemOp = compileEncoder(elemType).op;
  const keyBase = basePointee(keyType);
  return {
    op: (w, v) => {
      if (isNullish(v)) {
        w.byte(0);
        return;
      }
      enter(w);
      if (v instanceof Map) {
        w.uint(v.size);
        for (const [k, x] of v) {
          try {
            keyOp(w, k);
            elemOp(w, x);
          } catch (e) {
            throw withPath(e, `{${String(k)}}`);
          }
        }
      } else if (typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array)) {
        const obj = v as Record<string, unknown>;
        const keys = Object.keys(obj);
        w.uint(keys.length);
        for (const k of keys) {
          try {
            keyOp(w, objectKey(k, keyBase));
            elemOp(w, obj[k]);
          } catch (e) {
            throw withPath(e, `{${k}}`);
          }
        }
      } else throw wrongType('a Map or an object', v);
      w.depth--;
    },
    isZero: isNullish,
  };
}

function structEncoder(type: StructType): CompiledEncoder {
  const fields = type.fields;
  const keys: string[] = [];
  const ops: EncOp[] = [];
  const zeros: ((v: unknown) => boolean)[] = [];
  const encoder: CompiledEncoder = {
    op: (w, v) => {
      if (isNullish(v)) {
        w.byte(0); // the zero struct: every field omitted
        return;
      }
      if (typeof v !== 'object' || Array.isArray(v)) throw wrongType(`an object for ${type.name}`, v);
      enter(w);
      const obj = v as Record<string, unknown>;
      let last = -1;
      let i = 0;
      try {
        for (; i < keys.length; i++) {
          const fv = obj[keys[i]!];
          if (zeros[i]!(fv)) continue;
          w.uint(i - last);
          last = i;
          ops[i]!(w, fv);
        }
      } catch (e) {
        throw withPath(e, `.${fields[i]?.name ?? '?'}`);
      }
      w.byte(0);
      w.depth--;
    },
    isZero: () => false,
  };
  compiled.set(type, encoder); // before the fields: recursive types find it
  for (const f of fields) {
    const c = compileEncoder(f.type);
    keys.push(f.key);
    ops.push(c.op);
    zeros.push(c.isZero);
  }
  return encoder;
}

function pointerEncoder(elem: GobType): CompiledEncoder {
  const base = basePointee(elem);
  const inner = compileEncoder(base);
  // Go dereferences and applies the pointee's zero rule, except for marshalers
  // (the method receives the non-nil pointer) and composites that are always sent.
  const sentWhenNonNil = base.kind === 'marshaler' || base.kind === 'struct' || base.kind === 'array';
  const name = describeType(elem);
  return {
    op: (w, v) => {
      if (isNullish(v)) throw new GobError(`cannot encode nil pointer (*${name}) as an element`);
      inner.op(w, v);
    },
    isZero: sentWhenNonNil ? isNullish : (v) => isNullish(v) || inner.isZero(v),
  };
}

function marshalerEncoder(type: MarshalerType): CompiledEncoder {
  const codec = type.codec;
  return {
    op: (w, v) => {
      let bytes: Uint8Array;
      try {
        bytes = codec.encode(isNullish(v) && codec.zero ? codec.zero() : v);
      } catch (e) {
        if (e instanceof GobError) throw e;
        throw new GobError(`${type.name} marshaler failed: ${(e as Error)?.message ?? String(e)}`, { cause: e });
      }
      w.uint(bytes.length);
      w.raw(bytes);
    },
    isZero: (v) => {
      // A missing value stands for Go's zero value, which may still be sent (url.URL is).
      const value = isNullish(v) && codec.zero ? codec.zero() : v;
      if (isNullish(value)) return true;
      try {
        return codec.isZero(value);
      } catch (e) {
        if (e instanceof GobError) throw e;
        throw new GobError(`${type.name} marshaler failed: ${(e as Error)?.message ?? String(e)}`, { cause: e });
      }
    },
  };
}

const interfaceEncoder: CompiledEncoder = {
  op: (w, v) => {
    const resolved = resolveInterface(v, w.session.registry);
    if (resolved === null) {
      w.byte(0);
      return;
    }
    w.string(resolved.name);
    w.int(w.session.typeIdFor(resolved.type));
    const mark = w.reserveLength();
    enter(w);
    w.framed++;
    try {
      encodeValue(w, resolved.type, resolved.value, 'inside interface');
    } catch (e) {
      throw withPath(e, `(${resolved.name})`);
    } finally {
      w.framed--;
    }
    w.depth--;
    w.fillLength(mark);
  },
  isZero: isNullish,
};

export function compileEncoder(type: GobType): CompiledEncoder {
  const hit = compiled.get(type);
  if (hit !== undefined) return hit;
  let encoder: CompiledEncoder;
  if (isByteSlice(type)) encoder = bytesEncoder;
  else {
    switch (type.kind) {
      case 'bool':
        encoder = boolEncoder;
        break;
      case 'int':
        encoder = intEncoder(type.bits);
        break;
      case 'uint':
        encoder = uintEncoder(type.bits);
        break;
      case 'float':
        encoder = floatEncoder(type.bits);
        break;
      case 'complex':
        encoder = complexEncoder(type.bits);
        break;
      case 'string':
        encoder = stringEncoder;
        break;
      case 'bytes':
        encoder = bytesEncoder;
        break;
      case 'slice':
        encoder = sliceEncoder(type.elem);
        break;
      case 'array':
        encoder = arrayEncoder(type.elem, type.len);
        break;
      case 'map':
        encoder = mapEncoder(type.key, type.elem);
        break;
      case 'struct':
        return structEncoder(type);
      case 'ptr':
        encoder = pointerEncoder(type.elem);
        break;
      case 'interface':
        encoder = interfaceEncoder;
        break;
      case 'marshaler':
        encoder = marshalerEncoder(type);
        break;
    }
  }
  compiled.set(type, encoder);
  return encoder;
}

/**
 * Writes a top-level value (or the concrete value inside an interface): a
 * struct as its fields, anything else as a "singleton" — a 0 delta, then the
 * value, zero or not.
 */
export function encodeValue(w: EncWriter, type: GobType, value: unknown, where = ''): void {
  const base = basePointee(type);
  if (isNullish(value) && (type.kind === 'ptr' || base.kind === 'struct')) {
    throw new GobError(`cannot encode nil pointer of type ${describeType(type)}${where ? ` ${where}` : ''}`);
  }
  const encoder = compileEncoder(base);
  if (base.kind !== 'struct') w.byte(0);
  encoder.op(w, value);
}
