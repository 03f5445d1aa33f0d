import {describe, expect, it, vi} from 'vitest';

import {fetchTime, TimeRouteError, timeRouteURL} from './time_client';

const PARIS = {time_zone: 'Europe/Paris', iso: '2026-11-22T10:15:30.123+01:00', display: '2026/11/22 10:15:30 (Europe/Paris, UTC+01:00)', unix_ms: 1795338930123};

function json(status: number, body: unknown): Response {
    return new Response(JSON.stringify(body), {status, headers: {'Content-Type': 'application/json'}});
}

async function failure(promise: Promise<unknown>): Promise<TimeRouteError> {
    const err = await promise.then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(TimeRouteError);
    return err as TimeRouteError;
}

describe('fetchTime', () => {
    it('GETs the route with the session cookie and X-Requested-With', async () => {
        const fetchImpl = vi.fn(async () => json(200, PARIS));
        await expect(fetchTime('/company/mattermost/plugins/p', 'Europe/Paris', {fetchImpl})).resolves.toEqual(PARIS);
        expect(fetchImpl).toHaveBeenCalledTimes(1);
        const [url, init] = fetchImpl.mock.calls[0] as unknown as [string, RequestInit];
        expect(url).toBe('/company/mattermost/plugins/p/api/v1/time?tz=Europe%2FParis');
        expect(init.method).toBe('GET');
        expect(init.credentials).toBe('include');
        expect(new Headers(init.headers).get('X-Requested-With')).toBe('XMLHttpRequest');
    });

    it('encodes the zone as a query value', () => {
        expect(timeRouteURL('/plugins/p', 'America/Argentina/Buenos_Aires')).toBe('/plugins/p/api/v1/time?tz=America%2FArgentina%2FBuenos_Aires');
        expect(timeRouteURL('/plugins/p', 'Etc/GMT+5')).toBe('/plugins/p/api/v1/time?tz=Etc%2FGMT%2B5');
    });

    it('turns a 400 into an error carrying the server\'s message', async () => {
        const err = await failure(fetchTime('/plugins/p', 'Foo/Bar', {fetchImpl: async () => json(400, {error: 'unknown time zone: Foo/Bar'})}));
        expect(err.kind).toBe('http');
        expect(err.status).toBe(400);
        expect(err.message).toContain('unknown time zone: Foo/Bar');
    });

    it('turns a 401 into a sign-in error', async () => {
        const err = await failure(fetchTime('/plugins/p', 'UTC', {fetchImpl: async () => json(401, {error: 'not authenticated'})}));
        expect(err.status).toBe(401);
        expect(err.message).toMatch(/Not signed in.*401.*not authenticated/);
    });

    it('shows the start of a non-JSON error page', async () => {
        const err = await failure(fetchTime('/plugins/p', 'UTC', {fetchImpl: async () => new Response('Bad Gateway', {status: 502})}));
        expect(err.message).toBe('The server route failed (502): Bad Gateway');
    });

    it('reports a network failure', async () => {
        const err = await failure(fetchTime('/plugins/p', 'UTC', {fetchImpl: async () => {
            throw new TypeError('Failed to fetch');
        }}));
        expect(err.kind).toBe('network');
        expect(err.message).toContain('Failed to fetch');
    });

    it('rejects an answer that is not the route\'s contract', async () => {
        const notJson = await failure(fetchTime('/plugins/p', 'UTC', {fetchImpl: async () => new Response('<html>', {status: 200})}));
        expect(notJson.kind).toBe('invalid_answer');
        const wrongShape = await failure(fetchTime('/plugins/p', 'UTC', {fetchImpl: async () => json(200, {time: 'now'})}));
        expect(wrongShape.kind).toBe('invalid_answer');
    });
});
