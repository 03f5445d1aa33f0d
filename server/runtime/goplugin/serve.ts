/**
 * Runs this process as a go-plugin netrpc plugin: the counterpart of
 * go-plugin's Serve + RPCServer.ServeConn for one host connection.
 *
 *   cookie check → unix listener → handshake line on stdout → one connection
 *   → yamux server session → streams 1 (control), 3 (stdout), 5 (stderr)
 *   → mux broker for every later stream → Control/Dispenser on stream 1.
 *
 * The process ignores SIGINT (a terminal Ctrl-C reaches the whole process
 * group; the host decides when the plugin stops), never reads stdin (the
 * host's stdin may be /dev/null), and exits on Control.Quit or when the
 * host's connection goes away.
 */
import { Session } from '../yamux';
import { MuxBroker } from './broker';
import { controlServer, type PluginServerFactory } from './control';
import { cookieMatches, listenUnix, NOT_A_PROGRAM_MESSAGE, protocolLine, type HandshakeConfig } from './handshake';
import { hclogLogger, type Logger } from './hclog';

export interface ServeConfig extends HandshakeConfig {
  readonly plugins: Readonly<Record<string, PluginServerFactory>>;
  readonly logger?: Logger;
  /** Replaced in tests. */
  readonly env?: NodeJS.ProcessEnv;
  readonly exit?: (code: number) => void;
  readonly writeStdout?: (line: string) => void;
}

/** Per-stream receive window we grant the host (yamux lets each receiver choose its own). */
const RECEIVE_WINDOW = 4 << 20;

/** How long to wait for the last writes to leave before exiting after Quit. */
const QUIT_GRACE_MS = 1_000;

export async function serve(config: ServeConfig): Promise<void> {
  const env = config.env ?? process.env;
  const exit = config.exit ?? ((code: number) => process.exit(code));
  const logger = config.logger ?? hclogLogger();

  if (!cookieMatches(config, env)) {
    process.stderr.write(NOT_A_PROGRAM_MESSAGE);
    exit(1);
    return;
  }
  process.on('SIGINT', () => logger.debug('plugin received interrupt signal, ignoring'));
  // A bug in one call must not take down the process the host is driving: log it and keep serving.
  process.on('uncaughtException', (error) => logger.error('uncaught exception', { error }));
  process.on('unhandledRejection', (reason) => logger.error('unhandled promise rejection', { error: reason }));

  const listener = await listenUnix(env);
  (config.writeStdout ?? ((line) => process.stdout.write(line)))(protocolLine(config, listener.path));

  const socket = await listener.connection;
  // A bigger receive window than Go's 256 KiB lets request bodies flow without a window update every 128 KiB;
  // the host's yamux takes whatever window we grant.
  const session = Session.server(socket, { maxStreamWindowSize: RECEIVE_WINDOW });
  let quitting = false;
  void session.closed.then(() => {
    if (!quitting) logger.debug('host connection closed; exiting');
    exit(0);
  });

  const control = await session.accept();
  // The host opens stdout and stderr sinks next; we log on real stderr instead.
  await session.accept();
  await session.accept();

  const broker = new MuxBroker(session);
  void broker.run();

  const server = controlServer({
    broker,
    plugins: config.plugins,
    logger,
    onQuit: () => {
      quitting = true;
      // Let the Quit reply reach the host; it closes the session, which exits us.
      setTimeout(() => exit(0), QUIT_GRACE_MS).unref();
      session.close();
    },
  });
  await server.serve(control, { onError: (error, method) => logger.error('control RPC failed', { method, error }) });
}
