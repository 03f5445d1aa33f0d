/**
 * Session configuration. The defaults are hashicorp/yamux v0.1.2's
 * DefaultConfig (mux.go), which is what the Mattermost host runs, so both
 * ends agree on windows, backlog and keep-alive without negotiating.
 */
import { ConfigError } from './errors';
import { INITIAL_STREAM_WINDOW, MAX_UINT32 } from './frame';

export interface SessionConfig {
  /** Streams the peer opened that wait for accept(); beyond it a SYN is answered with RST. Also bounds our un-ACKed opens. */
  readonly acceptBacklog: number;
  /** Ping the peer every keepAliveIntervalMs; an unanswered ping closes the session. */
  readonly enableKeepAlive: boolean;
  readonly keepAliveIntervalMs: number;
  /** How long a ping (keep-alive or ping()) may wait for its answer. Go's ConnectionWriteTimeout. */
  readonly connectionWriteTimeoutMs: number;
  /** Receive window per stream; at least the 256 KiB both sides assume initially. */
  readonly maxStreamWindowSize: number;
  /** A stream we open must be ACKed within this time or the session closes; 0 disables. */
  readonly streamOpenTimeoutMs: number;
  /** After our FIN, the peer's FIN must arrive within this time or the stream is reset; 0 disables. */
  readonly streamCloseTimeoutMs: number;
}

export const DEFAULT_CONFIG: SessionConfig = Object.freeze({
  acceptBacklog: 256,
  enableKeepAlive: true,
  keepAliveIntervalMs: 30_000,
  connectionWriteTimeoutMs: 10_000,
  maxStreamWindowSize: INITIAL_STREAM_WINDOW,
  streamOpenTimeoutMs: 75_000,
  streamCloseTimeoutMs: 5 * 60_000,
});

/** Fills in defaults and checks the result the way Go's VerifyConfig does. */
export function resolveConfig(overrides: Partial<SessionConfig> = {}): SessionConfig {
  const config: SessionConfig = { ...DEFAULT_CONFIG, ...overrides };
  requireInteger('acceptBacklog', config.acceptBacklog, 1, 1 << 20);
  requireInteger('keepAliveIntervalMs', config.keepAliveIntervalMs, 1, 2 ** 31 - 1);
  requireInteger('connectionWriteTimeoutMs', config.connectionWriteTimeoutMs, 1, 2 ** 31 - 1);
  requireInteger('maxStreamWindowSize', config.maxStreamWindowSize, INITIAL_STREAM_WINDOW, MAX_UINT32);
  requireInteger('streamOpenTimeoutMs', config.streamOpenTimeoutMs, 0, 2 ** 31 - 1);
  requireInteger('streamCloseTimeoutMs', config.streamCloseTimeoutMs, 0, 2 ** 31 - 1);
  if (typeof config.enableKeepAlive !== 'boolean') {
    throw new ConfigError('enableKeepAlive', config.enableKeepAlive, 'expected a boolean');
  }
  return Object.freeze(config);
}

function requireInteger(field: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(field, value, `expected an integer from ${min} to ${max}`);
  }
}
