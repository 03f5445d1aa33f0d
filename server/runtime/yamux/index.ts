/**
 * yamux: stream multiplexing over the plugin's connection to the Mattermost
 * host, wire-compatible with hashicorp/yamux v0.1.2. The plugin is the yamux
 * server: `Session.server(socket)`; see session.ts and stream.ts for the
 * contract.
 */
export { Session, type SessionSnapshot } from './session';
export { Stream, type ByteStream, type StreamSnapshot } from './stream';
export { DEFAULT_CONFIG, resolveConfig, type SessionConfig } from './config';
export * from './errors';
export { Flag, FrameType, GoAwayCode, HEADER_LENGTH, INITIAL_STREAM_WINDOW, type FrameHeader } from './frame';
export { encodeHeader, decodeHeader } from './header';
export { FrameDecoder, type DecodedItem } from './decoder';
