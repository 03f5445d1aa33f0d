// deploy/enable/disable/reset against a local HTTP server and a unix-socket
// server that answer like Mattermost's api4 handlers: the multipart upload,
// headers, login flow, local mode, and every failure with its exact message.

import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { runDeployCommand, type DeployCommand } from './deploy';
import { send } from './http';
import { startFakeMattermost, type FakeMattermost, type FakeOptions } from './fakeMattermost';

const run = promisify(execFile);
const projectRoot = resolve(import.meta.dirname, '../..');
const ID = 'com.example.fake';
const BUNDLE_BYTES = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 256));

let scratch: string;
let root: string;
let noSocket: string;
let servers: FakeMattermost[] = [];

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'deploy-test-'));
  root = join(scratch, 'project');
  noSocket = join(scratch, 'nothing-listens-here.socket');
  await mkdir(join(root, 'dist'), { recursive: true });
  await writeFile(
    join(root, 'plugin.json'),
    JSON.stringify({ id: ID, name: 'Fake', version: '1.2.3', server: { executables: { 'linux-amd64': 'server/dist/plugin-linux-amd64', 'linux-arm64': 'server/dist/plugin-linux-arm64' } } }),
  );
  await writeFile(join(root, 'dist', `${ID}-1.2.3.tar.gz`), BUNDLE_BYTES);
  await writeFile(join(root, 'dist', `${ID}-1.2.3-linux-arm64.tar.gz`), Buffer.from('arm64 bundle'));
});

afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function fake(options: FakeOptions = {}, socketPath?: string): Promise<FakeMattermost> {
  const server = await startFakeMattermost(socketPath ? { socketPath } : { port: 0 }, options);
  servers.push(server);
  return server;
}

async function deploy(command: DeployCommand, env: NodeJS.ProcessEnv): Promise<string[]> {
  const lines: string[] = [];
  await runDeployCommand(command, { root, env: { MM_LOCALSOCKETPATH: noSocket, ...env }, log: (line) => lines.push(line), startTimeoutMs: 1500, pollIntervalMs: 20 });
  return lines;
}

