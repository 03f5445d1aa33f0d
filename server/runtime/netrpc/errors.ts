/** Errors of the net/rpc layer. Texts that Go peers compare against are kept verbatim. */

export class RpcError extends Error {
  override name = 'RpcError';
}

/** The server answered the call with an error string (Go's rpc.ServerError). */
export class ServerError extends RpcError {
  override name = 'ServerError';
  constructor(
    readonly serviceMethod: string,
    message: string,
  ) {
    super(message);
  }
}

/** The connection ended with calls in flight, or a call was made after it ended (Go: io.ErrUnexpectedEOF / rpc.ErrShutdown). */
export class ShutdownError extends RpcError {
  override name = 'ShutdownError';
}

/** The byte stream broke the net/rpc framing (undecodable header or reply); the connection is unusable. */
export class ProtocolError extends RpcError {
  override name = 'ProtocolError';
}

/** Thrown by a handler to answer with exactly this error string, as Go methods return errors. */
export class MethodError extends RpcError {
  override name = 'MethodError';
}

/** An error's message, or the thrown value as text (JavaScript can throw anything). */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
