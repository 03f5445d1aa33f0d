/**
 * Type descriptions as they travel on the wire (Go encoding/gob type.go):
 * a definition message is int(-id) followed by a gob-encoded `wireType`
 * struct whose one set field says array, slice, struct, map or marshaler.
 * The wireType layout is fixed by Go's bootstrap ids (16–24), so it is
 * written and parsed here by hand rather than through a schema.
 */
import { GobError } from './errors';
import type { ByteWriter, Reader } from './primitives';

export const ID_BOOL = 1;
export const ID_INT = 2;
export const ID_UINT = 3;
export const ID_FLOAT = 4;
export const ID_BYTES = 5;
export const ID_STRING = 6;
export const ID_COMPLEX = 7;
export const ID_INTERFACE = 8;
/** Ids below this are Go's own; a stream may not define them. */
export const FIRST_USER_ID = 64;
/** Go's typeId is an int32. */
export const MAX_TYPE_ID = 0x7fffffff;

export const BUILTIN_NAMES: Readonly<Record<number, string>> = {
  [ID_BOOL]: 'bool',
  [ID_INT]: 'int',
  [ID_UINT]: 'uint',
  [ID_FLOAT]: 'float',
  [ID_BYTES]: 'bytes',
  [ID_STRING]: 'string',
  [ID_COMPLEX]: 'complex',
  [ID_INTERFACE]: 'interface',
};

export type MarshalMethod = 'GobEncoder' | 'BinaryMarshaler' | 'TextMarshaler';

export interface WireField {
  readonly name: string;
  readonly id: number;
}

export type WireType =
  | { readonly kind: 'array'; readonly name: string; readonly elem: number; readonly len: number }
  | { readonly kind: 'slice'; readonly name: string; readonly elem: number }
  | { readonly kind: 'struct'; readonly name: string; readonly fields: readonly WireField[] }
  | { readonly kind: 'map'; readonly name: string; readonly key: number; readonly elem: number }
  | { readonly kind: 'marshaler'; readonly name: string; readonly method: MarshalMethod };

// wireType field numbers, in Go's declaration order.
const ARRAY_T = 0;
const SLICE_T = 1;
const STRUCT_T = 2;
const MAP_T = 3;
const GOB_ENCODER_T = 4;
const BINARY_MARSHALER_T = 5;
const TEXT_MARSHALER_T = 6;

const METHOD_FIELD: Record<MarshalMethod, number> = {
  GobEncoder: GOB_ENCODER_T,
  BinaryMarshaler: BINARY_MARSHALER_T,
  TextMarshaler: TEXT_MARSHALER_T,
};
const FIELD_METHOD: Record<number, MarshalMethod> = {
  [GOB_ENCODER_T]: 'GobEncoder',
  [BINARY_MARSHALER_T]: 'BinaryMarshaler',
  [TEXT_MARSHALER_T]: 'TextMarshaler',
};

// ---- writing -------------------------------------------------------------

function writeCommon(w: ByteWriter, name: string, id: number): void {
  w.uint(1); // field 0 of the outer struct: CommonType
  if (name !== '') {
    w.uint(1);
    w.string(name);
    w.uint(1);
  } else {
    w.uint(2);
  }
  w.int(id);
  w.byte(0);
}

/** Writes the wireType value describing `wire`, which is being defined as `id`. */
export function writeWireType(w: ByteWriter, id: number, wire: WireType): void {
  switch (wire.kind) {
    case 'array':
      w.uint(ARRAY_T + 1);
      writeCommon(w, wire.name, id);
      w.uint(1);
      w.int(wire.elem);
      if (wire.len !== 0) {
        w.uint(1);
        w.int(wire.len);
      }
      w.byte(0);
      break;
    case 'slice':
      w.uint(SLICE_T + 1);
      writeCommon(w, wire.name, id);
      w.uint(1);
      w.int(wire.elem);
      w.byte(0);
      break;
    case 'struct':
      w.uint(STRUCT_T + 1);
      writeCommon(w, wire.name, id);
      if (wire.fields.length > 0) {
        w.uint(1);
        w.uint(wire.fields.length);
        for (const f of wire.fields) {
          w.uint(1);
          w.string(f.name);
          w.uint(1);
          w.int(f.id);
          w.byte(0);
        }
      }
      w.byte(0);
      break;
    case 'map':
      w.uint(MAP_T + 1);
      writeCommon(w, wire.name, id);
      w.uint(1);
      w.int(wire.key);
      w.uint(1);
      w.int(wire.elem);
      w.byte(0);
      break;
    case 'marshaler':
      w.uint(METHOD_FIELD[wire.method] + 1);
      writeCommon(w, wire.name, id);
      w.byte(0);
      break;
  }
  w.byte(0); // end of wireType
}

