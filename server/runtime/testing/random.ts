/** A small seeded PRNG (mulberry32) so fuzz and property tests are reproducible from a printed seed. */
export class Random {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 2^32). */
  uint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform integer in [0, n). */
  below(n: number): number {
    return Math.floor((this.uint32() / 0x1_0000_0000) * n);
  }

  chance(p: number): boolean {
    return this.uint32() / 0x1_0000_0000 < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }

  bytes(size: number): Uint8Array {
    const out = new Uint8Array(size);
    for (let i = 0; i < size; i += 1) out[i] = this.uint32() & 0xff;
    return out;
  }

  /** Splits `bytes` into 1..maxPieces contiguous views at random points. */
  split(bytes: Uint8Array, maxPieces: number): Uint8Array[] {
    const pieces: Uint8Array[] = [];
    let offset = 0;
    const count = 1 + this.below(maxPieces);
    for (let i = 1; i < count && offset < bytes.length; i += 1) {
      const size = 1 + this.below(Math.max(1, Math.ceil((bytes.length - offset) / (count - i))) * 2);
      const end = Math.min(bytes.length, offset + size);
      pieces.push(bytes.subarray(offset, end));
      offset = end;
    }
    if (offset < bytes.length) pieces.push(bytes.subarray(offset));
    return pieces;
  }
}
