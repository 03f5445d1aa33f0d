/**
 * In-memory connections for tests: two Duplex ends where each write on one
 * end is read on the other, and `end()` is seen as EOF by the other end.
 */
import { Duplex } from 'node:stream';

export interface DuplexPair {
  readonly a: Duplex;
  readonly b: Duplex;
}

export function duplexPair(): DuplexPair {
  const make = (peer: () => Duplex): Duplex =>
    new Duplex({
      read() {},
      write(chunk: Buffer, _encoding, callback) {
        const other = peer();
        if (!other.destroyed) other.push(chunk);
        callback();
      },
      writev(chunks, callback) {
        const other = peer();
        if (!other.destroyed) other.push(Buffer.concat(chunks.map((entry) => entry.chunk as Buffer)));
        callback();
      },
      final(callback) {
        const other = peer();
        if (!other.destroyed) other.push(null);
        callback();
      },
    });
  const a: Duplex = make(() => b);
  const b: Duplex = make(() => a);
  return { a, b };
}

/** A connection end driven by hand: bytes pushed with feed(), output collected in `written`. */
export class ScriptedConnection {
  readonly duplex: Duplex;
  readonly written: Buffer[] = [];
  ended = false;

  constructor() {
    this.duplex = new Duplex({
      read() {},
      write: (chunk: Buffer, _encoding, callback) => {
        this.written.push(chunk);
        callback();
      },
      final: (callback) => {
        this.ended = true;
        callback();
      },
    });
  }

  feed(bytes: Uint8Array): void {
    if (!this.duplex.destroyed) this.duplex.push(bytes);
  }

  endInput(): void {
    if (!this.duplex.destroyed) this.duplex.push(null);
  }

  /** Everything written so far, concatenated, and forgets it. */
  takeOutput(): Buffer {
    const out = Buffer.concat(this.written);
    this.written.length = 0;
    return out;
  }
}
