/**
 * The plugin's HTTP routes, under /plugins/<id>/ (the server strips that
 * prefix before the request reaches us):
 *   GET /                                 a greeting
 *   GET /api/v1/time?tz=<zone>            the time in a zone, for the webapp's button
 *   GET /api/v1/channels/<id>/last        the last time appended in a channel
 * The api/ routes need a logged-in user: the server sets Mattermost-User-Id
 * (and removes any such header a client sent).
 */
import type { MattermostAPI } from '../runtime';
import { canonicalZone, UnknownTimeZoneError, zonedTime } from './time';

export interface RouteContext {
  readonly api: MattermostAPI;
  readonly defaultTimezone: string;
}

export async function route(request: Request, context: RouteContext): Promise<Response> {
  const url = new URL(request.url);
  if (request.method !== 'GET') return errorJSON(404, 'not found');
  if (url.pathname === '/') {
    return new Response('Hello from World Time!', { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  }
  if (url.pathname === '/api/v1/time') {
    return authenticated(request) ?? timeIn(url.searchParams.get('tz') || context.defaultTimezone);
  }
  const last = /^\/api\/v1\/channels\/([A-Za-z0-9_-]+)\/last$/.exec(url.pathname);
  if (last) return authenticated(request) ?? lastAppended(context.api, last[1]!);
  return errorJSON(404, 'not found');
}

/** A 401 unless the server vouched for a logged-in user. */
function authenticated(request: Request): Response | undefined {
  return request.headers.get('Mattermost-User-Id') ? undefined : errorJSON(401, 'not authenticated');
}

function timeIn(zone: string): Response {
  try {
    return Response.json(zonedTime(zone));
  } catch (error) {
    if (error instanceof UnknownTimeZoneError) return errorJSON(400, error.message);
    throw error;
  }
}

async function lastAppended(api: MattermostAPI, channelId: string): Promise<Response> {
  const stored = await api.kvGet(lastTimeKey(channelId));
  if (!stored || stored.length === 0) return errorJSON(404, 'not found');
  return new Response(stored, { headers: { 'Content-Type': 'application/json' } });
}

export function lastTimeKey(channelId: string): string {
  return `last_time:${channelId}`;
}

function errorJSON(status: number, error: string): Response {
  return Response.json({ error }, { status });
}

export { canonicalZone };
