/**
 * A yamux session over one connection (hashicorp/yamux v0.1.2 semantics).
 *
 * The plugin is the yamux server: `Session.server(socket)`. The host opens
 * streams (odd ids) that accept() returns; open() creates ours (even ids).
 *
 *   accept()  next stream the peer opened. Its SYN is ACKed as soon as it
 *             arrives, not at accept(): the host closes the whole session when
 *             a stream it opened stays un-ACKed for 75 s, and it never writes
 *             to its stdout/stderr streams.
 *   open()    a new stream; its SYN goes out at once and writes may follow
 *             before the ACK, within the initial window. Waits while
 *             `acceptBacklog` of our opens are un-ACKed (as Go does).
 *   ping()    round trip in milliseconds.
 *   goAway()  tell the peer we accept no more streams (GoAway normal).
 *   close()   GoAway(normal), then end the connection.
 *   closed    resolves once the session is over: undefined after close(),
 *             otherwise the YamuxError that ended it. Never rejects.
 *
 * Incoming frames are handled as Go's session.go does: SYN past the backlog
 * or after our GoAway → RST; frames for unknown streams are ignored (data
 * discarded); a peer Ping is answered with the same value; a peer GoAway
 * refuses further opens (normal) or ends the session (error codes). Protocol
 * violations end the session with GoAway(protocol error) and a ProtocolError.
 * Nothing thrown while handling input escapes into the event loop.
 */
import type { Duplex } from 'node:stream';
import { resolveConfig, type SessionConfig } from './config';
import { FrameDecoder } from './decoder';
import {
  ConnectionEndedError,
  DuplicateStreamError,
  InternalError,
  InvalidStreamIdError,
  KeepAliveTimeoutError,
  PingTimeoutError,
  ProtocolError,
  RemoteGoAwayError,
  RemoteInternalError,
  RemoteProtocolError,
  SessionClosedError,
  StreamOpenTimeoutError,
  StreamsExhaustedError,
  UnknownGoAwayCodeError,
  YamuxError,
} from './errors';
import {
  Flag,
  FrameType,
  GoAwayCode,
  INITIAL_STREAM_WINDOW,
  MAX_UINT32,
  SESSION_STREAM_ID,
  type FrameHeader,
} from './frame';
import { Stream, type StreamHost, type StreamSnapshot } from './stream';
import { FrameWriter } from './writer';

/** Data frames wait while this many bytes are queued for the connection. */
const OUTPUT_HIGH_WATER = 1024 * 1024;

type Role = 'server' | 'client';

interface Waiter<T> {
  readonly resolve: (value: T) => void;
  readonly reject: (error: YamuxError) => void;
}

interface PendingPing {
  readonly resolve: () => void;
  readonly reject: (error: YamuxError) => void;
  readonly timer: NodeJS.Timeout;
}

export interface SessionSnapshot {
  readonly role: Role;
  readonly closed: boolean;
  readonly localGoAway: boolean;
  readonly remoteGoAway: boolean;
  readonly acceptQueue: number;
  readonly openSlotsUsed: number;
  readonly unacknowledgedOpens: number;
  readonly pendingPings: number;
  /** Payload bytes of the Data frame being received that have not arrived yet. */
  readonly payloadBytesExpected: number;
  readonly streams: readonly StreamSnapshot[];
}

export class Session {
  /** The plugin side: even stream ids. */
  static server(duplex: Duplex, config?: Partial<SessionConfig>): Session {
    return new Session(duplex, 'server', resolveConfig(config));
  }

  /** The host side: odd stream ids. */
  static client(duplex: Duplex, config?: Partial<SessionConfig>): Session {
    return new Session(duplex, 'client', resolveConfig(config));
  }

  readonly closed: Promise<YamuxError | undefined>;
  readonly config: SessionConfig;

  private resolveClosed!: (reason: YamuxError | undefined) => void;
  private isClosed = false;
  /** Why the session is over, as given to pending and later operations. */
  private closeError: YamuxError | undefined;
  private readonly duplexClosed: Promise<void>;

