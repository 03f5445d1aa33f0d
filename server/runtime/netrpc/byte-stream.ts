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
