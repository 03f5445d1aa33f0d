/**
 * One yamux stream: an ordered, flow-controlled byte stream in each direction.
 *
 * Contract (the `ByteStream` the net/rpc and mux-broker layers use):
 *   read()       next chunk of bytes; null once the peer half-closed (FIN) and
 *                everything before it was read; rejects after a reset, or,
 *                once buffered bytes are read, after the session closed.
 *   write(bytes) queues bytes in order; resolves when they are handed to the
 *                connection, which may wait for the peer's window; rejects
 *                after reset, closeWrite() or session close. The stream keeps
 *                a reference to `bytes`: do not modify them afterwards.
 *   closeWrite() half-close: FIN after every queued write; never rejects.
 *   reset()      abort both directions at once (RST).
 *
 * Receive side: payload pieces are kept as views (no copying) and the peer is
 * granted window again once the reader has consumed at least half of it, as
 * hashicorp/yamux does. The session enforces the window (reserveReceive).
 */
import type { SessionConfig } from './config';
import {
  StreamCloseTimeoutError,
  StreamClosedError,
  StreamResetError,
  SendWindowOverflowError,
  UnexpectedFlagError,
  ReceiveWindowExceededError,
  type YamuxError,
} from './errors';
import { Flag, FrameType, INITIAL_STREAM_WINDOW, MAX_UINT32 } from './frame';
import type { FrameWriter } from './writer';

/**
 * Largest Data frame we send. Go sends up to the whole window in one frame;
 * a cap keeps one stream's bulk write from delaying other streams' frames
 * for long, and lets output backpressure act between frames.
 */
const MAX_DATA_FRAME_PAYLOAD = 64 * 1024;

export interface ByteStream {
  read(): Promise<Uint8Array | null>;
  write(bytes: Uint8Array): Promise<void>;
  closeWrite(): Promise<void>;
  reset(): void;
}

/** What a stream needs from its session (implemented by Session). */
export interface StreamHost {
  readonly config: SessionConfig;
  readonly writer: FrameWriter;
  /** True while the connection has too much output queued to accept more data frames. */
  outputBlocked(): boolean;
  /** Calls stream.pumpWrites() once output is accepted again. */
  waitForOutput(stream: Stream): void;
  /** The peer ACKed a stream we opened. */
  streamAcknowledged(stream: Stream): void;
  /** The stream is over (both FINs, or reset): forget its id. */
  streamFinished(stream: Stream): void;
}

interface PendingWrite {
  readonly kind: 'data';
  readonly bytes: Uint8Array;
  offset: number;
  readonly resolve: () => void;
  readonly reject: (error: YamuxError) => void;
}

interface PendingFin {
  readonly kind: 'fin';
  readonly resolve: () => void;
}

interface PendingRead {
  readonly resolve: (chunk: Uint8Array | null) => void;
  readonly reject: (error: YamuxError) => void;
}

export interface StreamSnapshot {
  readonly id: number;
  readonly acknowledged: boolean;
  readonly sendWindow: number;
  readonly receiveWindow: number;
  readonly bufferedBytes: number;
  readonly consumedNotGranted: number;
  readonly queuedWrites: number;
  readonly localFinSent: boolean;
  readonly remoteFin: boolean;
  readonly reset: boolean;
}

export class Stream implements ByteStream, AsyncIterable<Uint8Array> {
  // Receive side.
  private readonly received: Uint8Array[] = [];
  private receivedHead = 0;
  private receivedBytes = 0;
  private readonly readers: PendingRead[] = [];
  private receiveWindow: number;
  private consumedNotGranted = 0;
  private remoteFin = false;

  // Send side.
  private sendWindow = INITIAL_STREAM_WINDOW;
  private sendQueue: (PendingWrite | PendingFin)[] = [];
  private sendHead = 0;
  private finRequested: Promise<void> | undefined;
  private localFinSent = false;

  // Lifecycle.
  private acknowledged: boolean;
  /** Set by a reset (either side) or the close timeout: reads and writes fail at once. */
  private failure: YamuxError | undefined;
  /** Set when the session closed: buffered bytes can still be read. */
  private sessionError: YamuxError | undefined;
  private finished = false;
  private closeTimer: NodeJS.Timeout | undefined;

  /** @internal Created by Session only. */
  constructor(
    readonly id: number,
    private readonly host: StreamHost,
    acknowledged: boolean,
  ) {
    this.acknowledged = acknowledged;
    this.receiveWindow = host.config.maxStreamWindowSize;
  }