  private readonly streams = new Map<number, Stream>();
  private nextStreamId: number;
  /** Our opens the peer has not ACKed yet, with their open timeout. */
  private readonly unacknowledged = new Map<number, NodeJS.Timeout | undefined>();
  private openSlotsUsed = 0;
  private readonly openWaiters: Waiter<void>[] = [];

  private acceptQueue: Stream[] = [];
  private acceptHead = 0;
  private readonly acceptWaiters: Waiter<Stream>[] = [];
  /** Input waits one turn for accept() to drain a full backlog before SYNs get RST. */
  private backlogGraceUsed = false;
  private inputSuspended = false;

  private localGoAway = false;
  private remoteGoAway = false;

  private readonly pings = new Map<number, PendingPing>();
  private nextPingId = 0;
  private keepAliveTimer: NodeJS.Timeout | undefined;

  private readonly decoder = new FrameDecoder();
  /** Where the current Data frame's payload goes; undefined discards it. */
  private payloadTarget: Stream | undefined;
  private readonly writer: FrameWriter;
  private readonly waitingForOutput = new Set<Stream>();
  private readonly host: StreamHost;

  private constructor(
    private readonly duplex: Duplex,
    private readonly role: Role,
    config: SessionConfig,
  ) {
    this.config = config;
    this.nextStreamId = role === 'client' ? 1 : 2;
    this.closed = new Promise((resolve) => {
      this.resolveClosed = resolve;
    });
    this.writer = new FrameWriter((chunks) => this.writeChunks(chunks));
    this.host = {
      config,
      writer: this.writer,
      outputBlocked: () => this.writer.pendingBytes + this.duplex.writableLength >= OUTPUT_HIGH_WATER,
      waitForOutput: (stream) => this.waitingForOutput.add(stream),
      streamAcknowledged: (stream) => this.onAcknowledged(stream.id),
      streamFinished: (stream) => this.onStreamFinished(stream),
    };

    this.duplexClosed = new Promise((resolve) => {
      if (duplex.closed || duplex.destroyed) resolve();
      else duplex.once('close', () => resolve());
    });
    duplex.on('data', (chunk: Uint8Array) => this.onInput(chunk));
    duplex.on('end', () => this.onConnectionEnd('the peer closed the connection'));
    duplex.on('close', () => this.onConnectionEnd('the connection was closed'));
    // Kept for the connection's whole life: an 'error' without a listener would crash the process.
    duplex.on('error', (error: Error) =>
      this.shutdown(new ConnectionEndedError(error.message, { cause: error }), undefined, false),
    );
    duplex.on('drain', () => this.resumeOutput());

    if (config.enableKeepAlive) this.scheduleKeepAlive();
    if (duplex.destroyed) this.onConnectionEnd('the connection was already closed');
  }

  /** Resolves with the next stream the peer opened. */
  accept(): Promise<Stream> {
    if (this.acceptHead < this.acceptQueue.length) {
      const stream = this.acceptQueue[this.acceptHead]!;
      this.acceptHead += 1;
      if (this.acceptHead === this.acceptQueue.length) {
        this.acceptQueue = [];
        this.acceptHead = 0;
      }
      if (this.acceptedCount() < this.config.acceptBacklog) this.backlogGraceUsed = false;
      return Promise.resolve(stream);
    }
    if (this.closeError) return Promise.reject(this.closeError);
    return new Promise((resolve, reject) => this.acceptWaiters.push({ resolve, reject }));
  }

  /** Opens a stream; its SYN is sent before this resolves. */
  async open(): Promise<Stream> {
    this.throwIfCannotOpen();
    if (this.openSlotsUsed < this.config.acceptBacklog) {
      this.openSlotsUsed += 1;
    } else {
      // The slot is handed over by releaseOpenSlot().
      await new Promise<void>((resolve, reject) => this.openWaiters.push({ resolve, reject }));
    }
    try {
      this.throwIfCannotOpen();
      const id = this.nextStreamId;
      if (id >= MAX_UINT32 - 1) throw new StreamsExhaustedError();
      this.nextStreamId = id + 2;

      const stream = new Stream(id, this.host, false);
      this.streams.set(id, stream);
      this.unacknowledged.set(id, this.startOpenTimer(id));
      this.writer.writeHeader(FrameType.WindowUpdate, Flag.SYN, id, this.initialWindowDelta());
      return stream;
    } catch (error) {
      this.releaseOpenSlot();
      throw error;
    }
  }

