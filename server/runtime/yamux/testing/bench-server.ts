/**
 * The server side of gopeer's bench protocol (gopeer/bench.go): the first
 * byte of each stream picks echo ('E'), sink ('S': answer the byte count) or
 * generate ('G': send the requested count).
 */
import type { Session } from '../session';
import type { Stream } from '../stream';

const ECHO = 0x45; // 'E'
const SINK = 0x53; // 'S'
const GENERATE = 0x47; // 'G'

/** Serves every stream the peer opens until the session ends. */
export async function serveBenchProtocol(session: Session): Promise<void> {
  for (;;) {
    let stream: Stream;
    try {
      stream = await session.accept();
    } catch {
      return;
    }
    serveStream(stream).catch(() => stream.reset());
  }
}

async function serveStream(stream: Stream): Promise<void> {
  const first = await stream.read();
  if (first === null) return;
  let rest = first.subarray(1);
  switch (first[0]) {
    case ECHO:
      if (rest.length > 0) await stream.write(rest);
      for await (const chunk of stream) await stream.write(chunk);
      break;
    case SINK: {
      let count = rest.length;
      for await (const chunk of stream) count += chunk.length;
      const answer = Buffer.alloc(8);
      answer.writeBigUInt64BE(BigInt(count));
      await stream.write(answer);
      break;
    }
    case GENERATE: {
      while (rest.length < 8) {
        const more = await stream.read();
        if (more === null) throw new Error('generate request cut short');
        rest = Buffer.concat([rest, more]);
      }
      const count = Number(Buffer.from(rest.buffer, rest.byteOffset, 8).readBigUInt64BE());
      const chunk = Buffer.alloc(64 * 1024, 0x5a);
      for (let sent = 0; sent < count; sent += chunk.length) {
        await stream.write(sent + chunk.length <= count ? chunk : chunk.subarray(0, count - sent));
      }
      break;
    }
  }
  await stream.closeWrite();
}
