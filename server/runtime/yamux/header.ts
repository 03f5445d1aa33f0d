/**
 * The 12-byte frame header codec. Pure byte layout, no validation: the
 * decoder (decoder.ts) decides which versions and types are acceptable.
 * Fields are written with shifts rather than a DataView because headers are
 * encoded straight into the session's shared output buffer.
 */
import { HEADER_LENGTH, PROTOCOL_VERSION, type FrameHeader } from './frame';

/** Writes a version-0 header at `offset` of `target` (which needs 12 bytes there). */
export function writeHeader(
  target: Uint8Array,
  offset: number,
  type: number,
  flags: number,
  streamId: number,
  length: number,
): void {
  target[offset] = PROTOCOL_VERSION;
  target[offset + 1] = type;
  target[offset + 2] = flags >>> 8;
  target[offset + 3] = flags;
  target[offset + 4] = streamId >>> 24;
  target[offset + 5] = streamId >>> 16;
  target[offset + 6] = streamId >>> 8;
  target[offset + 7] = streamId;
  target[offset + 8] = length >>> 24;
  target[offset + 9] = length >>> 16;
  target[offset + 10] = length >>> 8;
  target[offset + 11] = length;
}

/** Encodes a header, version included, into a fresh 12-byte array. */
export function encodeHeader(header: FrameHeader): Uint8Array {
  const bytes = new Uint8Array(HEADER_LENGTH);
  writeHeader(bytes, 0, header.type, header.flags, header.streamId, header.length);
  bytes[0] = header.version;
  return bytes;
}

/** Reads the header at `offset` of `source` (which must hold 12 bytes there). */
export function decodeHeader(source: Uint8Array, offset = 0): FrameHeader {
  return {
    version: source[offset],
    type: source[offset + 1],
    flags: (source[offset + 2] << 8) | source[offset + 3],
    streamId: readUint32(source, offset + 4),
    length: readUint32(source, offset + 8),
  };
}

function readUint32(source: Uint8Array, offset: number): number {
  return (
    source[offset] * 0x100_0000 +
    ((source[offset + 1] << 16) | (source[offset + 2] << 8) | source[offset + 3])
  );
}