  /** Measures a round trip to the peer, in milliseconds. */
  ping(): Promise<number> {
    if (this.closeError) return Promise.reject(this.closeError);
    const id = this.nextPingId;
    this.nextPingId = (id + 1) >>> 0;
    const timeoutMs = this.config.connectionWriteTimeoutMs;
    return new Promise((resolve, reject) => {
      const start = performance.now();
      const timer = setTimeout(() => {
        this.pings.delete(id);
        reject(new PingTimeoutError(id, timeoutMs));
      }, timeoutMs);
      timer.unref();
      this.pings.set(id, { resolve: () => resolve(performance.now() - start), reject, timer });
      this.writer.writeHeader(FrameType.Ping, Flag.SYN, SESSION_STREAM_ID, id);
    });
  }

  /** Refuses streams the peer opens from now on (they get RST) and tells the peer. */
  goAway(): void {
    if (this.isClosed) return;
    this.localGoAway = true;
    this.writer.writeHeader(FrameType.GoAway, 0, SESSION_STREAM_ID, GoAwayCode.Normal);
  }

  /** Sends GoAway(normal), flushes, ends the connection; resolves once it is closed. */
  close(): Promise<void> {
    this.shutdown(undefined, GoAwayCode.Normal, true);
    return this.duplexClosed;
  }

  /** State for diagnostics and invariant checks. */
  snapshot(): SessionSnapshot {
    return {
      role: this.role,
      closed: this.isClosed,
      localGoAway: this.localGoAway,
      remoteGoAway: this.remoteGoAway,
      acceptQueue: this.acceptedCount(),
      openSlotsUsed: this.openSlotsUsed,
      unacknowledgedOpens: this.unacknowledged.size,
      pendingPings: this.pings.size,
      payloadBytesExpected: this.decoder.payloadBytesRemaining,
      streams: [...this.streams.values()].map((stream) => stream.snapshot()),
    };
  }

  // ---- input ----

  private onInput(chunk: Uint8Array): void {
    if (this.isClosed) return;
    this.decoder.push(chunk);
    if (!this.inputSuspended) this.processInput();
  }

  private processInput(): void {
    try {
      while (!this.isClosed) {
        if (!this.backlogGraceUsed && this.acceptedCount() >= this.config.acceptBacklog) {
          this.suspendInputForAccept();
          return;
        }
        const item = this.decoder.next();
        if (item === undefined) return;
        if (item.kind === 'payload') {
          const target = this.payloadTarget;
          if (target) {
            target.receive(item.bytes);
            if (item.last) {
              this.payloadTarget = undefined;
              target.payloadComplete();
            }
          }
        } else {
          this.handleFrame(item.header);
        }
      }
    } catch (error) {
      if (error instanceof ProtocolError) this.shutdown(error, GoAwayCode.ProtocolError, true);
      else this.shutdown(new InternalError(error), GoAwayCode.InternalError, true);
    }
  }

  /** Lets accept() callers drain a full backlog before more SYNs are refused. */
  private suspendInputForAccept(): void {
    this.inputSuspended = true;
    setImmediate(() => {
      this.inputSuspended = false;
      // Still full: nobody is accepting, so further SYNs get RST as in Go.
      if (this.acceptedCount() >= this.config.acceptBacklog) this.backlogGraceUsed = true;
      this.processInput();
    });
  }

  private handleFrame(header: FrameHeader): void {
    switch (header.type) {
      case FrameType.Data:
      case FrameType.WindowUpdate:
        this.handleStreamFrame(header);
        return;
      case FrameType.Ping:
        this.handlePing(header);
        return;
      case FrameType.GoAway:
        this.handleGoAway(header.length);
        return;
    }
  }

