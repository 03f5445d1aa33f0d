/**
 * Yamux frame vocabulary, as in hashicorp/yamux v0.1.2 (const.go, spec.md).
 *
 * Every frame starts with a 12-byte big-endian header: version (1 byte, always
 * 0), type (1), flags (2), stream id (4), length (4). Only Data frames carry a
 * payload (`length` bytes); for the other types the length field is a window
 * delta (WindowUpdate), an opaque echo value (Ping) or a reason code (GoAway).
 */

export const PROTOCOL_VERSION = 0;
export const HEADER_LENGTH = 12;

export const FrameType = {
  Data: 0,
  WindowUpdate: 1,
  Ping: 2,
  GoAway: 3,
} as const;
export type FrameType = (typeof FrameType)[keyof typeof FrameType];

/** Flag bits; several may be set on one Data or WindowUpdate frame. */
export const Flag = {
  SYN: 1,
  ACK: 2,
  FIN: 4,
  RST: 8,
} as const;
export type Flag = (typeof Flag)[keyof typeof Flag];

/** Reason codes carried in a GoAway frame's length field. */
export const GoAwayCode = {
  Normal: 0,
  ProtocolError: 1,
  InternalError: 2,
} as const;
export type GoAwayCode = (typeof GoAwayCode)[keyof typeof GoAwayCode];

/** Both sides assume this window for every new stream, in each direction. */
export const INITIAL_STREAM_WINDOW = 256 * 1024;

/** Largest value of the 32-bit id, length and window fields. */
export const MAX_UINT32 = 0xffff_ffff;

/** Stream id 0 addresses the session itself (Ping, GoAway). */
export const SESSION_STREAM_ID = 0;

export interface FrameHeader {
  readonly version: number;
  readonly type: number;
  readonly flags: number;
  readonly streamId: number;
  readonly length: number;
}

/** Human-readable header for error messages and logs. */
export function describeHeader(header: FrameHeader): string {
  const typeName = frameTypeName(header.type);
  const flagNames = describeFlags(header.flags);
  return `${typeName} stream=${header.streamId} flags=${flagNames} length=${header.length}`;
}

export function frameTypeName(type: number): string {
  switch (type) {
    case FrameType.Data:
      return 'Data';
    case FrameType.WindowUpdate:
      return 'WindowUpdate';
    case FrameType.Ping:
      return 'Ping';
    case FrameType.GoAway:
      return 'GoAway';
    default:
      return `type(${type})`;
  }
}

export function describeFlags(flags: number): string {
  const names: string[] = [];
  if (flags & Flag.SYN) names.push('SYN');
  if (flags & Flag.ACK) names.push('ACK');
  if (flags & Flag.FIN) names.push('FIN');
  if (flags & Flag.RST) names.push('RST');
  const unknown = flags & ~(Flag.SYN | Flag.ACK | Flag.FIN | Flag.RST);
  if (unknown !== 0) names.push(`0x${unknown.toString(16)}`);
  return names.length === 0 ? '0' : names.join('|');
}
