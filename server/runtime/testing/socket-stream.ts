/**
 * A ByteStream over a plain socket: lets net/rpc talk to Go's net/rpc over a
 * unix socket in tests, without yamux in between.
 */
import type { Socket } from 'node:net';
import type { ByteStream } from '../netrpc/byte-stream';

export function socketStream(socket: Socket): ByteStream {
  const chunks: Uint8Array[] = [];
  let ended = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  socket.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    notify();
  });
  socket.on('end', () => {
    ended = true;
    notify();
  });
  socket.on('error', (error) => {
    failure = error;
    notify();
  });
  socket.on('close', () => {
    ended = true;
    notify();
  });
  return {
    async read() {
      for (;;) {
        const chunk = chunks.shift();
        if (chunk) return chunk;
        if (failure) throw failure;
        if (ended) return null;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
    write: (bytes) =>
      new Promise<void>((resolve, reject) => socket.write(bytes, (error) => (error ? reject(error) : resolve()))),
    closeWrite: () => new Promise<void>((resolve) => socket.end(resolve)),
    reset: () => socket.destroy(),
  };
}
