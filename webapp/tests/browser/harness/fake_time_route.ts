// A stand-in for the server half's time route, speaking its JSON contract:
//   GET /api/v1/time?tz=<zone>
//   200 {"time_zone","iso","display","unix_ms"}
//   400 {"error":"unknown time zone: <zone>"}   401 {"error":"..."} without Mattermost-User-Id
// Like a plugin's ServeHTTP, it sees the path with /plugins/<id> already stripped
// and trusts Mattermost-User-Id, which only the (harness) server sets.
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';

export type TimeAnswer = {time_zone: string; iso: string; display: string; unix_ms: number};
export type SeenRouteRequest = {method: string; path: string; userId: string | undefined; cookie: string | undefined};

function pad(n: number, width = 2): string {
    return String(n).padStart(width, '0');
}

/** The wall-clock fields of `at` in `zone`; throws RangeError for an unknown zone. */
function wallClock(at: Date, zone: string) {
    const format = new Intl.DateTimeFormat('en-US', {
        timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
        hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short',
    });
    const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
    return {
        year: Number(parts.year), month: Number(parts.month), day: Number(parts.day),
        hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second),
        zoneName: parts.timeZoneName ?? zone,
    };
}

export function answerFor(zone: string, at: Date): TimeAnswer {
    const c = wallClock(at, zone);
    const ms = at.getUTCMilliseconds();
    const offsetMinutes = Math.round((Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second, ms) - at.getTime()) / 60_000);
    const sign = offsetMinutes < 0 ? '-' : '+';
    const offset = `${sign}${pad(Math.floor(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`;
    const date = `${c.year}-${pad(c.month)}-${pad(c.day)}`;
    const time = `${pad(c.hour)}:${pad(c.minute)}:${pad(c.second)}`;
    return {
        time_zone: zone,
        iso: `${date}T${time}.${pad(ms, 3)}${offset}`,
        display: `${date.replaceAll('-', '/')} ${time} ${c.zoneName}`,
        unix_ms: at.getTime(),
    };
}

function send(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, {'Content-Type': 'application/json'});
    res.end(JSON.stringify(body));
}

export type FakeTimeRoute = {baseURL: string; seen: SeenRouteRequest[]; close(): Promise<void>};

export async function startFakeTimeRoute(now: () => Date = () => new Date()): Promise<FakeTimeRoute> {
    const seen: SeenRouteRequest[] = [];
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
        const url = new URL(req.url ?? '/', 'http://route');
        const userId = req.headers['mattermost-user-id'] as string | undefined;
        seen.push({method: req.method ?? '', path: url.pathname + url.search, userId, cookie: req.headers.cookie});
        if (req.method !== 'GET' || url.pathname !== '/api/v1/time') {
            send(res, 404, {error: `no route ${req.method} ${url.pathname}`});
            return;
        }
        if (!userId) {
            send(res, 401, {error: 'not authenticated: Mattermost-User-Id is missing'});
            return;
        }
        const zone = url.searchParams.get('tz') ?? '';
        try {
            send(res, 200, answerFor(zone, now()));
        } catch {
            send(res, 400, {error: `unknown time zone: ${zone}`});
        }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const {port} = server.address() as AddressInfo;
    return {
        baseURL: `http://127.0.0.1:${port}`,
        seen,
        close: () => new Promise((resolve) => server.close(() => resolve())),
    };
}
