/**
 * Local type descriptions for the gob codec: what a Go type looks like, so the
 * encoder can describe it on the wire and the decoder can map an incoming wire
 * type onto the JavaScript value an author expects.
 *
 * The wire format itself is self-describing (gob sends type definitions), so
 * decoding works without a schema; a schema adds JS property names, zero
 * values and integer widths. Generated model schemas (mattermost/generated)
 * are built from these constructors.
 *
 * JS representation of Go values:
 *   bool → boolean · int*, uint* → number (bigint when outside ±2^53) ·
 *   float* → number · complex → {re, im} · string → string · []byte → Uint8Array ·
 *   slice/array → Array · map with string keys → plain object, other keys → Map ·
 *   struct → plain object keyed by each field's `key` · pointer → the pointee or null ·
 *   interface → see interface.ts (JSON-like values, or a TypedValue for other Go types) ·
 *   marshaler types (time.Time, *url.URL) → the value its codec produces.
 */

export type IntBits = 8 | 16 | 32 | 64;

export type GobType =
  | BoolType
  | IntType
  | UintType
  | FloatType
  | ComplexType
  | StringType
  | BytesType
  | SliceType
  | ArrayType
  | MapType
  | StructType
  | PointerType
  | InterfaceType
  | MarshalerType;

export interface BoolType { readonly kind: 'bool' }
/** Go int, int8…int64 (int is 64-bit on every platform Mattermost ships). Encoded as gob "int". */
export interface IntType { readonly kind: 'int'; readonly bits: IntBits }
/** Go uint, uint8…uint64, uintptr. Encoded as gob "uint". */
export interface UintType { readonly kind: 'uint'; readonly bits: IntBits }
export interface FloatType { readonly kind: 'float'; readonly bits: 32 | 64 }
export interface ComplexType { readonly kind: 'complex'; readonly bits: 64 | 128 }
export interface StringType { readonly kind: 'string' }
/** []byte and any named type over []byte (json.RawMessage): gob's predefined id 5. */
export interface BytesType { readonly kind: 'bytes' }
export interface SliceType { readonly kind: 'slice'; readonly elem: GobType }
export interface ArrayType { readonly kind: 'array'; readonly elem: GobType; readonly len: number }
export interface MapType { readonly kind: 'map'; readonly key: GobType; readonly elem: GobType }
/** Gob flattens pointers; the descriptor records that nil (JS null) is a legal value. */
export interface PointerType { readonly kind: 'ptr'; readonly elem: GobType }
export interface InterfaceType { readonly kind: 'interface' }

export interface StructField {
  /** Go field name: the name on the wire. */
  readonly name: string;
  /** JS property name: the json tag name, or the Go name when the tag is absent or "-". */
  readonly key: string;
  readonly type: GobType;
  /** The json tag has omitempty: an absent value decodes to undefined, not to a zero value. */
  readonly omitEmpty?: boolean;
}

export interface StructType {
  readonly kind: 'struct';
  /** Go type name, package-qualified as reflect prints it ("model.Post"). Informational on the wire. */
  readonly name: string;
  /** Filled after construction so recursive types can refer to themselves (see defineStruct). */
  fields: StructField[];
}

/** Converts between a marshaler's bytes and its JS value. */
export interface MarshalerCodec<T = unknown> {
  encode(value: T): Uint8Array;
  decode(bytes: Uint8Array): T;
  /**
   * Whether gob omits this value from a struct: Go's reflect IsZero on the
   * receiver (a time.Time zero instant in UTC is omitted; a url.URL value,
   * marshalled through its address, never is).
   */
  isZero(value: T): boolean;
  /** The JS value a struct field of this type gets when it is absent (Go's zero value); null when omitted. */
  zero?(): T;
}

/**
 * A type whose Go side implements GobEncoder, BinaryMarshaler or TextMarshaler.
 * Note: Go's gob never uses TextMarshaler (type.go keeps that code commented
 * out): a Go type with only MarshalText travels as its underlying kind and
 * must be described as that kind; Go refuses a TextMarshalerT wire type.
 */
export interface MarshalerType {
  readonly kind: 'marshaler';
  /** Gob prefers GobEncoder, then BinaryMarshaler, then TextMarshaler; the receiver checks it matches. */
  readonly method: 'GobEncoder' | 'BinaryMarshaler' | 'TextMarshaler';
  readonly name: string;
  readonly codec: MarshalerCodec;
}

export const bool: BoolType = { kind: 'bool' };
export const int: IntType = { kind: 'int', bits: 64 };
export const int8: IntType = { kind: 'int', bits: 8 };
export const int16: IntType = { kind: 'int', bits: 16 };
export const int32: IntType = { kind: 'int', bits: 32 };
export const int64: IntType = int;
export const uint: UintType = { kind: 'uint', bits: 64 };
export const uint8: UintType = { kind: 'uint', bits: 8 };
export const uint16: UintType = { kind: 'uint', bits: 16 };
export const uint32: UintType = { kind: 'uint', bits: 32 };
export const uint64: UintType = uint;
export const float32: FloatType = { kind: 'float', bits: 32 };
export const float64: FloatType = { kind: 'float', bits: 64 };
export const complex64: ComplexType = { kind: 'complex', bits: 64 };
export const complex128: ComplexType = { kind: 'complex', bits: 128 };
export const string: StringType = { kind: 'string' };
export const bytes: BytesType = { kind: 'bytes' };
export const iface: InterfaceType = { kind: 'interface' };

export const sliceOf = (elem: GobType): SliceType => ({ kind: 'slice', elem });
export const arrayOf = (elem: GobType, len: number): ArrayType => ({ kind: 'array', elem, len });
export const mapOf = (key: GobType, elem: GobType): MapType => ({ kind: 'map', key, elem });
export const ptr = (elem: GobType): PointerType => ({ kind: 'ptr', elem });

/** Declares a struct; call defineFields once every referenced type exists (allows cycles). */
export function defineStruct(name: string, fields: StructField[] = []): StructType {
  return { kind: 'struct', name, fields };
}

export function defineFields(type: StructType, fields: StructField[]): StructType {
  type.fields = fields;
  return type;
}

/** Shorthand for a field whose JS key is its Go name. */
export const field = (name: string, type: GobType, key: string = name, omitEmpty?: boolean): StructField =>
  omitEmpty ? { name, key, type, omitEmpty } : { name, key, type };

/** struct{}: the argument and reply of many RPCs. */
export const emptyStruct: StructType = defineStruct('struct {}');
