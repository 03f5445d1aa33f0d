/**
 * Conformance against Go's own encoding/gob, both directions.
 *
 * Go → TS: $GOB_VECTORS_DIR/go/<case>.gob was written by Go
 * (server/conformance/gobvectors); each value must decode, with the mirrored
 * schema and without one, to the JS value in <case>.json — also when the
 * bytes arrive in arbitrary chunks.
 *
 * TS → Go: the decoded values are re-encoded with one TS Encoder per case
 * into $GOB_VECTORS_DIR/ts/<case>.gob, which the Go test in the same package
 * decodes with encoding/gob and compares with the Go originals.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Random } from '../testing/random';
import { Decoder } from './decoder';
import { Encoder } from './encoder';
import type { GobType } from './schema';
import { match, type Expected } from './test-support/expected';
import { Post, schemas, vectorRegistry } from './test-support/schemas';

interface VectorValue {
  schema: string;
  expect: Expected;
  expectWire: Expected;
}
interface VectorCase {
  name: string;
  partial: boolean;
  values: VectorValue[];
  merged?: Expected;
}

const GENERATE =
  'run `go run ./server/conformance/gobvectors -out test-results/gob-vectors/go`, then this test with ' +
  'GOB_VECTORS_DIR=test-results/gob-vectors (the Makefile target test-unit does both)';
const root = process.env.GOB_VECTORS_DIR;
const goDir = root ? join(root, 'go') : undefined;
const caseNames =
  goDir && existsSync(goDir)
    ? readdirSync(goDir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => f.slice(0, -'.json'.length))
        .sort()
    : [];

const registry = vectorRegistry();

function load(name: string): { bytes: Uint8Array; doc: VectorCase } {
  const bytes = new Uint8Array(readFileSync(join(goDir!, `${name}.gob`)));
  const doc = JSON.parse(readFileSync(join(goDir!, `${name}.json`), 'utf8')) as VectorCase;
  return { bytes, doc };
}

function schemaOf(name: string): GobType {
  const schema = schemas[name];
  if (schema === undefined) throw new Error(`no TS schema named ${name} (add it to test-support/schemas.ts)`);
  return schema;
}

/** Decodes every value of a case from `chunks`, calling next() after each push like a stream reader. */
function decodeChunked(chunks: Uint8Array[], doc: VectorCase, wire = false): unknown[] {
  const dec = new Decoder({ registry });
  const out: unknown[] = [];
  const nextType = () => (wire ? undefined : schemaOf(doc.values[out.length]!.schema));
  for (const chunk of chunks) {
    dec.push(chunk);
    while (out.length < doc.values.length) {
      const got = dec.next(nextType());
      if (got === undefined) break;
      out.push(got.value);
    }
  }
  expect(out.length, 'values decoded').toBe(doc.values.length);
  expect(dec.next(), 'no value after the last').toBeUndefined();
  expect(dec.buffered, 'bytes left over').toBe(0);
  return out;
}

function check(values: unknown[], doc: VectorCase, wire = false): void {
  values.forEach((value, i) => {
    const v = doc.values[i]!;
    match(value, wire ? v.expectWire : v.expect, `value ${i} (${v.schema})`, { partial: doc.partial });
  });
}

/** Deterministic uniform [0, 1) so chunk splits are reproducible. */
function random(seed: number): () => number {
  const prng = new Random(seed);
  return () => prng.uint32() / 0x1_0000_0000;
}

describe('gob vectors', () => {
  it('finds the vectors Go wrote', () => {
    if (!root) throw new Error(`GOB_VECTORS_DIR is not set: ${GENERATE}`);
    if (caseNames.length === 0) throw new Error(`no vectors in ${goDir}: ${GENERATE}`);
    // The cases this suite relies on; a generator that lost one must fail here.
    for (const name of ['singletons', 'scalars_max', 'interfaces', 'split_messages', 'times', 'post', 'post_into']) {
      expect(caseNames).toContain(name);
    }
  });

  describe.each(caseNames)('%s', (name) => {
    const { bytes, doc } = load(name);

    it('decodes Go bytes with the mirrored schema', () => {
      check(decodeChunked([bytes], doc), doc);
    });

    it('decodes Go bytes without a schema (Go field names)', () => {
      check(decodeChunked([bytes], doc, true), doc, true);
    });

    it('decodes the same when the bytes arrive in pieces', () => {
      if (bytes.length <= 800) {
        for (let k = 1; k < bytes.length; k++) {
          check(decodeChunked([bytes.subarray(0, k), bytes.subarray(k)], doc), doc);
        }
      }
      // One byte at a time, then random splits into up to 12 pieces.
      check(decodeChunked([...bytes].map((b) => Uint8Array.of(b)), doc), doc);
      const rand = random(0x5eed + bytes.length);
      for (let trial = 0; trial < 40; trial++) {
        const cuts = [...new Set(Array.from({ length: 1 + Math.floor(rand() * 11) }, () => Math.floor(rand() * bytes.length)))].sort(
          (a, b) => a - b,
        );
        const chunks: Uint8Array[] = [];
        let from = 0;
        for (const cut of [...cuts, bytes.length]) {
          chunks.push(bytes.subarray(from, cut));
          from = cut;
        }
        check(decodeChunked(chunks, doc), doc);
      }
    });

    it('re-encodes with the TS Encoder for the Go side to check', () => {
      const values = decodeChunked([bytes], doc);
      const enc = new Encoder({ registry });
      const parts = values.map((value, i) => enc.encode(schemaOf(doc.values[i]!.schema), value));
      const stream = Buffer.concat(parts);
      // The TS decoder must read its own output back to the same values.
      check(decodeChunked([stream], doc), doc);
      const tsDir = join(root!, 'ts');
      mkdirSync(tsDir, { recursive: true });
      writeFileSync(join(tsDir, `${name}.gob`), stream);
    });

    if (doc.merged !== undefined) {
      it('merges into an existing Post as Go does', () => {
        const dec = new Decoder({ registry });
        dec.push(bytes);
        const base = dec.next(Post)!.value as Record<string, unknown>;
        const baseProps = base.props;
        const baseFileIds = base.file_ids;
        const merged = dec.next(Post, base)!.value;
        expect(merged).toBe(base);
        expect(base.props, 'props map reused').toBe(baseProps);
        expect(base.file_ids, 'slice with room reused').toBe(baseFileIds);
        match(merged, doc.merged!, 'merged', { partial: true });
        // Spelled out: absent fields keep their values, props merge key by key.
        expect(base.id).toBe('base');
        expect(base.type).toBe('custom_old');
        expect(base.props).toEqual({ keep: 'yes', over: 'new', added: 1 });
        expect(base.file_ids).toEqual(['n1']);
      });
    }
  });
});
