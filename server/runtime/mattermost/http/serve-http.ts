/**
 * The ServeHTTP bridge: the host's Plugin.ServeHTTP call becomes a Fetch API
 * Request for the author's handler, and the Response goes back through the
 * host's ResponseWriter service (plugin/client_rpc.go hooksRPCServer.ServeHTTP).
 *
 * The host has already removed `/plugins/<id>` from the URL path and set
 * `Mattermost-User-Id` for an authenticated session (and removed any such
 * header a client sent). Every write to the host is finished before this
 * resolves: the host treats the RPC's return as the end of the response.
 */
import type { MuxBroker } from '../../goplugin/broker';
import type { Logger } from '../../goplugin/hclog';
import type { ByteStream } from '../../netrpc/byte-stream';
import { requestBodyStream } from './body-reader';
import { headersFromGo, headersToGo, type GoHeader } from './headers';
import { ResponseWriterClient } from './response-writer';

/** plugin.HTTPRequestSubset, as decoded (Go field names). URL is url.URL's String(). */
export interface HTTPRequestSubset {
  Method: string;
  URL: string | null;
  Proto: string;
  ProtoMajor: number;
  ProtoMinor: number;
  Header: GoHeader | null;
  Host: string;
  RemoteAddr: string;
  RequestURI: string;
}

export interface ServeHTTPArgs<C> {
  ResponseWriterStream: number;
  Request: HTTPRequestSubset | null;
  Context: C | null;
  RequestBodyStream: number;
}

export type FetchHandler<C> = (context: C, request: Request) => Response | Promise<Response>;

/** Largest single Plugin.Write: bounds one gob message while keeping round trips few. */
const MAX_WRITE = 1 << 20;

export async function serveHTTP<C>(args: ServeHTTPArgs<C>, handler: FetchHandler<C>, broker: MuxBroker, logger: Logger, emptyContext: C): Promise<void> {
  const [writerStream, bodyStream] = await Promise.all([
    broker.dial(args.ResponseWriterStream),
    args.RequestBodyStream !== 0 ? broker.dial(args.RequestBodyStream) : Promise.resolve(undefined),
  ]);
  const writer = new ResponseWriterClient(writerStream);
  const subset = args.Request;
  let response: Response;
  try {
    if (!subset) throw new Error('ServeHTTP called without a request');
    const request = toFetchRequest(subset, bodyStream);
    response = await handler(args.Context ?? emptyContext, request);
    if (!(response instanceof Response)) throw new TypeError(`ServeHTTP handler must return a Response, got ${describe(response)}`);
  } catch (error) {
    logger.error('ServeHTTP handler failed', { error, method: subset?.Method, path: subset?.URL });
    response = new Response('Internal Server Error\n', {
      status: 500,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
    });
  }
  try {
    await writeResponse(writer, response);
  } finally {
    await writer.close();
    if (bodyStream) await closeBody(bodyStream);
  }
}

function toFetchRequest(subset: HTTPRequestSubset, bodyStream: ByteStream | undefined): Request {
  const headers = headersFromGo(subset.Header);
  const method = subset.Method || 'GET';
  const hasBody = bodyStream !== undefined && method !== 'GET' && method !== 'HEAD';
  const init: RequestInit & { duplex?: 'half' } = { method, headers };
  if (hasBody) {
    init.body = requestBodyStream(bodyStream);
    init.duplex = 'half';
  }
  return new Request(absoluteURL(subset, headers), init);
}

/** The host sends the path and query only; Fetch needs an absolute URL. */
function absoluteURL(subset: HTTPRequestSubset, headers: Headers): string {
  const proto = headers.get('x-forwarded-proto') === 'https' ? 'https' : 'http';
  const host = subset.Host || 'localhost';
  const target = subset.URL || subset.RequestURI || '/';
  try {
    return new URL(target, `${proto}://${host}`).href;
  } catch {
    return new URL(target, 'http://localhost').href;
  }
}

async function writeResponse(writer: ResponseWriterClient, response: Response): Promise<void> {
  const header = await writer.header();
  for (const name of new Set(response.headers.keys())) delete header[canonicalExisting(header, name)];
  Object.assign(header, headersToGo(response.headers));
  await writer.syncHeader(header);
  await writer.writeHeader(response.status);
  if (!response.body) return;
  const reader = response.body.getReader();
  let next = trackedRead(reader);
  for (;;) {
    const { done, value } = await next.result;
    if (done) return;
    // Start reading the following chunk while this one travels to the host.
    next = trackedRead(reader);
    for (let offset = 0; offset < value.length; offset += MAX_WRITE) {
      await writer.write(value.subarray(offset, offset + MAX_WRITE));
    }
    // A streamed body whose next chunk is not there yet: push what we have to the client now.
    // (Servers older than Flush answer "can't find method"; their writer flushes at the end.)
    if (!next.settled) await writer.flush().catch(() => undefined);
  }
}

interface TrackedRead {
  readonly result: ReturnType<ReadableStreamDefaultReader<Uint8Array>["read"]>;
  settled: boolean;
}

function trackedRead(reader: ReadableStreamDefaultReader<Uint8Array>): TrackedRead {
  const tracked: TrackedRead = { result: reader.read(), settled: false };
  tracked.result.then(
    () => (tracked.settled = true),
    () => (tracked.settled = true),
  );
  return tracked;
}

function canonicalExisting(header: GoHeader, lowerName: string): string {
  return Object.keys(header).find((key) => key.toLowerCase() === lowerName) ?? lowerName;
}

/**
 * Ends the body stream whether or not the handler read it: our FIN stops the
 * host's copy loop, and whatever it already sent is drained in the
 * background so its writes never wait on a window we do not read.
 */
async function closeBody(stream: ByteStream): Promise<void> {
  await stream.closeWrite().catch(() => undefined);
  void (async () => {
    try {
      while ((await stream.read()) !== null);
    } catch {
      // reset or session gone: nothing left to drain
    }
  })();
}

function describe(value: unknown): string {
  return value === null ? 'null' : typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value;
}
