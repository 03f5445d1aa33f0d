/**
 * Small helpers over schemas shared by the encoder and decoder: pointer
 * flattening, Go's []uint8 special case, and Go-like type strings for wire
 * names and error messages.
 */
import type { GobType } from './schema';

/** Gob flattens pointers: the type a value is really sent as. */
export function basePointee(type: GobType): GobType {
  let t = type;
  while (t.kind === 'ptr') t = t.elem;
  return t;
}

/** []uint8 travels as gob's bytes type (id 5), whatever the schema calls it. */
export function isByteSlice(type: GobType): boolean {
  return type.kind === 'bytes' || (type.kind === 'slice' && type.elem.kind === 'uint' && type.elem.bits === 8);
}

/** A Go-like spelling of a schema type, e.g. "map[string]interface {}". */
export function describeType(type: GobType, depth = 0): string {
  if (depth > 8) return '…';
  switch (type.kind) {
    case 'bool':
    case 'string':
      return type.kind;
    case 'int':
      return type.bits === 64 ? 'int64' : `int${type.bits}`;
    case 'uint':
      return type.bits === 64 ? 'uint64' : `uint${type.bits}`;
    case 'float':
      return `float${type.bits}`;
    case 'complex':
      return `complex${type.bits}`;
    case 'bytes':
      return '[]uint8';
    case 'interface':
      return 'interface {}';
    case 'slice':
      return `[]${describeType(type.elem, depth + 1)}`;
    case 'array':
      return `[${type.len}]${describeType(type.elem, depth + 1)}`;
    case 'map':
      return `map[${describeType(type.key, depth + 1)}]${describeType(type.elem, depth + 1)}`;
    case 'ptr':
      return `*${describeType(type.elem, depth + 1)}`;
    case 'struct':
    case 'marshaler':
      return type.name;
  }
}

/** The informational CommonType.Name Go sends: the unqualified name for named types. */
export function wireName(type: GobType): string {
  if (type.kind === 'struct' || type.kind === 'marshaler') {
    const dot = type.name.lastIndexOf('.');
    return dot >= 0 && !type.name.includes('[') ? type.name.slice(dot + 1) : type.name;
  }
  return describeType(type);
}