  private handleStreamFrame(header: FrameHeader): void {
    const { type, flags, streamId, length } = header;
    this.payloadTarget = undefined;
    if (flags & Flag.SYN) {
      this.handleSyn(streamId);
      if (this.isClosed) return;
    }
    // Unknown stream: most likely one we reset. Go ignores the frame and discards its data.
    const stream = this.streams.get(streamId);
    if (stream === undefined) return;

    const isData = type === FrameType.Data;
    const flagError = stream.applyFlags(flags, isData && length > 0);
    if (flagError) throw flagError;
    if (!isData) {
      const windowError = stream.addSendWindow(length);
      if (windowError) throw windowError;
      return;
    }
    if (length === 0) return;
    const windowError = stream.reserveReceive(length);
    if (windowError) throw windowError;
    this.payloadTarget = stream;
  }

  private handleSyn(streamId: number): void {
    if (this.localGoAway) {
      this.writer.writeHeader(FrameType.WindowUpdate, Flag.RST, streamId, 0);
      return;
    }
    const peerParity = this.role === 'server' ? 1 : 0;
    if (streamId === SESSION_STREAM_ID || streamId % 2 !== peerParity) {
      throw new InvalidStreamIdError(streamId, peerParity === 1 ? 'odd' : 'even');
    }
    if (this.streams.has(streamId)) throw new DuplicateStreamError(streamId);
    if (this.acceptWaiters.length === 0 && this.acceptedCount() >= this.config.acceptBacklog) {
      this.writer.writeHeader(FrameType.WindowUpdate, Flag.RST, streamId, 0);
      return;
    }

    const stream = new Stream(streamId, this.host, true);
    this.streams.set(streamId, stream);
    this.writer.writeHeader(FrameType.WindowUpdate, Flag.ACK, streamId, this.initialWindowDelta());
    const waiter = this.acceptWaiters.shift();
    if (waiter) waiter.resolve(stream);
    else this.acceptQueue.push(stream);
  }

  private handlePing(header: FrameHeader): void {
    if (header.flags & Flag.SYN) {
      this.writer.writeHeader(FrameType.Ping, Flag.ACK, SESSION_STREAM_ID, header.length);
      return;
    }
    const ping = this.pings.get(header.length);
    if (ping === undefined) return;
    this.pings.delete(header.length);
    clearTimeout(ping.timer);
    ping.resolve();
  }

  private handleGoAway(code: number): void {
    switch (code) {
      case GoAwayCode.Normal:
        this.remoteGoAway = true;
        return;
      case GoAwayCode.ProtocolError:
        this.shutdown(new RemoteProtocolError(), undefined, true);
        return;
      case GoAwayCode.InternalError:
        this.shutdown(new RemoteInternalError(), undefined, true);
        return;
      default:
        this.shutdown(new UnknownGoAwayCodeError(code), undefined, true);
    }
  }

  private onConnectionEnd(detail: string): void {
    if (this.isClosed) return;
    const midFrame = this.decoder.inFrame
      ? ` in the middle of a frame (${this.decoder.bufferedBytes} bytes of an incomplete header or ${this.decoder.payloadBytesRemaining} payload bytes missing)`
      : '';
    this.shutdown(new ConnectionEndedError(detail + midFrame), undefined, false);
  }

  // ---- streams ----

  private acceptedCount(): number {
    return this.acceptQueue.length - this.acceptHead;
  }

  /** Window beyond the initial 256 KiB, announced with SYN or ACK when configured larger. */
  private initialWindowDelta(): number {
    return this.config.maxStreamWindowSize - INITIAL_STREAM_WINDOW;
  }

  private throwIfCannotOpen(): void {
    if (this.closeError) throw this.closeError;
    if (this.remoteGoAway) throw new RemoteGoAwayError();
  }

  private startOpenTimer(id: number): NodeJS.Timeout | undefined {
    const timeoutMs = this.config.streamOpenTimeoutMs;
    if (timeoutMs === 0) return undefined;
    const timer = setTimeout(() => this.shutdown(new StreamOpenTimeoutError(id, timeoutMs), undefined, true), timeoutMs);
    timer.unref();
    return timer;
  }