describe('deploy with a token', () => {
  it('uploads the bundle as multipart with force=true, enables it and waits until it runs', async () => {
    const server = await fake({ tokens: ['good-token'] });
    const lines = await deploy('deploy', { MM_SERVICESETTINGS_SITEURL: `${server.url}/`, MM_ADMIN_TOKEN: 'good-token' });

    expect(server.requests.map((req) => `${req.method} ${req.path}`)).toEqual([
      'POST /api/v4/plugins',
      `POST /api/v4/plugins/${ID}/enable`,
      'GET /api/v4/plugins/statuses',
    ]);
    const upload = server.requests[0]!;
    expect(upload.headers.authorization).toBe('BEARER good-token');
    expect(upload.headers['x-requested-with']).toBe('XMLHttpRequest');
    expect(upload.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(Number(upload.headers['content-length'])).toBe(upload.body.length);
    expect([...upload.parts!.keys()]).toEqual(['force', 'plugin']);
    expect(upload.parts!.get('force')!.data.toString()).toBe('true');
    expect(upload.parts!.get('plugin')!.filename).toBe(`${ID}-1.2.3.tar.gz`);
    expect(upload.parts!.get('plugin')!.contentType).toBe('application/gzip');
    expect(upload.parts!.get('plugin')!.data.equals(BUNDLE_BYTES)).toBe(true);
    for (const req of server.requests) expect(req.headers.authorization).toBe('BEARER good-token');

    expect(lines).toEqual([
      `No socket found at ${noSocket} for local mode deployment. Attempting to authenticate with credentials.`,
      `Authenticating using token against ${server.url}.`,
      `Uploading ${join(root, 'dist', `${ID}-1.2.3.tar.gz`)} via API.`,
      'Enabling plugin.',
      `${ID} 1.2.3 is running.`,
    ]);
  });

  it('reports a rejected token', async () => {
    const server = await fake({ tokens: ['good-token'] });
    await expect(deploy('deploy', { MM_SERVICESETTINGS_SITEURL: server.url, MM_ADMIN_TOKEN: 'stale' })).rejects.toThrow(
      'the server did not accept the credentials (401 api.context.session_expired.app_error: Invalid or expired session, please login again.). Check MM_ADMIN_TOKEN, or MM_ADMIN_USERNAME and MM_ADMIN_PASSWORD.',
    );
  });
});

describe('deploy with a login', () => {
  it('logs in, then uses the session token', async () => {
    const server = await fake({ login: { username: 'admin', password: 'secret', token: 'session-token' } });
    await deploy('deploy', { MM_SERVICESETTINGS_SITEURL: server.url, MM_ADMIN_USERNAME: 'admin', MM_ADMIN_PASSWORD: 'secret' });
    const [login, ...rest] = server.requests;
    expect(`${login!.method} ${login!.path}`).toBe('POST /api/v4/users/login');
    expect(login!.headers['x-requested-with']).toBe('XMLHttpRequest');
    expect(login!.headers['content-type']).toBe('application/json');
    expect(login!.headers.authorization).toBeUndefined();
    expect(JSON.parse(login!.body.toString())).toMatchObject({ login_id: 'admin', password: 'secret' });
    expect(rest.map((req) => req.headers.authorization)).toEqual(['BEARER session-token', 'BEARER session-token', 'BEARER session-token']);
  });

  it('reports a failed login', async () => {
    const server = await fake({ login: { username: 'admin', password: 'secret', token: 'session-token' } });
    await expect(deploy('deploy', { MM_SERVICESETTINGS_SITEURL: server.url, MM_ADMIN_USERNAME: 'admin', MM_ADMIN_PASSWORD: 'wrong' })).rejects.toThrow(
      'login as admin failed (401 api.user.login.invalid_credentials_email_username: Enter a valid email or username and/or password.). Check MM_ADMIN_USERNAME and MM_ADMIN_PASSWORD.',
    );
    expect(server.requests).toHaveLength(1);
  });
});

describe('local mode', () => {
  it('talks over the unix socket without credentials', async () => {
    const socketPath = join(scratch, 'mattermost_local.socket');
    const server = await fake({ local: true }, socketPath);
    const lines = await deploy('deploy', { MM_LOCALSOCKETPATH: socketPath, MM_SERVICESETTINGS_SITEURL: 'http://unused.invalid', MM_ADMIN_TOKEN: 'unused' });
    expect(lines[0]).toBe(`Connecting using local mode over ${socketPath}`);
    expect(server.requests.map((req) => `${req.method} ${req.path}`)).toEqual(['POST /api/v4/plugins', `POST /api/v4/plugins/${ID}/enable`, 'GET /api/v4/plugins']);
    for (const req of server.requests) {
      expect(req.headers.authorization).toBeUndefined();
      expect(req.headers['x-requested-with']).toBe('XMLHttpRequest');
    }
    expect(server.requests[0]!.parts!.get('plugin')!.data.equals(BUNDLE_BYTES)).toBe(true);
  });

  it('falls back to the site URL when nothing listens on MM_LOCALSOCKETPATH', async () => {
    const server = await fake({ tokens: ['good-token'] });
    const lines = await deploy('enable', { MM_LOCALSOCKETPATH: noSocket, MM_SERVICESETTINGS_SITEURL: server.url, MM_ADMIN_TOKEN: 'good-token' });
    expect(lines.slice(0, 2)).toEqual([
      `No socket found at ${noSocket} for local mode deployment. Attempting to authenticate with credentials.`,
      `Authenticating using token against ${server.url}.`,
    ]);
  });
});

describe('server refusals', () => {
  const withToken = (server: FakeMattermost): NodeJS.ProcessEnv => ({ MM_SERVICESETTINGS_SITEURL: server.url, MM_ADMIN_TOKEN: 'good-token' });

  it('uploads disabled (501)', async () => {
    const server = await fake({ tokens: ['good-token'], upload: 'disabled' });
    await expect(deploy('deploy', withToken(server))).rejects.toThrow(
      'plugin uploads are disabled on the server (501 app.plugin.upload_disabled.app_error: Plugins and/or plugin uploads have been disabled.). Set PluginSettings.Enable and PluginSettings.EnableUploads to true and PluginSettings.RequirePluginSignature to false (System Console > Plugins > Plugin Management, or config.json), or deploy over local mode (MM_LOCALSOCKETPATH).',
    );
  });

  it('no permission (403)', async () => {
    const server = await fake({ tokens: ['good-token'], upload: 'forbidden' });
    await expect(deploy('deploy', withToken(server))).rejects.toThrow(
      "the account may not manage plugins (403 api.context.permissions.app_error: You do not have the appropriate permissions.). Use a system admin's token or login (permission sysconsole_write_plugins).",
    );
  });

  it.each([
    ['tooLarge', '413 api.plugin.upload.file_too_large.app_error: Unable to upload file. File is too large.'],
    ['proxyTooLarge', '413: <html><head><title>413 Request Entity Too Large</title></head><body><center><h1>413 Request Entity Too Large</h1></center><hr><center>nginx</center></body></html>'],
    ['legacyTooLarge', '400: http: request body too large'],
  ] as const)('bundle too large (%s)', async (upload, answer) => {
    const server = await fake({ tokens: ['good-token'], upload });
    await expect(deploy('deploy', withToken(server))).rejects.toThrow(
      `the server refused the bundle (68.4 KiB (70,000 bytes)) as too large (${answer}). Raise FileSettings.MaxFileSize on the server and the upload limit of any proxy in front of it (nginx: client_max_body_size), or make smaller bundles with BUNDLE_PER_PLATFORM=1.`,
    );
  });

  it('enable refused, with the server message', async () => {
    const server = await fake({ tokens: ['good-token'], enable: 'notInstalled' });
    await expect(deploy('deploy', withToken(server))).rejects.toThrow(`the server could not enable ${ID} (404 app.plugin.not_installed.app_error: Plugin is not installed.)`);
  });

  it('plugin fails to start after enable, with the server message', async () => {
    const server = await fake({ tokens: ['good-token'], enable: 'failsToStart' });
    await expect(deploy('deploy', withToken(server))).rejects.toThrow(`${ID} failed to start on the server: failed to start plugin: timeout waiting for handshake`);
  });

  it('plugin never reports running', async () => {
    const server = await fake({ tokens: ['good-token'], enable: 'neverReports' });
    await expect(deploy('enable', withToken(server))).rejects.toThrow(`${ID} is not running 1.5 s after it was enabled (state 0); see the server log`);
  });

  it('server unreachable', async () => {
    const server = await fake({ tokens: ['good-token'] });
    await server.close();
    servers = [];
    await expect(deploy('deploy', withToken(server))).rejects.toThrow(
      `cannot reach the Mattermost server at ${server.url}: connection refused; is the server running and listening there? (ECONNREFUSED)`,
    );
  });
});

describe('a server that never answers', () => {
  it('gives up after the idle timeout with a clear message', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done));
    const siteUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    try {
      await expect(send({ siteUrl }, { method: 'GET', path: '/api/v4/plugins', headers: {}, idleTimeoutMs: 100 })).rejects.toThrow(
        `cannot reach the Mattermost server at ${siteUrl}: the server did not answer in time (ETIMEDOUT)`,
      );
    } finally {
      silent.closeAllConnections();
      await new Promise((done) => silent.close(done));
    }
  });
});

