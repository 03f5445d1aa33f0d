/**
 * Incremental frame decoder: push() the connection's chunks as they arrive,
 * then call next() until it returns undefined (more bytes needed).
 *
 * next() yields each frame's header, and for a Data frame then its payload in
 * one or more pieces. Pieces are views into the pushed chunks (no copying),
 * so the session can decide from the header alone where the payload goes (a
 * stream's buffer, or nowhere for an unknown stream) and a huge length never
 * makes us allocate. Pushed chunks must not be modified afterwards.
 *
 * Headers with an unknown version or type throw InvalidVersionError or
 * InvalidFrameTypeError; the decoder is unusable after that.
 */
import { InvalidFrameTypeError, InvalidVersionError } from './errors';
import { FrameType, HEADER_LENGTH, PROTOCOL_VERSION, type FrameHeader } from './frame';
import { decodeHeader } from './header';

export type DecodedItem =
  | { readonly kind: 'header'; readonly header: FrameHeader; /** byte offset of the frame in the connection */ readonly offset: number }
  | { readonly kind: 'payload'; readonly bytes: Uint8Array; /** true on the frame's final piece */ readonly last: boolean };

export class FrameDecoder {
  private chunks: Uint8Array[] = [];
  private head = 0;
  private headOffset = 0;
  private buffered = 0;
  private consumed = 0;
  private payloadRemaining = 0;
  private failed = false;
  private readonly scratch = new Uint8Array(HEADER_LENGTH);

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
  }

  next(): DecodedItem | undefined {
    if (this.failed) return undefined;
    if (this.payloadRemaining > 0) return this.nextPayloadPiece();
    if (this.buffered < HEADER_LENGTH) return undefined;

    const offset = this.consumed;
    const chunk = this.chunks[this.head]!;
    let header: FrameHeader;
    if (chunk.length - this.headOffset >= HEADER_LENGTH) {
      header = decodeHeader(chunk, this.headOffset);
      this.advance(HEADER_LENGTH);
    } else {
      this.copyOut(this.scratch, HEADER_LENGTH);
      header = decodeHeader(this.scratch, 0);
    }

    if (header.version !== PROTOCOL_VERSION) {
      this.failed = true;
      throw new InvalidVersionError(header.version, offset);
    }
    if (header.type > FrameType.GoAway) {
      this.failed = true;
      throw new InvalidFrameTypeError(header.type, offset);
    }
    if (header.type === FrameType.Data) this.payloadRemaining = header.length;
    return { kind: 'header', header, offset };
  }

  /** Bytes received but not yet returned by next(). */
  get bufferedBytes(): number {
    return this.buffered;
  }

  /** True between a frame's first byte and its last: the connection ended mid-frame if it ends now. */
  get inFrame(): boolean {
    return this.payloadRemaining > 0 || this.buffered > 0;
  }

  /** Payload bytes of the current Data frame still to come. */
  get payloadBytesRemaining(): number {
    return this.payloadRemaining;
  }

  private nextPayloadPiece(): DecodedItem | undefined {
    if (this.buffered === 0) return undefined;
    const chunk = this.chunks[this.head]!;
    const available = chunk.length - this.headOffset;
    const size = Math.min(available, this.payloadRemaining);
    const bytes =
      this.headOffset === 0 && size === chunk.length ? chunk : chunk.subarray(this.headOffset, this.headOffset + size);
    this.advance(size);
    this.payloadRemaining -= size;
    return { kind: 'payload', bytes, last: this.payloadRemaining === 0 };
  }

  /** Copies `size` bytes (spanning chunks) into `target` and consumes them. */
  private copyOut(target: Uint8Array, size: number): void {
    let written = 0;
    while (written < size) {
      const chunk = this.chunks[this.head]!;
      const take = Math.min(size - written, chunk.length - this.headOffset);
      target.set(chunk.subarray(this.headOffset, this.headOffset + take), written);
      written += take;
      this.advance(take);
    }
  }

  private advance(size: number): void {
    this.headOffset += size;
    this.buffered -= size;
    this.consumed += size;
    while (this.head < this.chunks.length && this.headOffset === this.chunks[this.head]!.length) {
      this.head += 1;
      this.headOffset = 0;
    }
    if (this.head === this.chunks.length) {
      this.chunks = [];
      this.head = 0;
    } else if (this.head > 32) {
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
  }
}
