/**
 * The byte stream net/rpc runs over: a yamux stream in production, a socket
 * adapter in tests. Reads are chunked; `null` means the peer half-closed.
 */
export interface ByteStream {
  read(): Promise<Uint8Array | null>;
  /** Ordered writes: bytes of two calls never interleave. */
  write(bytes: Uint8Array): Promise<void>;
  /** Half-close our side (FIN): the peer reads EOF. */
  closeWrite(): Promise<void>;
  /** Abort both directions. */
  reset(): void;
}

/** Writes chunks in order (the stream keeps them in order); resolves when the last is written. */
export function writeChunks(stream: ByteStream, chunks: readonly Uint8Array[]): Promise<void> {
  let last: Promise<void> = Promise.resolve();
  for (const chunk of chunks) last = stream.write(chunk);
  return last;
}
