/**
 * Decoder robustness: seeded, reproducible mutations of the Go vectors
 * (bit flips, truncation, duplication, splicing, count inflation, byte
 * overwrites) and random bytes. Every case must end in values or GobErrors:
 * any other exception, or a decoder that stops making progress, fails with
 * the seed and case number. Set GOB_FUZZ_SEED to replay or explore.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { Random } from '../testing/random';
import { Decoder } from './decoder';
import { GobError } from './errors';
import type { GobType } from './schema';
import { schemas, vectorRegistry } from './test-support/schemas';

const CASES = 100_000;
const MAX_INPUT = 1 << 14;
const seed = Number(process.env.GOB_FUZZ_SEED ?? 20240301) >>> 0;

/** Uniform in [0, 1) from the shared seeded PRNG. */
function mulberry32(s: number): () => number {
  const random = new Random(s);
  return () => random.uint32() / 0x1_0000_0000;
}

interface Seed {
  bytes: Uint8Array;
  schemas: GobType[];
}

function loadSeeds(): Seed[] {
  const root = process.env.GOB_VECTORS_DIR;
  const dir = root ? join(root, 'go') : '';
  if (!root || !existsSync(dir)) {
    throw new Error(
      'GOB_VECTORS_DIR is not set or has no go/ vectors: run `go run ./server/conformance/gobvectors -out ' +
        'test-results/gob-vectors/go`, then this test with GOB_VECTORS_DIR=test-results/gob-vectors',
    );
  }
  const seeds = readdirSync(dir)
    .filter((f) => f.endsWith('.gob'))
    .sort()
    .map((f) => {
      const doc = JSON.parse(readFileSync(join(dir, f.replace(/\.gob$/, '.json')), 'utf8')) as { values: { schema: string }[] };
      return { bytes: new Uint8Array(readFileSync(join(dir, f))), schemas: doc.values.map((v) => schemas[v.schema]!) };
    });
  if (seeds.length === 0) throw new Error(`no .gob vectors in ${dir}`);
  return seeds;
}

/** Produces one input from the seeds; deterministic in `rand`. */
function mutate(rand: () => number, seeds: Seed[]): { input: Uint8Array; seed: Seed | undefined } {
  const int = (n: number) => Math.floor(rand() * n);
  const pick = seeds[int(seeds.length)]!;
  const src = pick.bytes;
  const kind = int(8);
  switch (kind) {
    case 0: {
      const out = src.slice();
      for (let k = 1 + int(4); k > 0; k--) out[int(out.length)]! ^= 1 << int(8);
      return { input: out, seed: pick };
    }
    case 1:
      return { input: src.slice(0, int(src.length)), seed: pick };
    case 2: {
      const from = int(src.length);
      const to = from + int(src.length - from);
      const at = int(src.length);
      return { input: Buffer.concat([src.subarray(0, at), src.subarray(from, to), src.subarray(at)]), seed: pick };
    }
    case 3: {
      const other = seeds[int(seeds.length)]!.bytes;
      return { input: Buffer.concat([src.subarray(0, int(src.length)), other.subarray(int(other.length))]), seed: pick };
    }
    case 4: {
      // Count inflation: a huge uint where a small one was.
      const at = int(src.length);
      const huge = [Uint8Array.of(0xf8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), Uint8Array.of(0xfc, 0x7f, 0xff, 0xff, 0xff), Uint8Array.of(0xfe, 0x10, 0x00)][int(3)]!;
      return { input: Buffer.concat([src.subarray(0, at), huge, src.subarray(at + 1)]), seed: pick };
    }
    case 5: {
      const out = src.slice();
      for (let k = 1 + int(6); k > 0; k--) out[int(out.length)] = int(256);
      return { input: out, seed: pick };
    }
    case 6: {
      // Whole-vector duplication: definitions arrive twice.
      return { input: Buffer.concat([src, src.subarray(0, int(src.length))]), seed: pick };
    }
    default: {
      const out = new Uint8Array(int(64));
      for (let i = 0; i < out.length; i++) out[i] = int(256);
      return { input: out, seed: undefined };
    }
  }
}

interface Outcome {
  values: number;
  errors: number;
}

/** Feeds `bytes` in three pieces, reading after each as a stream reader does. */
function runCase(bytes: Uint8Array, cuts: [number, number], types: GobType[] | undefined): Outcome {
  const decoder = new Decoder({ registry, maxMessageSize: 1 << 16 });
  const outcome = { values: 0, errors: 0 };
  let steps = 0;
  for (const chunk of [bytes.subarray(0, cuts[0]), bytes.subarray(cuts[0], cuts[1]), bytes.subarray(cuts[1])]) {
    decoder.push(chunk);
    for (;;) {
      // Each read that returns a value or a non-fatal error consumes at least one byte.
      if (++steps > bytes.length + 3) throw new Error('decoder made no progress');
      try {
        const got = decoder.next(types?.[outcome.values % types.length]);
        if (got === undefined) break;
        outcome.values++;
      } catch (e) {
        if (!(e instanceof GobError)) throw e;
        outcome.errors++;
        if (e.fatal) return outcome;
      }
    }
  }
  return outcome;
}

const registry = vectorRegistry();

it(`decodes ${CASES} mutated inputs into values or GobErrors (seed ${seed})`, () => {
  const seeds = loadSeeds();
  const rand = mulberry32(seed);
  let values = 0;
  let errors = 0;
  // GobErrors are expected by the thousand here; their stack traces are not needed.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    for (let n = 0; n < CASES; n++) {
      const { input, seed: from } = mutate(rand, seeds);
      const bytes = input.subarray(0, MAX_INPUT);
      const types = from !== undefined && rand() < 0.5 ? from.schemas : undefined;
      const cut1 = Math.floor(rand() * (bytes.length + 1));
      const cut2 = cut1 + Math.floor(rand() * (bytes.length - cut1 + 1));
      try {
        const outcome = runCase(bytes, [cut1, cut2], types);
        values += outcome.values;
        errors += outcome.errors;
      } catch (e) {
        // Replay the case with stack traces for the report.
        Error.stackTraceLimit = stackTraceLimit;
        let detail = String(e);
        try {
          runCase(bytes, [cut1, cut2], types);
        } catch (again) {
          detail = (again as Error)?.stack ?? String(again);
        }
        throw new Error(
          `fuzz case ${n} (seed ${seed}; replay with GOB_FUZZ_SEED=${seed}) failed on ${Buffer.from(bytes).toString('hex').slice(0, 400)}: ${detail}`,
        );
      }
    }
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  // The mutations must reach both outcomes, or they test little.
  expect(values).toBeGreaterThan(CASES / 10);
  expect(errors).toBeGreaterThan(CASES / 10);
});
