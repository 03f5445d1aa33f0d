/**
 * The request body, pulled from the host with Mattermost's io_rpc protocol
 * (plugin/io_rpc.go): we write a signed varint n (Go's binary.PutVarint) as
 * credit, the host copies at most n bytes; fewer than n, or the stream's
 * FIN, means the body ended. Exposed as a Fetch ReadableStream so an
 * author's `await request.json()` pulls it lazily.
 */
import type { ByteStream } from '../../netrpc/byte-stream';

/** Bytes asked for per credit: a few yamux windows, so large bodies flow without a round trip per 32 KiB. */
export const BODY_CREDIT = 1 << 20;

export class BodyProtocolError extends Error {
  override name = 'BodyProtocolError';
}

/** binary.PutVarint: zig-zag, then unsigned LEB128. */
export function putVarint(value: number): Uint8Array {
  let zigzag = BigInt(value) << 1n;
  if (value < 0) zigzag = ~zigzag;
  const out: number[] = [];
  while (zigzag >= 0x80n) {
    out.push(Number(zigzag & 0x7fn) | 0x80);
    zigzag >>= 7n;
  }
  out.push(Number(zigzag));
  return Uint8Array.from(out);
}

export function requestBodyStream(stream: ByteStream, credit = BODY_CREDIT): ReadableStream<Uint8Array> {
  let outstanding = 0;
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    // Our FIN ends the host's serveIOReader loop.
    void stream.closeWrite().catch(() => undefined);
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (outstanding === 0) {
          await stream.write(putVarint(credit));
          outstanding = credit;
        }
        const chunk = await stream.read();
        if (chunk === null) {
          finish();
          controller.close();
          return;
        }
        if (chunk.length > outstanding) {
          finish();
          controller.error(new BodyProtocolError(`host sent ${chunk.length} body bytes against a credit of ${outstanding}`));
          return;
        }
        outstanding -= chunk.length;
        controller.enqueue(chunk);
      },
      cancel() {
        finish();
      },
    },
    { highWaterMark: 0 },
  );
}
