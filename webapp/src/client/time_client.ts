// Client for the server half's time route:
//   GET <route base>/api/v1/time?tz=<zone>
// sent with the user's session the way the webapp's own client sends it: the
// session cookie (credentials: 'include') and X-Requested-With: XMLHttpRequest,
// which Mattermost's CSRF check accepts for cookie-authenticated requests.
//
// Answers (the contract with the server half):
//   200 {"time_zone","iso","display","unix_ms"}   → TimeAnswer
//   400 / 401 / other {"error": "..."}             → TimeRouteError (kind 'http')
// A failed request is kind 'network'; an answer not of that shape is 'invalid_answer'.

export type TimeAnswer = {
    time_zone: string;
    iso: string;
    display: string;
    unix_ms: number;
};

export type TimeRouteErrorKind = 'http' | 'network' | 'invalid_answer';

export class TimeRouteError extends Error {
    override name = 'TimeRouteError';

    constructor(
        readonly kind: TimeRouteErrorKind,
        message: string,
        readonly url: string,
        readonly status?: number,
    ) {
        super(message);
    }
}

export function timeRouteURL(routeBase: string, zone: string): string {
    return `${routeBase}/api/v1/time?tz=${encodeURIComponent(zone)}`;
}

function isTimeAnswer(value: unknown): value is TimeAnswer {
    if (typeof value !== 'object' || value === null) {
        return false;
    }
    const v = value as Record<string, unknown>;
    return typeof v.time_zone === 'string' && typeof v.iso === 'string' &&
        typeof v.display === 'string' && typeof v.unix_ms === 'number';
}

function describeHttpError(status: number, serverMessage: string | undefined): string {
    const detail = serverMessage ? `: ${serverMessage}` : '';
    switch (status) {
    case 400:
        return `The server rejected the request (400)${detail}`;
    case 401:
        return `Not signed in, or the session has expired (401)${detail}`;
    default:
        return `The server route failed (${status})${detail}`;
    }
}

async function readErrorMessage(response: Response): Promise<string | undefined> {
    const text = await response.text().catch(() => '');
    try {
        const body: unknown = JSON.parse(text);
        if (typeof body === 'object' && body !== null && typeof (body as {error?: unknown}).error === 'string') {
            return (body as {error: string}).error;
        }
    } catch {
        // Not JSON (a proxy's error page, say): show the start of the text instead.
    }
    return text.trim().slice(0, 200) || undefined;
}

export async function fetchTime(
    routeBase: string,
    zone: string,
    options: {signal?: AbortSignal; fetchImpl?: typeof fetch} = {},
): Promise<TimeAnswer> {
    const url = timeRouteURL(routeBase, zone);
    const fetchImpl = options.fetchImpl ?? fetch;
    let response: Response;
    try {
        response = await fetchImpl(url, {
            method: 'GET',
            credentials: 'include',
            headers: {'X-Requested-With': 'XMLHttpRequest', Accept: 'application/json'},
            signal: options.signal,
        });
    } catch (err) {
        if (options.signal?.aborted) {
            throw err;
        }
        throw new TimeRouteError('network', `Could not reach the server route: ${(err as Error).message}`, url);
    }
    if (!response.ok) {
        throw new TimeRouteError('http', describeHttpError(response.status, await readErrorMessage(response)), url, response.status);
    }
    let body: unknown;
    try {
        body = await response.json();
    } catch {
        throw new TimeRouteError('invalid_answer', 'The server route answered with something that is not JSON', url, response.status);
    }
    if (!isTimeAnswer(body)) {
        throw new TimeRouteError('invalid_answer', 'The server route answered without time_zone, iso, display and unix_ms', url, response.status);
    }
    return body;
}
