/**
 * Every generated struct schema against Go's own encoding/gob, both ways.
 *
 * Go → TS: $GOB_VECTORS_DIR/models/<name>.gob holds a full and a sparse
 * value of the Go type that schemaIndex maps <name> to, written by
 * server/conformance/gobvectors; each must decode with the generated schema
 * to exactly the JS value in <name>.json (a mismatch names the type, the
 * variant and the field path).
 *
 * TS → Go: the expected values are built into JS values without the
 * decoder (the sparse one as a partial object, zero fields left out) and
 * encoded with the TS Encoder into $GOB_VECTORS_DIR/ts-models/<name>.gob,
 * followed by the decoded values re-encoded as they are (what a hook does
 * with a post it returns). The Go test in server/conformance/gobvectors
 * decodes all four into the real Go type and compares each with the Go
 * original.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Decoder } from '../../gob/decoder';
import { Encoder } from '../../gob/encoder';
import { TypeRegistry } from '../../gob/interface';
import { match, type Expected } from '../../gob/test-support/expected';
import { fromExpected } from '../../gob/test-support/from-expected';
import { registeredTypes } from './registered';
import { schemaIndex } from './schema-index';

interface ModelVector {
  go: string;
  values: { variant: 'full' | 'sparse'; expect: Expected }[];
}

const GENERATE =
  'run `go run ./server/conformance/gobvectors -out test-results/gob-vectors/go -models test-results/gob-vectors/models`, ' +
  'then this test with GOB_VECTORS_DIR=test-results/gob-vectors (the Makefile target test-unit does both)';
const root = process.env.GOB_VECTORS_DIR;
const modelDir = root ? join(root, 'models') : '';
const names = Object.keys(schemaIndex);

const registry = new TypeRegistry();
// As the runtime does (run.ts): the builtin []interface {} and map[string]interface {} stay.
for (const [name, type] of registeredTypes) if (!registry.lookup(name)) registry.register(name, type);

function load(name: string): { bytes: Uint8Array; doc: ModelVector } {
  const gob = join(modelDir, `${name}.gob`);
  const json = join(modelDir, `${name}.json`);
  if (!existsSync(gob) || !existsSync(json)) throw new Error(`no Go vector for ${name} (${gob}): ${GENERATE}`);
  return {
    bytes: new Uint8Array(readFileSync(gob)),
    doc: JSON.parse(readFileSync(json, 'utf8')) as ModelVector,
  };
}

/**
 * Decodes the stream with the schema, `rounds` times the vector's values,
 * matching each with its expectation; returns the decoded values.
 */
function decodeAndMatch(name: string, bytes: Uint8Array, doc: ModelVector, rounds = 1): unknown[] {
  const { schema } = schemaIndex[name]!;
  const dec = new Decoder({ registry });
  dec.push(bytes);
  const out: unknown[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const { variant, expect: want } of doc.values) {
      const got = dec.next(schema);
      if (got === undefined) throw new Error(`${name}: the stream ends before the ${variant} value`);
      match(got.value, want, `${name}[${variant}]`);
      out.push(got.value);
    }
  }
  expect(dec.next(), `${name}: a value after the last`).toBeUndefined();
  expect(dec.buffered, `${name}: bytes left over`).toBe(0);
  return out;
}

describe('model vectors', () => {
  it('has a Go vector for every generated schema, and a schema for every vector', () => {
    if (!root) throw new Error(`GOB_VECTORS_DIR is not set: ${GENERATE}`);
    if (!existsSync(modelDir)) throw new Error(`no model vectors in ${modelDir}: ${GENERATE}`);
    const files = readdirSync(modelDir);
    const missing = names.filter((n) => !files.includes(`${n}.gob`) || !files.includes(`${n}.json`));
    const unknown = files.map((f) => f.replace(/\.(gob|json)$/, '')).filter((n) => !(n in schemaIndex));
    expect(missing, 'schemas without a Go vector').toEqual([]);
    expect([...new Set(unknown)], 'Go vectors without a schema').toEqual([]);
    // The model types and the Z_ Args/Returns structs of every hook and API method.
    expect(names.length).toBeGreaterThan(800);
  });

  describe.each(names)('%s', (name) => {
    it('decodes Go bytes to the expected value and encodes it back for Go', () => {
      const { bytes, doc } = load(name);
      const entry = schemaIndex[name]!;
      expect(doc.go, 'Go type of the vector').toBe(entry.go);
      expect(doc.values.map((v) => v.variant)).toEqual(['full', 'sparse']);
      const decoded = decodeAndMatch(name, bytes, doc);

      const enc = new Encoder({ registry });
      const built = doc.values.map(({ variant, expect: want }) =>
        fromExpected(want, entry.schema, { registry, dropZeroFields: variant === 'sparse' }),
      );
      const stream = Buffer.concat([...built, ...decoded].map((value) => enc.encode(entry.schema, value)));
      // The TS decoder reads the TS encoding back to the same values.
      decodeAndMatch(name, stream, doc, 2);
      const tsDir = join(root!, 'ts-models');
      mkdirSync(tsDir, { recursive: true });
      writeFileSync(join(tsDir, `${name}.gob`), stream);
    });
  });
});
