// A stand-in for the plugin routes of Mattermost's API, for the deploy tests.
// It answers with the status codes and AppError bodies of the server's api4
// handlers (plugin.go, user login) and records every request, with the
// multipart upload taken apart so tests can check field names and bytes.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
  /** Multipart parts of an upload, by field name. */
  parts?: Map<string, { filename?: string; contentType?: string; data: Buffer }>;
}

export type UploadBehaviour = 'ok' | 'disabled' | 'forbidden' | 'tooLarge' | 'proxyTooLarge' | 'legacyTooLarge';
export type EnableBehaviour = 'runs' | 'failsToStart' | 'notInstalled' | 'neverReports';

export interface FakeOptions {
  local?: boolean;
  tokens?: string[];
  login?: { username: string; password: string; token: string };
  upload?: UploadBehaviour;
  enable?: EnableBehaviour;
}

export interface FakeMattermost {
  requests: RecordedRequest[];
  url: string;
  close: () => Promise<void>;
}

function appError(res: ServerResponse, status: number, id: string, message: string): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ id, message, detailed_error: '', request_id: 'req1', status_code: status }));
}

function parseMultipart(contentType: string, body: Buffer): RecordedRequest['parts'] {
  const boundary = /boundary=(.+)$/.exec(contentType)?.[1];
  if (!boundary) return undefined;
  const parts = new Map<string, { filename?: string; contentType?: string; data: Buffer }>();
  const delimiter = Buffer.from(`--${boundary}`);
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    const part = body.subarray(start + 2, next - 2); // skip CRLF after the delimiter and before the next
    const headerEnd = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, headerEnd).toString();
    const name = /name="([^"]*)"/.exec(head)?.[1] ?? '';
    parts.set(name, {
      filename: /filename="([^"]*)"/.exec(head)?.[1],
      contentType: /Content-Type: (.*)/i.exec(head)?.[1]?.trim(),
      data: part.subarray(headerEnd + 4),
    });
    at = next;
  }
  return parts;
}

export async function startFakeMattermost(listenOn: { port: 0 } | { socketPath: string }, options: FakeOptions = {}): Promise<FakeMattermost> {
  const requests: RecordedRequest[] = [];
  const tokens = new Set(options.tokens ?? []);
  const installed = new Map<string, { state: number; error: string }>();

  const handle = (req: IncomingMessage, body: Buffer, res: ServerResponse): void => {
    const path = req.url ?? '';
    const recorded: RecordedRequest = { method: req.method ?? '', path, headers: req.headers, body };
    requests.push(recorded);

    if (req.method === 'POST' && path === '/api/v4/users/login') {
      const { login_id: loginId, password } = JSON.parse(body.toString()) as { login_id: string; password: string };
      if (options.login && loginId === options.login.username && password === options.login.password) {
        tokens.add(options.login.token);
        res.writeHead(200, { 'Content-Type': 'application/json', Token: options.login.token });
        res.end(JSON.stringify({ id: 'user1', username: loginId }));
      } else {
        appError(res, 401, 'api.user.login.invalid_credentials_email_username', 'Enter a valid email or username and/or password.');
      }
      return;
    }
    if (!options.local) {
      const token = /^BEARER (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!token || !tokens.has(token)) return appError(res, 401, 'api.context.session_expired.app_error', 'Invalid or expired session, please login again.');
    }

    if (req.method === 'POST' && path === '/api/v4/plugins') {
      switch (options.upload ?? 'ok') {
        case 'disabled':
          return appError(res, 501, 'app.plugin.upload_disabled.app_error', 'Plugins and/or plugin uploads have been disabled.');
        case 'forbidden':
          return appError(res, 403, 'api.context.permissions.app_error', 'You do not have the appropriate permissions.');
        case 'tooLarge':
          return appError(res, 413, 'api.plugin.upload.file_too_large.app_error', 'Unable to upload file. File is too large.');
        case 'proxyTooLarge':
          res.writeHead(413, { 'Content-Type': 'text/html' });
          return void res.end('<html><head><title>413 Request Entity Too Large</title></head><body><center><h1>413 Request Entity Too Large</h1></center><hr><center>nginx</center></body></html>');
        case 'legacyTooLarge':
          res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
          return void res.end('http: request body too large\n');
        case 'ok': {
          recorded.parts = parseMultipart(req.headers['content-type'] ?? '', body);
          const id = 'com.example.fake';
          installed.set(id, { state: 0, error: '' });
          res.writeHead(201, { 'Content-Type': 'application/json' });
          return void res.end(JSON.stringify({ id, version: '1.2.3' }));
        }
      }
    }
    const enable = /^\/api\/v4\/plugins\/([^/]+)\/(enable|disable)$/.exec(path);
    if (req.method === 'POST' && enable) {
      const [, id, verb] = enable as unknown as [string, string, string];
      if ((options.enable ?? 'runs') === 'notInstalled') return appError(res, 404, 'app.plugin.not_installed.app_error', 'Plugin is not installed.');
      const behaviour = options.enable ?? 'runs';
      if (verb === 'disable') installed.set(id, { state: 0, error: '' });
      else if (behaviour === 'runs') installed.set(id, { state: 2, error: '' });
      else if (behaviour === 'failsToStart') installed.set(id, { state: 3, error: 'failed to start plugin: timeout waiting for handshake' });
      else installed.set(id, { state: 0, error: '' });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return void res.end(JSON.stringify({ status: 'OK' }));
    }
    if (req.method === 'GET' && path === '/api/v4/plugins/statuses' && !options.local) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return void res.end(JSON.stringify([...installed].map(([id, status]) => ({ plugin_id: id, cluster_id: '', plugin_path: '', name: id, description: '', version: '1.2.3', ...status }))));
    }
    if (req.method === 'GET' && path === '/api/v4/plugins') {
      const plugins = [...installed].map(([id, status]) => ({ id, active: status.state === 2 }));
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return void res.end(JSON.stringify({ active: plugins.filter((p) => p.active).map(({ id }) => ({ id })), inactive: plugins.filter((p) => !p.active).map(({ id }) => ({ id })) }));
    }
    appError(res, 404, 'api.context.404.app_error', 'Sorry, we could not find the page.');
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, Buffer.concat(chunks), res));
  });
  await new Promise<void>((resolve) => ('socketPath' in listenOn ? server.listen(listenOn.socketPath, resolve) : server.listen(0, '127.0.0.1', resolve)));
  const address = server.address();
  const url = typeof address === 'object' && address ? `http://127.0.0.1:${(address as AddressInfo).port}` : String(address);
  return { requests, url, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
