/**
 * The go-plugin handshake (server.go Serve): check the magic cookie, listen on
 * a unix socket, and announce it as the first and only line on stdout:
 * CORE-PROTOCOL|APP-PROTOCOL|NETWORK|ADDRESS|PROTOCOL|CERT.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CORE_PROTOCOL_VERSION = 1;

export interface HandshakeConfig {
  readonly magicCookieKey: string;
  readonly magicCookieValue: string;
  /** The application protocol version this plugin speaks (Mattermost: 1). */
  readonly protocolVersion: number;
}

/** What a Go plugin prints when started by hand; the caller exits 1. */
export const NOT_A_PROGRAM_MESSAGE =
  'This binary is a plugin. These are not meant to be executed directly.\n' +
  'Please execute the program that consumes these plugins, which will\n' +
  'load any plugins automatically\n';

export function cookieMatches(config: HandshakeConfig, env: NodeJS.ProcessEnv): boolean {
  return env[config.magicCookieKey] === config.magicCookieValue;
}

export function protocolLine(config: HandshakeConfig, socketPath: string): string {
  return `${CORE_PROTOCOL_VERSION}|${config.protocolVersion}|unix|${socketPath}|netrpc|\n`;
}

export interface Listener {
  readonly path: string;
  /** The host makes exactly one connection; later ones are refused. */
  readonly connection: Promise<Socket>;
  close(): void;
}

/** Listens on a fresh unix socket in PLUGIN_UNIX_SOCKET_DIR or the temp dir, as Go's serverListener_unix does. */
export function listenUnix(env: NodeJS.ProcessEnv): Promise<Listener> {
  const dir = mkdtempSync(join(env.PLUGIN_UNIX_SOCKET_DIR || tmpdir(), 'plugin'));
  const path = join(dir, 'plugin.sock');
  const server: Server = createServer();
  const close = () => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  };
  const connection = new Promise<Socket>((resolve) => {
    server.once('connection', (socket) => {
      socket.setNoDelay(true);
      resolve(socket);
      // One host connection per process: stop listening and remove the socket file.
      close();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve({ path, connection, close }));
  });
}