// ---- reading -------------------------------------------------------------

/**
 * Walks one gob struct value: calls onField for each present field number.
 * Like Go's decodeStruct, the struct also ends where the message ends.
 */
function readStruct(r: Reader, what: string, fieldCount: number, onField: (field: number) => void): void {
  let field = -1;
  while (r.pos < r.end) {
    const delta = r.count(`${what} field delta`);
    if (delta === 0) return;
    if (delta > fieldCount - 1 - field) throw r.fail(`bad data: field numbers out of bounds in ${what}`);
    field += delta;
    onField(field);
  }
}

function readTypeId(r: Reader, what: string): number {
  const id = r.int();
  if (typeof id !== 'number' || id <= 0 || id > MAX_TYPE_ID) throw r.fail(`invalid type id ${id} for ${what}`);
  return id;
}

function readCommon(r: Reader, into: { name: string }): void {
  readStruct(r, 'CommonType', 2, (f) => {
    if (f === 0) into.name = r.string();
    else r.int(); // the id, repeated; informational
  });
}

/** Parses a wireType value (the part of a definition message after -id). */
export function readWireType(r: Reader): WireType {
  let result: WireType | undefined;
  readStruct(r, 'wireType', 7, (variant) => {
    if (result !== undefined) throw r.fail('wireType defines more than one kind');
    const common = { name: '' };
    switch (variant) {
      case ARRAY_T: {
        let elem = 0;
        let len = 0;
        readStruct(r, 'arrayType', 3, (f) => {
          if (f === 0) readCommon(r, common);
          else if (f === 1) elem = readTypeId(r, 'array element');
          else {
            const n = r.int();
            if (typeof n !== 'number' || n < 0) throw r.fail(`invalid array length ${n}`);
            len = n;
          }
        });
        if (elem === 0) throw r.fail('array type without element type');
        result = { kind: 'array', name: common.name, elem, len };
        break;
      }
      case SLICE_T: {
        let elem = 0;
        readStruct(r, 'sliceType', 2, (f) => {
          if (f === 0) readCommon(r, common);
          else elem = readTypeId(r, 'slice element');
        });
        if (elem === 0) throw r.fail('slice type without element type');
        result = { kind: 'slice', name: common.name, elem };
        break;
      }
      case STRUCT_T: {
        const fields: WireField[] = [];
        readStruct(r, 'structType', 2, (f) => {
          if (f === 0) {
            readCommon(r, common);
            return;
          }
          const n = r.count('field count');
          for (let i = 0; i < n; i++) {
            if (r.pos >= r.end) throw r.fail(`field count ${n} exceeds input size`);
            const field = { name: '', id: 0 };
            readStruct(r, 'fieldType', 2, (g) => {
              if (g === 0) field.name = r.string();
              else field.id = readTypeId(r, `field ${field.name}`);
            });
            fields.push(field);
          }
        });
        result = { kind: 'struct', name: common.name, fields };
        break;
      }
      case MAP_T: {
        let key = 0;
        let elem = 0;
        readStruct(r, 'mapType', 3, (f) => {
          if (f === 0) readCommon(r, common);
          else if (f === 1) key = readTypeId(r, 'map key');
          else elem = readTypeId(r, 'map element');
        });
        if (key === 0 || elem === 0) throw r.fail('map type without key or element type');
        result = { kind: 'map', name: common.name, key, elem };
        break;
      }
      default: {
        readStruct(r, 'gobEncoderType', 1, () => readCommon(r, common));
        result = { kind: 'marshaler', name: common.name, method: FIELD_METHOD[variant]! };
      }
    }
  });
  if (result === undefined) throw r.fail('empty wireType');
  return result;
}

/** Human-readable description of a wire type id, for error messages. */
export function describeWireId(id: number, lookup: (id: number) => WireType | undefined): string {
  const builtin = BUILTIN_NAMES[id];
  if (builtin !== undefined) return builtin;
  const wire = lookup(id);
  if (wire === undefined) return `<undefined type ${id}>`;
  return wire.name !== '' ? `${wire.name} (${wire.kind})` : wire.kind;
}

export function wireError(detail: string, id: number): GobError {
  return new GobError(detail, { typeId: id });
}
