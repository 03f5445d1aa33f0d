/**
 * Interface values: which Go type a JS value stands for, and back.
 *
 * On the wire an interface value carries its concrete type's registered
 * name (Go's gob.Register / RegisterName). A TypeRegistry maps those names to
 * schemas; every registry starts with Go's registerBasics() names plus the
 * two Mattermost registers for JSON-shaped values ([]interface {} and
 * map[string]interface {}).
 *
 * JS → Go (encoding):  null/undefined → nil · string → string · number → float64 ·
 *   bigint → int64 · boolean → bool · Uint8Array → []uint8 · Array → []interface {} ·
 *   plain object → map[string]interface {} · TypedValue(name, v) → the registered
 *   type `name` · an object tagged with a Go type (see below) → that type.
 * Go → JS (decoding): the value of the registered schema, or, for a name not
 *   registered here, the value decoded from the wire description alone. A value
 *   whose JS form would re-encode as a different Go type remembers its Go type:
 *   objects and arrays carry it in the non-enumerable GO_TYPE property,
 *   primitives come back wrapped in a TypedValue. So re-encoding a decoded value
 *   sends the same Go type.
 */
import { GobError } from './errors';
import * as s from './schema';
import type { GobType } from './schema';

/** Non-enumerable property holding a decoded object's Go type. */
export const GO_TYPE: unique symbol = Symbol.for('mattermost-plugin.gob.goType');

export interface GoTypeInfo {
  /** The registered Go name, e.g. "*model.AppError" or "[]string". */
  readonly name: string;
  /** The schema the value follows (absent when the registry should be asked). */
  readonly type?: GobType;
}

/** A value with an explicit Go type, for interface values whose JS type alone is ambiguous. */
export class TypedValue<T = unknown> {
  constructor(
    /** Registered Go name, e.g. "int", "*model.AppError". */
    readonly name: string,
    readonly value: T,
    /** Schema to encode with when `name` is not registered (set on decoded values). */
    readonly type?: GobType,
  ) {}
}

/** Marks an object or array as a value of Go type `name` (returns it). */
export function withGoType<T extends object>(value: T, name: string, type?: GobType): T {
  const info: GoTypeInfo = type === undefined ? { name } : { name, type };
  Object.defineProperty(value, GO_TYPE, { value: info, configurable: true, writable: true, enumerable: false });
  return value;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** The Go type a JS value is sent as inside an interface, without tags. */
export function defaultGoName(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'number':
      return 'float64';
    case 'bigint':
      return 'int64';
    case 'boolean':
      return 'bool';
    case 'object':
      if (value === null) return undefined;
      if (value instanceof Uint8Array) return '[]uint8';
      if (Array.isArray(value)) return '[]interface {}';
      if (isPlainObject(value)) return 'map[string]interface {}';
      return undefined;
    default:
      return undefined;
  }
}

/** The Go type name a value would be sent as inside an interface; undefined for nil or unsendable values. */
export function goTypeOf(value: unknown): string | undefined {
  if (value instanceof TypedValue) return value.name;
  if (typeof value === 'object' && value !== null) {
    const info = (value as { [GO_TYPE]?: GoTypeInfo })[GO_TYPE];
    if (info !== undefined) return info.name;
  }
  return defaultGoName(value);
}

export class TypeRegistry {
  private readonly byName = new Map<string, GobType>();
  /** Changes on every registration, so decoders can cache lookups. */
  version = 0;

  /** A registry holding Go's builtin registrations and the JSON-shaped defaults. */
  constructor() {
    registerBasics(this);
  }

  /** Like gob.RegisterName: `name` is what travels on the wire. Re-registering the same schema is a no-op. */
  register(name: string, type: GobType): void {
    if (name === '') throw new GobError('attempt to register empty name');
    const existing = this.byName.get(name);
    if (existing !== undefined && existing !== type) {
      throw new GobError(`registering duplicate types for ${JSON.stringify(name)}`);
    }
    if (existing === undefined) {
      this.byName.set(name, type);
      this.version++;
    }
  }

  lookup(name: string): GobType | undefined {
    return this.byName.get(name);
  }

  names(): string[] {
    return [...this.byName.keys()];
  }
}

/** The registry encoders and decoders use unless given another. */
export const defaultRegistry = new TypeRegistry();

/** Registers a Go type for interface values in the default registry (Go's gob.RegisterName). */
export function registerName(goName: string, type: GobType): void {
  defaultRegistry.register(goName, type);
}

function registerBasics(registry: TypeRegistry): void {
  const scalars: [string, GobType][] = [
    ['int', s.int],
    ['int8', s.int8],
    ['int16', s.int16],
    ['int32', s.int32],
    ['int64', s.int64],
    ['uint', s.uint],
    ['uint8', s.uint8],
    ['uint16', s.uint16],
    ['uint32', s.uint32],
    ['uint64', s.uint64],
    ['uintptr', s.uint64],
    ['float32', s.float32],
    ['float64', s.float64],
    ['complex64', s.complex64],
    ['complex128', s.complex128],
    ['bool', s.bool],
    ['string', s.string],
  ];
  for (const [name, type] of scalars) {
    registry.register(name, type);
    registry.register(`[]${name}`, name === 'uint8' ? s.bytes : s.sliceOf(type));
  }
  // Registered by Mattermost's plugin package; the JS defaults for arrays and objects.
  registry.register('[]interface {}', s.sliceOf(s.iface));
  registry.register('map[string]interface {}', s.mapOf(s.string, s.iface));
}

export interface ResolvedInterface {
  readonly name: string;
  readonly type: GobType;
  readonly value: unknown;
}

function describeJs(value: unknown): string {
  if (typeof value !== 'object' || value === null) return typeof value;
  const ctor = (value as { constructor?: { name?: string } }).constructor?.name;
  return ctor ?? 'object';
}

/** Finds the Go type for an interface value; null for nil. */
export function resolveInterface(value: unknown, registry: TypeRegistry): ResolvedInterface | null {
  if (value === null || value === undefined) return null;
  let name: string | undefined;
  let type: GobType | undefined;
  let inner = value;
  if (value instanceof TypedValue) {
    name = value.name;
    type = value.type ?? registry.lookup(name);
    inner = value.value;
  } else {
    const info = typeof value === 'object' ? (value as { [GO_TYPE]?: GoTypeInfo })[GO_TYPE] : undefined;
    if (info !== undefined) {
      name = info.name;
      type = info.type ?? registry.lookup(name);
    } else {
      name = defaultGoName(value);
      if (name === undefined) {
        throw new GobError(
          `cannot send a ${describeJs(value)} in an interface: wrap it in TypedValue with a registered Go type name`,
        );
      }
      type = registry.lookup(name);
    }
  }
  if (type === undefined) throw new GobError(`type not registered for interface: ${name}`);
  return { name, type, value: inner };
}

/** Gives a decoded interface value its Go type, when its JS form alone would not say it. */
export function tagDecoded(value: unknown, name: string, type: GobType): unknown {
  if (defaultGoName(value) === name) return value;
  if (typeof value === 'object' && value !== null) return withGoType(value, name, type);
  return new TypedValue(name, value, type);
}