  read(): Promise<Uint8Array | null> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.receivedBytes > 0) {
      const chunk = this.takeReceived();
      this.consumed(chunk.length);
      return Promise.resolve(chunk);
    }
    if (this.remoteFin) return Promise.resolve(null);
    if (this.sessionError) return Promise.reject(this.sessionError);
    return new Promise((resolve, reject) => {
      this.readers.push({ resolve, reject });
    });
  }

  write(bytes: Uint8Array): Promise<void> {
    const error = this.failure ?? this.sessionError ?? (this.finRequested ? new StreamClosedError(this.id) : undefined);
    if (error) return Promise.reject(error);
    if (bytes.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.sendQueue.push({ kind: 'data', bytes, offset: 0, resolve, reject });
      this.pumpWrites();
    });
  }

  closeWrite(): Promise<void> {
    if (this.finRequested) return this.finRequested;
    if (this.failure || this.sessionError || this.finished) {
      this.finRequested = Promise.resolve();
      return this.finRequested;
    }
    this.finRequested = new Promise((resolve) => {
      this.sendQueue.push({ kind: 'fin', resolve });
      this.pumpWrites();
    });
    return this.finRequested;
  }

  reset(): void {
    if (this.failure || this.sessionError || this.finished) return;
    this.fail(new StreamResetError(this.id, 'local'));
    this.host.writer.writeHeader(FrameType.WindowUpdate, Flag.RST, this.id, 0);
    this.finish();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    for (;;) {
      const chunk = await this.read();
      if (chunk === null) return;
      yield chunk;
    }
  }

  /** @internal State for diagnostics and invariant checks. */
  snapshot(): StreamSnapshot {
    return {
      id: this.id,
      acknowledged: this.acknowledged,
      sendWindow: this.sendWindow,
      receiveWindow: this.receiveWindow,
      bufferedBytes: this.receivedBytes,
      consumedNotGranted: this.consumedNotGranted,
      queuedWrites: this.sendQueue.length - this.sendHead,
      localFinSent: this.localFinSent,
      remoteFin: this.remoteFin,
      reset: this.failure !== undefined,
    };
  }

  /**
   * @internal Applies the ACK, FIN and RST flags of an incoming frame, in that
   * order (Go's processFlags). Returns the protocol error, if any. When the
   * frame carries a payload, readers learn of the FIN only after it
   * (payloadComplete), so the FIN frame's own bytes are never lost.
   */
  applyFlags(flags: number, payloadFollows: boolean): YamuxError | undefined {
    if (flags & Flag.ACK && !this.acknowledged) {
      this.acknowledged = true;
      this.host.streamAcknowledged(this);
    }
    if (flags & Flag.FIN) {
      if (this.remoteFin) return new UnexpectedFlagError(this.id, Flag.FIN, 'the peer had already half-closed it');
      this.remoteFin = true;
      if (!payloadFollows) this.wakeReadersAtEnd();
      if (this.localFinSent) this.finish();
    }
    if (flags & Flag.RST) {
      this.fail(new StreamResetError(this.id, 'peer'));
      this.finish();
    }
    return undefined;
  }

  /** @internal A WindowUpdate's delta from the peer. */
  addSendWindow(delta: number): YamuxError | undefined {
    if (delta === 0) return undefined;
    if (this.sendWindow + delta > MAX_UINT32) {
      return new SendWindowOverflowError(this.id, this.sendWindow, delta);
    }
    this.sendWindow += delta;
    this.pumpWrites();
    return undefined;
  }

  /** @internal A Data frame header of `length` bytes: charge the receive window before its payload arrives. */
  reserveReceive(length: number): YamuxError | undefined {
    if (length > this.receiveWindow) return new ReceiveWindowExceededError(this.id, this.receiveWindow, length);
    this.receiveWindow -= length;
    return undefined;
  }

  /** @internal A piece of payload for this stream. */
  receive(bytes: Uint8Array): void {
    if (this.failure) return;
    const reader = this.readers.shift();
    if (reader) {
      this.consumed(bytes.length);
      reader.resolve(bytes);
      return;
    }
    this.received.push(bytes);
    this.receivedBytes += bytes.length;
  }

  /** @internal The last piece of a Data frame's payload was delivered. */
  payloadComplete(): void {
    if (this.remoteFin) this.wakeReadersAtEnd();
  }

  /** @internal The session closed: pending operations fail, buffered bytes stay readable. */
  sessionClosed(error: YamuxError): void {
    if (this.sessionError) return;
    this.sessionError = error;
    this.clearCloseTimer();
    for (const reader of this.readers.splice(0)) reader.reject(error);
    this.rejectQueuedWrites(error);
  }

  /** @internal Sends queued data as the window and the connection allow. */
  pumpWrites(): void {
    const queue = this.sendQueue;
    while (this.sendHead < queue.length) {
      if (this.failure || this.sessionError) return;
      const item = queue[this.sendHead]!;
      if (item.kind === 'fin') {
        this.host.writer.writeHeader(FrameType.WindowUpdate, Flag.FIN, this.id, 0);
        this.sendHead += 1;
        this.localFinSent = true;
        item.resolve();
        this.afterLocalFin();
        continue;
      }
      if (this.sendWindow === 0) break;
      if (this.host.outputBlocked()) {
        this.host.waitForOutput(this);
        break;
      }
      const remaining = item.bytes.length - item.offset;
      const size = Math.min(this.sendWindow, remaining, MAX_DATA_FRAME_PAYLOAD);
      const payload =
        size === item.bytes.length ? item.bytes : item.bytes.subarray(item.offset, item.offset + size);
      this.host.writer.writeData(0, this.id, payload);
      this.sendWindow -= size;
      item.offset += size;
      if (size === remaining) {
        this.sendHead += 1;
        item.resolve();
      }
    }
    this.compactSendQueue();
  }

  private afterLocalFin(): void {
    if (this.remoteFin) {
      this.finish();
      return;
    }
    const timeoutMs = this.host.config.streamCloseTimeoutMs;
    if (timeoutMs > 0 && !this.finished) {
      this.closeTimer = setTimeout(() => this.onCloseTimeout(timeoutMs), timeoutMs);
      this.closeTimer.unref();
    }
  }

  private onCloseTimeout(timeoutMs: number): void {
    this.closeTimer = undefined;
    if (this.finished || this.failure || this.sessionError) return;
    this.fail(new StreamCloseTimeoutError(this.id, timeoutMs));
    this.host.writer.writeHeader(FrameType.WindowUpdate, Flag.RST, this.id, 0);
    this.finish();
  }

  private wakeReadersAtEnd(): void {
    if (this.receivedBytes > 0) return;
    for (const reader of this.readers.splice(0)) reader.resolve(null);
  }

  private takeReceived(): Uint8Array {
    const chunk = this.received[this.receivedHead]!;
    this.receivedHead += 1;
    this.receivedBytes -= chunk.length;
    if (this.receivedHead === this.received.length) {
      this.received.length = 0;
      this.receivedHead = 0;
    } else if (this.receivedHead > 64) {
      this.received.splice(0, this.receivedHead);
      this.receivedHead = 0;
    }
    return chunk;
  }

  /** The reader took `size` bytes: grant window back once half of it is consumed. */
  private consumed(size: number): void {
    this.consumedNotGranted += size;
    const threshold = this.host.config.maxStreamWindowSize / 2;
    if (this.consumedNotGranted < threshold) return;
    // Past the peer's FIN, or once the stream is over, credit is useless.
    if (this.remoteFin || this.failure || this.sessionError || this.finished) return;
    const delta = this.consumedNotGranted;
    this.consumedNotGranted = 0;
    this.receiveWindow += delta;
    this.host.writer.writeHeader(FrameType.WindowUpdate, 0, this.id, delta);
  }

  private fail(error: YamuxError): void {
    if (this.failure) return;
    this.failure = error;
    this.clearCloseTimer();
    this.received.length = 0;
    this.receivedHead = 0;
    this.receivedBytes = 0;
    for (const reader of this.readers.splice(0)) reader.reject(error);
    this.rejectQueuedWrites(error);
  }

  private rejectQueuedWrites(error: YamuxError): void {
    const queue = this.sendQueue;
    for (let i = this.sendHead; i < queue.length; i += 1) {
      const item = queue[i]!;
      if (item.kind === 'data') item.reject(error);
      else item.resolve();
    }
    this.sendQueue = [];
    this.sendHead = 0;
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.clearCloseTimer();
    this.host.streamFinished(this);
  }

  private clearCloseTimer(): void {
    if (this.closeTimer !== undefined) {
      clearTimeout(this.closeTimer);
      this.closeTimer = undefined;
    }
  }

  private compactSendQueue(): void {
    if (this.sendHead === this.sendQueue.length) {
      this.sendQueue.length = 0;
      this.sendHead = 0;
    } else if (this.sendHead > 64) {
      this.sendQueue.splice(0, this.sendHead);
      this.sendHead = 0;
    }
  }
}
