/**
 * Exact-length reads on a chunked byte stream. A chunk may hold more than the
 * bytes asked for; the rest is kept and served first by the returned stream.
 */
import type { ByteStream } from '../netrpc/byte-stream';

export class ShortReadError extends Error {
  override name = 'ShortReadError';
}

export async function readExactly(stream: ByteStream, length: number): Promise<{ bytes: Uint8Array; stream: ByteStream }> {
  const parts: Uint8Array[] = [];
  let have = 0;
  while (have < length) {
    const chunk = await stream.read();
    if (chunk === null) throw new ShortReadError(`stream ended after ${have} of ${length} bytes`);
    parts.push(chunk);
    have += chunk.length;
  }
  const all = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  const bytes = all.subarray(0, length);
  const rest = all.subarray(length);
  return { bytes, stream: rest.length > 0 ? withPrefix(stream, rest) : stream };
}

/** `stream` with `prefix` served by the first read. */
export function withPrefix(stream: ByteStream, prefix: Uint8Array): ByteStream {
  let pending: Uint8Array | undefined = prefix;
  return {
    read: () => {
      if (pending) {
        const chunk = pending;
        pending = undefined;
        return Promise.resolve(chunk);
      }
      return stream.read();
    },
    write: (bytes) => stream.write(bytes),
    closeWrite: () => stream.closeWrite(),
    reset: () => stream.reset(),
  };
}
