/**
 * Outgoing frame batching. Frames produced within one turn of the event loop
 * are handed to the connection together at the next setImmediate, so a hook
 * call's few small frames cost one socket write instead of several.
 *
 * Headers and small payloads are copied into a shared buffer region (one
 * contiguous chunk); larger payloads are passed by reference as their own
 * chunk, never copied. A payload handed to writeData must not be modified
 * afterwards.
 */
import { FrameType, HEADER_LENGTH } from './frame';
import { writeHeader } from './header';

/** Payloads up to this size are copied next to their header. */
const COPY_PAYLOAD_LIMIT = 1024;
/** Size of each shared buffer that headers and small payloads are packed into. */
const REGION_SIZE = 64 * 1024;

const EMPTY = new Uint8Array(0);

/** Receives each batch, in order. */
export type ChunkSink = (chunks: Uint8Array[]) => void;

export class FrameWriter {
  private region: Uint8Array = EMPTY;
  private regionStart = 0;
  private regionUsed = 0;
  private chunks: Uint8Array[] = [];
  private pending = 0;
  private scheduled = false;
  private closed = false;

  constructor(private readonly sink: ChunkSink) {}

  /** Bytes queued and not yet handed to the sink. */
  get pendingBytes(): number {
    return this.pending;
  }

  writeHeader(type: number, flags: number, streamId: number, length: number): void {
    if (this.closed) return;
    const offset = this.reserve(HEADER_LENGTH);
    writeHeader(this.region, offset, type, flags, streamId, length);
    this.schedule();
  }

  writeData(flags: number, streamId: number, payload: Uint8Array): void {
    if (this.closed) return;
    const size = payload.length;
    if (size <= COPY_PAYLOAD_LIMIT) {
      const offset = this.reserve(HEADER_LENGTH + size);
      writeHeader(this.region, offset, FrameType.Data, flags, streamId, size);
      this.region.set(payload, offset + HEADER_LENGTH);
    } else {
      const offset = this.reserve(HEADER_LENGTH);
      writeHeader(this.region, offset, FrameType.Data, flags, streamId, size);
      this.sealRegion();
      this.chunks.push(payload);
      this.pending += size;
    }
    this.schedule();
  }

  /** Hands everything queued to the sink now. */
  flush(): void {
    this.scheduled = false;
    this.sealRegion();
    if (this.chunks.length === 0) return;
    const chunks = this.chunks;
    this.chunks = [];
    this.pending = 0;
    this.sink(chunks);
  }

  /** Drops anything written from now on; call flush() first to keep what is queued. */
  close(): void {
    this.closed = true;
    this.chunks = [];
    this.pending = 0;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      if (this.scheduled && !this.closed) this.flush();
    });
  }

  /** Returns the region offset of `size` fresh bytes, starting a new region when this one is full. */
  private reserve(size: number): number {
    if (this.regionUsed + size > this.region.length) {
      this.sealRegion();
      // Every byte of a region is written before it is handed out, so it need not be zeroed.
      this.region = Buffer.allocUnsafe(Math.max(REGION_SIZE, size));
      this.regionStart = 0;
      this.regionUsed = 0;
    }
    const offset = this.regionUsed;
    this.regionUsed += size;
    this.pending += size;
    return offset;
  }

  /** Queues the region's bytes written since the last seal as one chunk. */
  private sealRegion(): void {
    if (this.regionUsed === this.regionStart) return;
    this.chunks.push(this.region.subarray(this.regionStart, this.regionUsed));
    this.regionStart = this.regionUsed;
  }
}
