/**
 * Go net/rpc server over one byte stream (src/net/rpc/server.go ServeCodec).
 *
 * Requests are read one after another; each call runs concurrently and its
 * reply is written when it settles, so replies can leave out of order (the
 * client matches them by Seq). Unknown methods and undecodable arguments get
 * an error reply with Go's own texts and the connection keeps going; an
 * undecodable header ends it, as in Go.
 */
import { Encoder, type GobType } from '../gob';
import { emptyStruct } from '../gob/schema';
import { writeChunks, type ByteStream } from './byte-stream';
import { MethodError, messageOf } from './errors';
import { EndOfStream, MessageReader } from './message-reader';
import { requestHeaderType, responseHeaderType, type RequestHeader, type ResponseHeader } from './messages';

export interface MethodSpec<A = unknown, R = unknown> {
  readonly argType: GobType;
  readonly replyType: GobType;
  /** Resolves with the reply; throwing answers the call with the error's message. */
  readonly handler: (arg: A) => R | Promise<R>;
}

export interface ServeOptions {
  /** Called with errors that end the connection or that a handler threw (not MethodError). */
  readonly onError?: (error: unknown, serviceMethod?: string) => void;
}

export class RpcServer {
  private readonly methods = new Map<string, MethodSpec>();
  private readonly services = new Set<string>();

  /** Registers "Service.Method". */
  register<A, R>(serviceMethod: string, spec: MethodSpec<A, R>): this {
    const dot = serviceMethod.lastIndexOf('.');
    if (dot <= 0) throw new Error(`rpc: method name must be "Service.Method": ${serviceMethod}`);
    this.services.add(serviceMethod.slice(0, dot));
    this.methods.set(serviceMethod, spec as MethodSpec);
    return this;
  }

  /** Serves until the peer closes the stream; resolves after every reply has been written. */
  async serve(stream: ByteStream, options: ServeOptions = {}): Promise<void> {
    const reader = new MessageReader(stream);
    const replies = new ReplyWriter(stream);
    const inFlight = new Set<Promise<void>>();
    try {
      for (;;) {
        let header: RequestHeader;
        try {
          header = (await reader.next(requestHeaderType)) as RequestHeader;
        } catch (error) {
          if (!(error instanceof EndOfStream)) options.onError?.(new Error(`rpc: server cannot decode request: ${messageOf(error)}`));
          break;
        }
        const lookup = this.lookup(header.ServiceMethod);
        let arg: unknown;
        try {
          // Without a known method the body is still read (and dropped) to stay in step.
          arg = await reader.next(lookup.spec?.argType);
        } catch (error) {
          if (error instanceof EndOfStream) break;
          replies.send(header, emptyStruct, {}, messageOf(error));
          continue;
        }
        if (!lookup.spec) {
          replies.send(header, emptyStruct, {}, lookup.error);
          continue;
        }
        const call = this.invoke(lookup.spec, header, arg, replies, options);
        inFlight.add(call);
        void call.finally(() => inFlight.delete(call));
      }
    } finally {
      await Promise.allSettled([...inFlight]);
      await replies.drain();
      // As Go's ServeCodec closes its codec: the peer reads EOF once every reply is out.
      await stream.closeWrite().catch(() => undefined);
    }
  }

  private lookup(serviceMethod: string): { spec?: MethodSpec; error: string } {
    const dot = serviceMethod.lastIndexOf('.');
    if (dot < 0) return { error: `rpc: service/method request ill-formed: ${serviceMethod}` };
    if (!this.services.has(serviceMethod.slice(0, dot))) return { error: `rpc: can't find service ${serviceMethod}` };
    const spec = this.methods.get(serviceMethod);
    return spec ? { spec, error: '' } : { error: `rpc: can't find method ${serviceMethod}` };
  }

  private async invoke(spec: MethodSpec, header: RequestHeader, arg: unknown, replies: ReplyWriter, options: ServeOptions): Promise<void> {
    let reply: unknown;
    try {
      reply = await spec.handler(arg);
    } catch (error) {
      if (!(error instanceof MethodError)) options.onError?.(error, header.ServiceMethod);
      replies.send(header, emptyStruct, {}, messageOf(error));
      return;
    }
    try {
      replies.send(header, spec.replyType, reply, '');
    } catch (error) {
      // The reply did not fit its declared type: report it to the caller instead of hanging it.
      options.onError?.(error, header.ServiceMethod);
      replies.send(header, emptyStruct, {}, `rpc: cannot encode reply of ${header.ServiceMethod}: ${messageOf(error)}`);
    }
  }
}

/** Encodes header + body with the connection's one gob Encoder and writes them as one unit. */
class ReplyWriter {
  private readonly encoder = new Encoder();
  private last: Promise<void> = Promise.resolve();

  constructor(private readonly stream: ByteStream) {}

  /** Throws (leaving the encoder untouched) when `body` does not fit `bodyType`. */
  send(request: RequestHeader, bodyType: GobType, body: unknown, error: string): void {
    const header: ResponseHeader = { ServiceMethod: request.ServiceMethod, Seq: request.Seq, Error: error };
    const chunks = this.encoder.encodeBatchChunks([
      [responseHeaderType, header],
      [bodyType, body],
    ]);
    // A closed stream means the peer is gone; its pending calls end on its side.
    this.last = writeChunks(this.stream, chunks).catch(() => undefined);
  }

  drain(): Promise<void> {
    return this.last;
  }
}
