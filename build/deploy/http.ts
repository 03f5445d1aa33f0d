// One HTTP request to a Mattermost server, over TCP (the site URL) or over the
// local-mode unix socket, with the whole answer read. Client4 builds routes
// and headers; this sends them (Client4's own fetch cannot reach a unix socket
// and reads an error's status from its JSON body only, losing a proxy's 413).

import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';

import { DeployError } from './errors';

export type Endpoint = { siteUrl: string } | { socketPath: string };

export interface HttpRequest {
  method: 'GET' | 'POST';
  /** Path from the server root, e.g. /api/v4/plugins. */
  path: string;
  headers: Record<string, string>;
  body?: Buffer | { length: number; open: () => Readable };
  /** Give up when the server is silent this long (ms). */
  idleTimeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export function describeEndpoint(endpoint: Endpoint): string {
  return 'socketPath' in endpoint ? `the local-mode socket ${endpoint.socketPath}` : endpoint.siteUrl;
}

export function send(endpoint: Endpoint, req: HttpRequest): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...req.headers };
    if (req.body !== undefined) headers['Content-Length'] = String(req.body.length);
    let client;
    if ('socketPath' in endpoint) {
      client = httpRequest({ socketPath: endpoint.socketPath, path: req.path, method: req.method, headers: { Host: 'localhost', ...headers } });
    } else {
      const base = new URL(endpoint.siteUrl);
      const url = new URL(base.pathname.replace(/\/$/, '') + req.path, base);
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      client = send(url, { method: req.method, headers });
    }
    const idle = req.idleTimeoutMs ?? 60_000;
    client.setTimeout(idle, () => client.destroy(Object.assign(new Error(`no answer within ${idle / 1000} s`), { code: 'ETIMEDOUT' })));
    client.on('error', (error: NodeJS.ErrnoException) => reject(unreachable(endpoint, error)));
    client.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', (error: NodeJS.ErrnoException) => reject(unreachable(endpoint, error)));
    });
    if (req.body === undefined) client.end();
    else if (Buffer.isBuffer(req.body)) client.end(req.body);
    else {
      const stream = req.body.open();
      stream.on('error', (error) => client.destroy(error));
      stream.pipe(client);
    }
  });
}

const REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused; is the server running and listening there?',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name does not resolve right now',
  ENOENT: 'the socket file does not exist',
  EACCES: 'permission denied on the socket file',
  ECONNRESET: 'the server closed the connection',
  EPIPE: 'the server closed the connection while the request was being sent',
  ETIMEDOUT: 'the server did not answer in time',
};

function unreachable(endpoint: Endpoint, error: NodeJS.ErrnoException): DeployError {
  const reason = (error.code && REASONS[error.code]) ?? error.message;
  return new DeployError(`cannot reach the Mattermost server at ${describeEndpoint(endpoint)}: ${reason} (${error.code ?? error.message})`);
}
