// The plugin-management calls deploy needs, as pluginctl makes them:
//   POST /api/v4/users/login               {login_id, password} -> Token header
//   POST /api/v4/plugins                   multipart: force=true, plugin=<bundle>  -> 201
//   POST /api/v4/plugins/{id}/enable       -> 200 (activation then runs asynchronously)
//   POST /api/v4/plugins/{id}/disable      -> 200
//   GET  /api/v4/plugins/statuses          to see whether activation worked
//   GET  /api/v4/plugins                   the same, in local mode (no statuses route there)
// Routes, the X-Requested-With header and the bearer token come from Client4.

import { stat } from 'node:fs/promises';
import { basename } from 'node:path';

import { Client4 } from './client4';
import type { Connection } from './connection';
import { DeployError, failureFor, type Action } from './errors';
import { send, type HttpRequest, type HttpResponse } from './http';
import { multipartBody } from './multipart';

/** model.PluginState* in server/public v0.4.4. */
const PLUGIN_STATE = { running: 2, failedToStart: 3, failedToStayRunning: 4 } as const;

interface PluginStatus {
  plugin_id: string;
  state: number;
  error?: string;
}

export interface WaitOptions {
  timeoutMs: number;
  intervalMs: number;
}

export class PluginAdminClient {
  private readonly client4 = new Client4();

  constructor(private readonly connection: Connection) {
    // Routes relative to the server root; send() adds the site URL or uses the socket.
    this.client4.setUrl('');
    this.client4.setIncludeCookies(false);
    if (connection.mode === 'token') this.client4.setToken(connection.token);
  }

  /** Logs in when the connection uses a username and password; the session token is kept. */
  async authenticate(): Promise<void> {
    if (this.connection.mode !== 'login') return;
    const { username, password } = this.connection;
    const response = await this.request('login', 'POST', `${this.client4.getUsersRoute()}/login`, {
      body: Buffer.from(JSON.stringify({ login_id: username, password, token: '', deviceId: '' })),
      contentType: 'application/json',
      context: { username },
    });
    const token = response.headers.token;
    if (typeof token !== 'string' || token === '') {
      throw new DeployError(`login as ${username} succeeded but the server sent no Token header; is MM_SERVICESETTINGS_SITEURL a Mattermost server?`);
    }
    this.client4.setToken(token);
  }

  /** Uploads the bundle with force=true (replacing an installed version). */
  async uploadPlugin(bundlePath: string): Promise<{ id?: string; version?: string }> {
    let size: number;
    try {
      size = (await stat(bundlePath)).size;
    } catch {
      throw new DeployError(`the bundle ${bundlePath} does not exist; run \`make dist\` (or \`make bundle\`) first`);
    }
    const body = multipartBody([['force', 'true']], { field: 'plugin', filename: basename(bundlePath), contentType: 'application/gzip', path: bundlePath, size });
    // The server extracts and installs before it answers: allow it longer than other calls.
    const response = await this.request('upload', 'POST', this.client4.getPluginsRoute(), { body, contentType: body.contentType, context: { bundleBytes: size }, idleTimeoutMs: 180_000 });
    return parseJson(response) as { id?: string; version?: string };
  }

  async enablePlugin(pluginId: string): Promise<void> {
    await this.request('enable', 'POST', `${this.client4.getPluginRoute(pluginId)}/enable`, { context: { pluginId } });
  }

  async disablePlugin(pluginId: string): Promise<void> {
    await this.request('disable', 'POST', `${this.client4.getPluginRoute(pluginId)}/disable`, { context: { pluginId } });
  }

  /**
   * Waits until the server reports the plugin running; throws with the
   * server's error when it failed to start, or when the time runs out.
   */
  async waitUntilRunning(pluginId: string, options: WaitOptions): Promise<void> {
    const deadline = Date.now() + options.timeoutMs;
    let lastState = 'not reported yet';
    for (;;) {
      if (this.connection.mode === 'local') {
        // Local mode serves GET /plugins but not /plugins/statuses.
        const response = await this.request('status', 'GET', this.client4.getPluginsRoute());
        const plugins = parseJson(response) as { active?: { id: string }[] };
        if (plugins.active?.some((plugin) => plugin.id === pluginId)) return;
        lastState = 'installed but not active';
      } else {
        const response = await this.request('status', 'GET', `${this.client4.getPluginsRoute()}/statuses`);
        const statuses = (parseJson(response) as PluginStatus[]).filter((status) => status.plugin_id === pluginId);
        if (statuses.length > 0 && statuses.every((status) => status.state === PLUGIN_STATE.running)) return;
        const failed = statuses.find((status) => status.state === PLUGIN_STATE.failedToStart || status.state === PLUGIN_STATE.failedToStayRunning);
        if (failed) {
          const how = failed.state === PLUGIN_STATE.failedToStart ? 'failed to start' : 'started but did not stay running';
          throw new DeployError(`${pluginId} ${how} on the server: ${failed.error || 'no error message; see the server log'}`);
        }
        lastState = statuses.length > 0 ? `state ${statuses.map((status) => status.state).join(', ')}` : 'not reported yet';
      }
      if (Date.now() >= deadline) {
        throw new DeployError(`${pluginId} is not running ${options.timeoutMs / 1000} s after it was enabled (${lastState}); see the server log`);
      }
      await new Promise((done) => setTimeout(done, options.intervalMs));
    }
  }

  private async request(
    action: Action,
    method: HttpRequest['method'],
    path: string,
    extra: { body?: HttpRequest['body']; contentType?: string; context?: Parameters<typeof failureFor>[2]; idleTimeoutMs?: number } = {},
  ): Promise<HttpResponse> {
    const options = this.client4.getOptions({ method: method.toLowerCase() }) as { headers: Record<string, string> };
    const headers = { ...options.headers, ...(extra.contentType ? { 'Content-Type': extra.contentType } : {}) };
    const response = await send(this.connection.endpoint, { method, path, headers, body: extra.body, idleTimeoutMs: extra.idleTimeoutMs });
    if (response.status < 200 || response.status > 299) throw failureFor(action, response, extra.context);
    return response;
  }
}

function parseJson(response: HttpResponse): unknown {
  try {
    return JSON.parse(response.body.toString('utf8'));
  } catch {
    throw new DeployError(`the server answered ${response.status} with something that is not JSON; is this a Mattermost server?`);
  }
}
