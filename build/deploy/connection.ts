// Which server to talk to and how to authenticate, from the environment, in
// the order the starter template's pluginctl uses:
//   1. local mode: the unix socket MM_LOCALSOCKETPATH (default
//      /var/tmp/mattermost_local.socket) when something listens there; no auth.
//   2. MM_SERVICESETTINGS_SITEURL with MM_ADMIN_TOKEN, or
//   3. MM_SERVICESETTINGS_SITEURL with MM_ADMIN_USERNAME + MM_ADMIN_PASSWORD (login).

import { connect } from 'node:net';

import { DeployError } from './errors';
import type { Endpoint } from './http';

/** model.LocalModeSocketPath in server/public v0.4.4. */
export const DEFAULT_LOCAL_SOCKET = '/var/tmp/mattermost_local.socket';

export type Connection =
  | { mode: 'local'; endpoint: Endpoint & { socketPath: string } }
  | { mode: 'token'; endpoint: Endpoint & { siteUrl: string }; token: string }
  | { mode: 'login'; endpoint: Endpoint & { siteUrl: string }; username: string; password: string };

export async function resolveConnection(env: NodeJS.ProcessEnv, log: (line: string) => void = () => {}): Promise<Connection> {
  const socketPath = env.MM_LOCALSOCKETPATH || DEFAULT_LOCAL_SOCKET;
  if (await socketAnswers(socketPath)) {
    log(`Connecting using local mode over ${socketPath}`);
    return { mode: 'local', endpoint: { socketPath } };
  }
  if (env.MM_LOCALSOCKETPATH) log(`No socket found at ${socketPath} for local mode deployment. Attempting to authenticate with credentials.`);

  const siteUrl = env.MM_SERVICESETTINGS_SITEURL;
  if (!siteUrl) {
    throw new DeployError(
      `MM_SERVICESETTINGS_SITEURL is not set, and no server listens on the local-mode socket ${socketPath}. ` +
        'Set MM_SERVICESETTINGS_SITEURL (e.g. http://localhost:8065) with MM_ADMIN_TOKEN, or with MM_ADMIN_USERNAME and MM_ADMIN_PASSWORD; ' +
        'or enable ServiceSettings.EnableLocalMode on the server and point MM_LOCALSOCKETPATH at its socket.',
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(siteUrl);
  } catch {
    throw new DeployError(`MM_SERVICESETTINGS_SITEURL=${siteUrl} is not a URL; use the server's address, e.g. http://localhost:8065`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new DeployError(`MM_SERVICESETTINGS_SITEURL=${siteUrl} must start with http:// or https://`);
  }
  const endpoint = { siteUrl: siteUrl.replace(/\/+$/, '') };

  if (env.MM_ADMIN_TOKEN) {
    log(`Authenticating using token against ${endpoint.siteUrl}.`);
    return { mode: 'token', endpoint, token: env.MM_ADMIN_TOKEN };
  }
  const username = env.MM_ADMIN_USERNAME;
  const password = env.MM_ADMIN_PASSWORD;
  if (username && password) {
    log(`Authenticating as ${username} against ${endpoint.siteUrl}.`);
    return { mode: 'login', endpoint, username, password };
  }
  if (username) throw new DeployError('MM_ADMIN_PASSWORD is not set (MM_ADMIN_USERNAME is); set both, or set MM_ADMIN_TOKEN instead');
  if (password) throw new DeployError('MM_ADMIN_USERNAME is not set (MM_ADMIN_PASSWORD is); set both, or set MM_ADMIN_TOKEN instead');
  throw new DeployError(`MM_SERVICESETTINGS_SITEURL is set but no credentials are: set MM_ADMIN_TOKEN, or MM_ADMIN_USERNAME and MM_ADMIN_PASSWORD`);
}

/** Whether something accepts connections on the unix socket (pluginctl's net.Dial probe). */
function socketAnswers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ path: socketPath });
    const done = (answer: boolean): void => {
      socket.destroy();
      resolve(answer);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.setTimeout(2000, () => done(false));
  });
}
