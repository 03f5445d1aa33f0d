/**
 * Go net/rpc client over one byte stream (src/net/rpc/client.go).
 *
 * Calls may be issued concurrently; each gets the next Seq and its reply is
 * matched by Seq, in whatever order the server answers. When the stream ends
 * or breaks, every pending call fails, and later calls fail at once.
 */
import { Encoder, type GobType } from '../gob';
import { writeChunks, type ByteStream } from './byte-stream';
import { ProtocolError, ServerError, ShutdownError } from './errors';
import { EndOfStream, MessageReader } from './message-reader';
import { requestHeaderType, responseHeaderType, type ResponseHeader } from './messages';

interface PendingCall {
  readonly serviceMethod: string;
  readonly replyType: GobType;
  readonly into: unknown;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class RpcClient {
  private readonly encoder = new Encoder();
  private readonly pending = new Map<number, PendingCall>();
  private nextSeq = 0;
  private shutdown: Error | undefined;
  /** Resolves when the reply loop has ended (stream closed or broken). */
  readonly closed: Promise<void>;

  constructor(private readonly stream: ByteStream) {
    this.closed = this.readReplies();
  }

  /**
   * Calls `serviceMethod` with `arg` encoded as `argType`; resolves with the
   * reply decoded as `replyType` (into `into` when given, as Go decodes into
   * the caller's reply value).
   */
  call<R = unknown>(serviceMethod: string, argType: GobType, arg: unknown, replyType: GobType, into?: unknown): Promise<R> {
    if (this.shutdown) return Promise.reject(this.shutdown);
    const seq = this.nextSeq++;
    let chunks: Uint8Array[];
    try {
      // Large byte slices (a ServeHTTP body) go out from the caller's memory, uncopied.
      chunks = this.encoder.encodeBatchChunks([
        [requestHeaderType, { ServiceMethod: serviceMethod, Seq: seq }],
        [argType, arg],
      ]);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<R>((resolve, reject) => {
      this.pending.set(seq, { serviceMethod, replyType, into, resolve: resolve as (v: unknown) => void, reject });
      writeChunks(this.stream, chunks).catch((error: unknown) => {
        if (this.pending.delete(seq)) reject(new ShutdownError(`rpc: writing ${serviceMethod}: ${String(error)}`));
      });
    });
  }

  /** Half-closes the stream; pending calls still get their replies. */
  async close(): Promise<void> {
    this.shutdown ??= new ShutdownError('rpc: connection is shut down');
    await this.stream.closeWrite().catch(() => undefined);
  }

  private async readReplies(): Promise<void> {
    const reader = new MessageReader(this.stream);
    let failure: Error;
    try {
      for (;;) {
        const header = (await reader.next(responseHeaderType)) as ResponseHeader;
        const call = this.pending.get(header.Seq);
        this.pending.delete(header.Seq);
        const wanted = call && header.Error === '' ? call : undefined;
        let reply: unknown;
        try {
          // On an error answer the body is struct{}; a reply nobody waits for is read and dropped.
          reply = await reader.next(wanted?.replyType, wanted?.into);
        } catch (error) {
          call?.reject(new ProtocolError(`rpc: reading body of ${call.serviceMethod}: ${String(error)}`));
          throw error;
        }
        if (!call) continue;
        if (header.Error !== '') {
          call.reject(new ServerError(call.serviceMethod, header.Error));
          continue;
        }
        call.resolve(reply);
      }
    } catch (error) {
      failure = error instanceof EndOfStream
        ? new ShutdownError(this.shutdown ? 'rpc: connection is shut down' : 'rpc: unexpected EOF')
        : new ProtocolError(`rpc: client protocol error: ${String(error)}`);
    }
    this.shutdown ??= failure;
    for (const call of this.pending.values()) call.reject(failure);
    this.pending.clear();
  }
}
