/**
 * Errors of the yamux layer, one class per cause. Every error the session or
 * a stream produces is a `YamuxError`; messages say what happened and where
 * (stream id, byte offset of the frame, window sizes).
 *
 * `ProtocolError`s are violations by the peer: the session answers them with
 * GoAway(protocol error) and closes, as hashicorp/yamux does.
 */
import { describeFlags } from './frame';

export class YamuxError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(`yamux: ${message}`, options);
    this.name = new.target.name;
  }
}

/** The peer broke the protocol; the session is closed with GoAway(protocol error). */
export class ProtocolError extends YamuxError {}

export class InvalidVersionError extends ProtocolError {
  constructor(
    readonly version: number,
    readonly offset: number,
  ) {
    super(`frame at byte ${offset} of the connection has protocol version ${version}, expected 0`);
  }
}

export class InvalidFrameTypeError extends ProtocolError {
  constructor(
    readonly frameType: number,
    readonly offset: number,
  ) {
    super(`frame at byte ${offset} of the connection has unknown type ${frameType} (known: 0 Data, 1 WindowUpdate, 2 Ping, 3 GoAway)`);
  }
}

/** A SYN for id 0 or for an id of our own parity (client odd, server even). */
export class InvalidStreamIdError extends ProtocolError {
  constructor(
    readonly streamId: number,
    expectedParity: 'odd' | 'even',
  ) {
    super(`peer opened stream ${streamId}, but the peer's stream ids must be ${expectedParity} and non-zero`);
  }
}

export class DuplicateStreamError extends ProtocolError {
  constructor(readonly streamId: number) {
    super(`peer opened stream ${streamId}, which is already open`);
  }
}

export class ReceiveWindowExceededError extends ProtocolError {
  constructor(
    readonly streamId: number,
    readonly window: number,
    readonly length: number,
  ) {
    super(`peer sent ${length} bytes on stream ${streamId}, but its receive window has only ${window} bytes left`);
  }
}

export class UnexpectedFlagError extends ProtocolError {
  constructor(
    readonly streamId: number,
    readonly flag: number,
    reason: string,
  ) {
    super(`unexpected ${describeFlags(flag)} on stream ${streamId}: ${reason}`);
  }
}

export class SendWindowOverflowError extends ProtocolError {
  constructor(
    readonly streamId: number,
    readonly window: number,
    readonly delta: number,
  ) {
    super(`peer's window update of ${delta} on stream ${streamId} overflows the send window of ${window} beyond 2^32-1`);
  }
}

/** The peer sent GoAway(protocol error): it found a violation on our side. */
export class RemoteProtocolError extends YamuxError {
  constructor() {
    super('peer closed the session with GoAway(protocol error)');
  }
}

/** The peer sent GoAway(internal error). */
export class RemoteInternalError extends YamuxError {
  constructor() {
    super('peer closed the session with GoAway(internal error)');
  }
}

export class UnknownGoAwayCodeError extends YamuxError {
  constructor(readonly code: number) {
    super(`peer sent GoAway with unknown reason code ${code}`);
  }
}

/** The peer sent GoAway(normal): it accepts no new streams. */
export class RemoteGoAwayError extends YamuxError {
  constructor() {
    super('remote end is not accepting new streams (it sent GoAway)');
  }
}

/** The underlying connection ended or failed. */
export class ConnectionEndedError extends YamuxError {
  constructor(detail: string, options?: ErrorOptions) {
    super(`connection ended: ${detail}`, options);
  }
}

/** The session was closed locally with close(). */
export class SessionClosedError extends YamuxError {
  constructor() {
    super('session closed');
  }
}

/** The keep-alive ping went unanswered: the session is closed. */
export class KeepAliveTimeoutError extends YamuxError {
  constructor(timeoutMs: number) {
    super(`keep-alive ping not answered within ${timeoutMs} ms`);
  }
}

export class PingTimeoutError extends YamuxError {
  constructor(
    readonly pingId: number,
    timeoutMs: number,
  ) {
    super(`ping ${pingId} not answered within ${timeoutMs} ms`);
  }
}

/** A stream we opened was neither ACKed nor reset in time: the session is closed. */
export class StreamOpenTimeoutError extends YamuxError {
  constructor(
    readonly streamId: number,
    timeoutMs: number,
  ) {
    super(`peer did not acknowledge stream ${streamId} within ${timeoutMs} ms`);
  }
}

export class StreamsExhaustedError extends YamuxError {
  constructor() {
    super('no stream ids left to open a stream');
  }
}

export class StreamResetError extends YamuxError {
  constructor(
    readonly streamId: number,
    readonly by: 'peer' | 'local',
  ) {
    super(by === 'peer' ? `stream ${streamId} was reset by the peer` : `stream ${streamId} was reset locally`);
  }
}

/** A write after closeWrite(). */
export class StreamClosedError extends YamuxError {
  constructor(readonly streamId: number) {
    super(`stream ${streamId} is closed for writing`);
  }
}

/** We half-closed, and the peer did not half-close in time: the stream was reset. */
export class StreamCloseTimeoutError extends YamuxError {
  constructor(
    readonly streamId: number,
    timeoutMs: number,
  ) {
    super(`peer did not close stream ${streamId} within ${timeoutMs} ms of our close; stream reset`);
  }
}

/** A bug of ours caught at the session boundary rather than thrown into the event loop. */
export class InternalError extends YamuxError {
  constructor(cause: unknown) {
    super(`internal error: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

export class ConfigError extends YamuxError {
  constructor(field: string, value: unknown, expectation: string) {
    super(`invalid session config: ${field} = ${String(value)}; ${expectation}`);
  }
}
