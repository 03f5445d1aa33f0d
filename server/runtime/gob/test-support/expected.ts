/**
 * Compares a decoded JS value with the expected form the Go vector
 * generator writes (server/conformance/gobvectors/expect.go): plain JSON
 * plus tags for what JSON cannot say ($int, $float, $complex, $bytes, $map,
 * $time, $iface). Throws an Error naming the first differing path.
 */
import { goTypeOf, TypedValue } from '../interface';
import { GoTime } from '../marshalers';

export type Expected = null | boolean | number | string | Expected[] | { [key: string]: Expected };

export interface MatchOptions {
  /** The schema lists only some Go fields: expected keys the decoded object lacks are allowed. */
  partial?: boolean;
}

class Mismatch extends Error {}

function show(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof Uint8Array) return `Uint8Array[${[...value].join(',')}]`;
  if (value instanceof TypedValue) return `TypedValue(${value.name}, ${show(value.value)})`;
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))?.slice(0, 200) ?? String(value);
  } catch {
    return String(value);
  }
}

function fail(path: string, actual: unknown, expected: Expected): never {
  throw new Mismatch(`at ${path || '(root)'}: got ${show(actual)}, expected ${JSON.stringify(expected)?.slice(0, 200)}`);
}

function isTagged(e: { [key: string]: Expected }, tag: string): boolean {
  const keys = Object.keys(e);
  return keys[0] === tag && (keys.length === 1 || (tag === '$iface' && keys.length === 2));
}

function bigOf(e: Expected): bigint {
  if (typeof e === 'number') return BigInt(e);
  if (e !== null && typeof e === 'object' && !Array.isArray(e) && typeof e.$int === 'string') return BigInt(e.$int);
  throw new Error(`not an integer: ${JSON.stringify(e)}`);
}

function matchFloat(actual: unknown, e: Expected, path: string): void {
  if (typeof actual !== 'number') fail(path, actual, e);
  if (typeof e === 'number') {
    if (!Object.is(actual, e)) fail(path, actual, e);
    return;
  }
  const tag = (e as { $float?: string }).$float;
  const ok =
    (tag === 'NaN' && Number.isNaN(actual)) ||
    (tag === '+Inf' && actual === Infinity) ||
    (tag === '-Inf' && actual === -Infinity) ||
    (tag === '-0' && Object.is(actual, -0));
  if (!ok) fail(path, actual, e);
}

export function matches(actual: unknown, expected: Expected, options: MatchOptions = {}): boolean {
  try {
    match(actual, expected, '', options);
    return true;
  } catch (e) {
    if (e instanceof Mismatch) return false;
    throw e;
  }
}

export function match(actual: unknown, e: Expected, path = '', options: MatchOptions = {}): void {
  if (e === null) {
    if (actual !== null) fail(path, actual, e);
    return;
  }
  if (typeof e === 'boolean' || typeof e === 'string') {
    if (actual !== e) fail(path, actual, e);
    return;
  }
  if (typeof e === 'number') {
    if (typeof actual !== 'number' || !Object.is(actual, e)) fail(path, actual, e);
    return;
  }
  if (Array.isArray(e)) {
    if (!Array.isArray(actual) || actual.length !== e.length) fail(path, actual, e);
    e.forEach((item, i) => match((actual as unknown[])[i], item, `${path}[${i}]`, options));
    return;
  }
  if (isTagged(e, '$int')) {
    if (typeof actual !== 'bigint' || actual !== bigOf(e)) fail(path, actual, e);
    return;
  }
  if (isTagged(e, '$float')) {
    matchFloat(actual, e, path);
    return;
  }
  if (isTagged(e, '$complex')) {
    const [re, im] = e.$complex as Expected[];
    if (typeof actual !== 'object' || actual === null) fail(path, actual, e);
    matchFloat((actual as { re: unknown }).re, re!, `${path}.re`);
    matchFloat((actual as { im: unknown }).im, im!, `${path}.im`);
    return;
  }
  if (isTagged(e, '$bytes')) {
    const want = Buffer.from(e.$bytes as string, 'base64');
    if (!(actual instanceof Uint8Array) || !Buffer.from(actual).equals(want)) fail(path, actual, e);
    return;
  }
  if (isTagged(e, '$time')) {
    const t = e.$time as { unix: Expected; nsec: number; offset: number | null };
    if (!(actual instanceof GoTime)) fail(path, actual, e);
    if (BigInt(actual.seconds) !== bigOf(t.unix) || actual.nanos !== t.nsec || actual.offset !== t.offset) {
      fail(path, actual, e);
    }
    return;
  }
  if (isTagged(e, '$iface')) {
    const name = goTypeOf(actual);
    if (name !== e.$iface) fail(`${path}<type>`, name, e.$iface as string);
    const inner = actual instanceof TypedValue ? actual.value : actual;
    match(inner, e.value ?? null, `${path}(${name})`, options);
    return;
  }
  if (isTagged(e, '$map')) {
    if (!(actual instanceof Map)) fail(path, actual, e);
    const pairs = e.$map as [Expected, Expected][];
    if (actual.size !== pairs.length) fail(`${path}.size`, actual.size, pairs.length);
    for (const [k, v] of pairs) {
      const entry = [...actual].find(([ak]) => matches(ak, k, options));
      if (entry === undefined) fail(`${path}{${JSON.stringify(k)}}`, undefined, k);
      match(entry[1], v, `${path}{${JSON.stringify(k)}}`, options);
    }
    return;
  }
  // A struct or a string-keyed map.
  if (typeof actual !== 'object' || actual === null || Array.isArray(actual) || actual instanceof Map) fail(path, actual, e);
  const obj = actual as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (obj[key] === undefined && !(key in e)) continue; // omitempty field left undefined
    if (!Object.prototype.hasOwnProperty.call(e, key)) fail(`${path}.${key}`, obj[key], '<absent>');
    match(obj[key], e[key]!, `${path}.${key}`, options);
  }
  for (const key of Object.keys(e)) {
    if (!Object.prototype.hasOwnProperty.call(obj, key) && !options.partial) fail(`${path}.${key}`, undefined, e[key]!);
  }
}