describe('enable, disable, reset', () => {
  it('call the enable and disable routes', async () => {
    const server = await fake({ tokens: ['good-token'] });
    const env = { MM_SERVICESETTINGS_SITEURL: server.url, MM_ADMIN_TOKEN: 'good-token' };
    await deploy('disable', env);
    await deploy('reset', env);
    expect(server.requests.map((req) => `${req.method} ${req.path}`)).toEqual([
      `POST /api/v4/plugins/${ID}/disable`,
      `POST /api/v4/plugins/${ID}/disable`,
      `POST /api/v4/plugins/${ID}/enable`,
      'GET /api/v4/plugins/statuses',
    ]);
  });
});

describe('configuration', () => {
  it.each([
    [{}, `MM_SERVICESETTINGS_SITEURL is not set, and no server listens on the local-mode socket`],
    [{ MM_SERVICESETTINGS_SITEURL: 'http://localhost:8065' }, 'MM_SERVICESETTINGS_SITEURL is set but no credentials are: set MM_ADMIN_TOKEN, or MM_ADMIN_USERNAME and MM_ADMIN_PASSWORD'],
    [{ MM_SERVICESETTINGS_SITEURL: 'http://localhost:8065', MM_ADMIN_USERNAME: 'admin' }, 'MM_ADMIN_PASSWORD is not set (MM_ADMIN_USERNAME is); set both, or set MM_ADMIN_TOKEN instead'],
    [{ MM_SERVICESETTINGS_SITEURL: 'http://localhost:8065', MM_ADMIN_PASSWORD: 'x' }, 'MM_ADMIN_USERNAME is not set (MM_ADMIN_PASSWORD is); set both, or set MM_ADMIN_TOKEN instead'],
    [{ MM_SERVICESETTINGS_SITEURL: 'localhost:8065', MM_ADMIN_TOKEN: 't' }, 'MM_SERVICESETTINGS_SITEURL=localhost:8065 must start with http:// or https://'],
    [{ MM_SERVICESETTINGS_SITEURL: 'not a url', MM_ADMIN_TOKEN: 't' }, 'MM_SERVICESETTINGS_SITEURL=not a url is not a URL'],
  ])('names what is missing: %j', async (env, message) => {
    await expect(deploy('enable', env)).rejects.toThrow(message);
  });

  it('picks the per-platform bundle named by MM_PLUGIN_PLATFORM', async () => {
    const server = await fake({ tokens: ['good-token'] });
    await deploy('deploy', { MM_SERVICESETTINGS_SITEURL: server.url, MM_ADMIN_TOKEN: 'good-token', BUNDLE_PER_PLATFORM: '1', MM_PLUGIN_PLATFORM: 'linux-arm64' });
    expect(server.requests[0]!.parts!.get('plugin')!.filename).toBe(`${ID}-1.2.3-linux-arm64.tar.gz`);
    await expect(
      deploy('deploy', { MM_SERVICESETTINGS_SITEURL: server.url, MM_ADMIN_TOKEN: 'good-token', BUNDLE_PER_PLATFORM: '1', MM_PLUGIN_PLATFORM: 'linux-amd64' }),
    ).rejects.toThrow(`the bundle ${join(root, 'dist', `${ID}-1.2.3-linux-amd64.tar.gz`)} does not exist; run \`make dist\` (or \`make bundle\`) first`);
    await expect(deploy('deploy', { MM_SERVICESETTINGS_SITEURL: server.url, MM_ADMIN_TOKEN: 'good-token', BUNDLE_PER_PLATFORM: '1', MM_PLUGIN_PLATFORM: 'plan9-386' })).rejects.toThrow(
      'BUNDLE_PER_PLATFORM is set and plugin.json has no plan9-386 bundle; set MM_PLUGIN_PLATFORM to the server\'s platform, one of linux-amd64, linux-arm64',
    );
  });

  it('the CLI exits 1 with the message and no stack', async () => {
    const tsx = join(projectRoot, 'node_modules/tsx/dist/cli.mjs');
    const failed = await run(process.execPath, [tsx, join(import.meta.dirname, 'cli.ts'), 'enable'], {
      cwd: root,
      env: { PATH: process.env.PATH, MM_LOCALSOCKETPATH: noSocket },
    }).catch((error: { code: number; stderr: string }) => error);
    expect('code' in failed && failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^MM_SERVICESETTINGS_SITEURL is not set, and no server listens on the local-mode socket .*\n$/);
  });
});
