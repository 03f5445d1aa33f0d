/**
 * The plugin's HTTP routes, under /plugins/<id>/ (the server strips that
 * prefix before the request reaches us):
 *   GET /                                 a greeting
 *   GET /api/v1/time?tz=<zone>            the time in a zone, for the webapp's button
 *   GET /api/v1/channels/<id>/last        the last time appended in a channel
 * The api/ routes need a logged-in user: the server sets Mattermost-User-Id.
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
  if (url.pathname === '/' || url.pathname === '') {
    return new Response('Hello from World Time!', { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  }
  if (!url.pathname.startsWith('/api/')) return errorJSON(404, 'not found');
  if (!request.headers.get('Mattermost-User-Id')) return errorJSON(401, 'not authenticated');

  if (url.pathname === '/api/v1/time') return timeIn(url.searchParams.get('tz') || context.defaultTimezone);
  const last = /^\/api\/v1\/channels\/([A-Za-z0-9]+)\/last$/.exec(url.pathname);
  if (last) return lastAppended(context.api, last[1]!);
  return errorJSON(404, 'not found');
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