  private onAcknowledged(id: number): void {
    if (!this.unacknowledged.has(id)) return;
    clearTimeout(this.unacknowledged.get(id));
    this.unacknowledged.delete(id);
    this.releaseOpenSlot();
  }

  private onStreamFinished(stream: Stream): void {
    if (this.streams.get(stream.id) === stream) this.streams.delete(stream.id);
    this.waitingForOutput.delete(stream);
    this.onAcknowledged(stream.id);
  }

  private releaseOpenSlot(): void {
    const waiter = this.openWaiters.shift();
    if (waiter) waiter.resolve();
    else this.openSlotsUsed -= 1;
  }

  // ---- output ----

  private writeChunks(chunks: Uint8Array[]): void {
    const duplex = this.duplex;
    if (duplex.destroyed || !duplex.writable) return;
    if (chunks.length === 1) {
      duplex.write(chunks[0]);
    } else {
      duplex.cork();
      for (const chunk of chunks) duplex.write(chunk);
      duplex.uncork();
    }
    if (this.waitingForOutput.size > 0 && !duplex.writableNeedDrain) this.resumeOutput();
  }

  private resumeOutput(): void {
    if (this.waitingForOutput.size === 0) return;
    const streams = [...this.waitingForOutput];
    this.waitingForOutput.clear();
    for (const stream of streams) stream.pumpWrites();
  }

  // ---- keep-alive and shutdown ----

  private scheduleKeepAlive(): void {
    this.keepAliveTimer = setTimeout(() => {
      this.ping().then(
        () => {
          if (!this.isClosed) this.scheduleKeepAlive();
        },
        (error: unknown) => {
          if (error instanceof PingTimeoutError) {
            this.shutdown(new KeepAliveTimeoutError(this.config.connectionWriteTimeoutMs), undefined, true);
          }
        },
      );
    }, this.config.keepAliveIntervalMs);
    this.keepAliveTimer.unref();
  }

  /**
   * Ends the session once. `reason` undefined means a local close(). With a
   * live connection, queued frames and the GoAway (if any) are flushed before
   * the connection is ended.
   */
  private shutdown(reason: YamuxError | undefined, goAway: GoAwayCode | undefined, connectionAlive: boolean): void {
    if (this.isClosed) return;
    this.isClosed = true;
    const error = reason ?? new SessionClosedError();
    this.closeError = error;

    if (connectionAlive && !this.duplex.destroyed) {
      if (goAway !== undefined) this.writer.writeHeader(FrameType.GoAway, 0, SESSION_STREAM_ID, goAway);
      this.writer.flush();
    }
    this.writer.close();

    clearTimeout(this.keepAliveTimer);
    for (const ping of this.pings.values()) {
      clearTimeout(ping.timer);
      ping.reject(error);
    }
    this.pings.clear();
    for (const timer of this.unacknowledged.values()) clearTimeout(timer);
    this.unacknowledged.clear();
    for (const waiter of this.acceptWaiters.splice(0)) waiter.reject(error);
    for (const waiter of this.openWaiters.splice(0)) waiter.reject(error);
    this.acceptQueue = [];
    this.acceptHead = 0;
    this.waitingForOutput.clear();
    const streams = [...this.streams.values()];
    // A stream both sides closed is forgotten, but may still await its FIN frame's payload.
    if (this.payloadTarget) streams.push(this.payloadTarget);
    this.streams.clear();
    this.payloadTarget = undefined;
    for (const stream of streams) stream.sessionClosed(error);

    if (connectionAlive && !this.duplex.destroyed && !this.duplex.writableEnded) {
      // A peer that stops reading must not keep the connection open forever.
      const giveUp = setTimeout(() => this.duplex.destroy(), this.config.connectionWriteTimeoutMs);
      giveUp.unref();
      this.duplex.end(() => {
        clearTimeout(giveUp);
        this.duplex.destroy();
      });
    } else {
      this.duplex.destroy();
    }
    this.resolveClosed(reason);
  }
}
