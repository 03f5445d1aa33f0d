/**
 * The reverse of expected.ts's match: builds, from the expected form the Go
 * vector writer produces (plain JSON plus $int, $float, $complex, $bytes,
 * $map, $time and $iface tags), the JS value an author would hand to the
 * Encoder, guided by the schema. Values do not come from the TS decoder, so
 * the encoder is checked on its own. With `dropZeroFields`, struct fields
 * holding Go's zero value are left out, as in the partial objects plugin
 * code writes (gob omits zero fields, so the bytes must not change).
 */
import { zeroMaker } from '../decode';
import { defaultGoName, TypedValue, type TypeRegistry } from '../interface';
import { GoTime } from '../marshalers';
import type { GobType } from '../schema';
import { matches, type Expected } from './expected';

export interface FromExpectedOptions {
  registry: TypeRegistry;
  dropZeroFields?: boolean;
}

type Tagged = { [key: string]: Expected };

function isTag(e: Expected, tag: string): e is Tagged {
  return e !== null && typeof e === 'object' && !Array.isArray(e) && Object.keys(e)[0] === tag;
}

function fail(path: string, message: string): never {
  throw new Error(`fromExpected at ${path || '(root)'}: ${message}`);
}

function integer(e: Expected, path: string): number | bigint {
  if (typeof e === 'number') return e;
  if (isTag(e, '$int')) return BigInt(e.$int as string);
  return fail(path, `not an integer: ${JSON.stringify(e)}`);
}

function float(e: Expected, path: string): number {
  if (typeof e === 'number') return e;
  if (isTag(e, '$float')) {
    switch (e.$float) {
      case 'NaN':
        return NaN;
      case '+Inf':
        return Infinity;
      case '-Inf':
        return -Infinity;
      case '-0':
        return -0;
    }
  }
  return fail(path, `not a float: ${JSON.stringify(e)}`);
}

function setKey(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}

export function fromExpected(e: Expected, type: GobType, options: FromExpectedOptions, path = ''): unknown {
  if (e === null) return null;
  switch (type.kind) {
    case 'bool':
    case 'string':
      return e;
    case 'int':
    case 'uint':
      return integer(e, path);
    case 'float':
      return float(e, path);
    case 'complex': {
      if (!isTag(e, '$complex')) return fail(path, 'expected $complex');
      const [re, im] = e.$complex as Expected[];
      return { re: float(re!, path), im: float(im!, path) };
    }
    case 'bytes':
      if (!isTag(e, '$bytes')) return fail(path, 'expected $bytes');
      return new Uint8Array(Buffer.from(e.$bytes as string, 'base64'));
    case 'slice':
    case 'array':
      if (!Array.isArray(e)) return fail(path, 'expected an array');
      return e.map((item, i) => fromExpected(item, type.elem, options, `${path}[${i}]`));
    case 'map': {
      if (isTag(e, '$map')) {
        return new Map(
          (e.$map as [Expected, Expected][]).map(([k, v], i) => [
            fromExpected(k, type.key, options, `${path}{#${i}}`),
            fromExpected(v, type.elem, options, `${path}{#${i}}`),
          ]),
        );
      }
      if (typeof e !== 'object' || Array.isArray(e)) return fail(path, 'expected an object');
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(e as Tagged)) setKey(out, k, fromExpected(v, type.elem, options, `${path}{${k}}`));
      return out;
    }
    case 'ptr':
      return fromExpected(e, type.elem, options, path);
    case 'interface': {
      if (!isTag(e, '$iface')) return fail(path, 'expected $iface');
      const name = e.$iface as string;
      const inner = options.registry.lookup(name);
      if (inner === undefined) return fail(path, `${name} is not registered`);
      const value = fromExpected(e.value ?? null, inner, options, `${path}(${name})`);
      return defaultGoName(value) === name ? value : new TypedValue(name, value);
    }
    case 'struct': {
      if (typeof e !== 'object' || Array.isArray(e)) return fail(path, 'expected an object');
      const out: Record<string, unknown> = {};
      for (const field of type.fields) {
        if (!Object.prototype.hasOwnProperty.call(e, field.key)) continue;
        const fe = e[field.key]!;
        if (options.dropZeroFields && matches(zeroMaker(field.type)(), fe)) continue;
        setKey(out, field.key, fromExpected(fe, field.type, options, `${path}.${field.key}`));
      }
      for (const key of Object.keys(e)) {
        if (!type.fields.some((f) => f.key === key)) fail(`${path}.${key}`, `no such field in ${type.name}`);
      }
      return out;
    }
    case 'marshaler':
      if (type.name === 'time.Time') {
        if (!isTag(e, '$time')) return fail(path, 'expected $time');
        const t = e.$time as { unix: Expected; nsec: number; offset: number | null };
        return new GoTime(integer(t.unix, path), t.nsec, t.offset);
      }
      if (type.name === 'url.URL') return e;
      return fail(path, `no conversion for marshaler ${type.name}`);
  }
}
