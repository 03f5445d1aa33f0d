// The built webapp bundle in headless Chromium, inside a minimal Mattermost host
// served under a subpath: click the channel header button, see the route's
// answer, change zone, receive a websocket event, lose the session.
import {mkdirSync} from 'node:fs';
import {join} from 'node:path';

import {chromium, type Browser, type BrowserContext, type Page} from 'playwright-core';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

import {startFakeTimeRoute, type FakeTimeRoute} from './harness/fake_time_route';
import {startHostServer, type HostServer} from './harness/host_server';
import {
    BUNDLE_PATH,
    HOST_PAGE_ENTRY,
    pluginId,
    requireBuiltBundle,
    requireChromium,
    RESULTS_DIR,
} from './paths';

const PLUGIN_ID = pluginId();
/** The route's base URL; point it at the real server half's ServeHTTP to test that instead. */
const ROUTE_BASE_URL = process.env.E2E_PLUGIN_ROUTE_BASE_URL;

let route: FakeTimeRoute | undefined;
let host: HostServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
    requireBuiltBundle();
    const executablePath = requireChromium();
    if (!ROUTE_BASE_URL) {
        route = await startFakeTimeRoute();
    }
    host = await startHostServer({
        pluginId: PLUGIN_ID,
        bundlePath: BUNDLE_PATH,
        hostPageEntry: HOST_PAGE_ENTRY,
        routeBaseURL: ROUTE_BASE_URL ?? route!.baseURL,
    });
    browser = await chromium.launch({
        executablePath,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    context = await browser.newContext({viewport: {width: 900, height: 600}, timezoneId: 'America/New_York'});
    page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
        // Chromium logs every failed response; the 401 test provokes one on purpose.
        const provoked = msg.text().includes('status of 401');
        if ((msg.type() === 'error' || msg.type() === 'warning') && !provoked) {
            pageErrors.push(`console.${msg.type()}: ${msg.text()}`);
        }
    });
    await page.goto(`${host.siteURL}/`);
    await page.waitForFunction(() => window.__harness?.status !== 'loading', undefined, {timeout: 10_000});
    const status = await page.evaluate(() => ({status: window.__harness.status, error: window.__harness.error}));
    expect(status.error).toBeUndefined();
    expect(status.status).toBe('ready');
}, 60_000);

afterAll(async () => {
    await browser?.close();
    await host?.close();
    await route?.close();
});

describe('World Time webapp bundle in Chromium', () => {
    it('registers through window.registerPlugin and initialize(registry, store)', async () => {
        const calls = await page.evaluate(() => window.__harness.registryCalls());
        expect(calls).toEqual(['registerReducer', 'registerRootComponent', 'registerChannelHeaderButtonAction', 'registerWebSocketEventHandler']);
    });

    it('shows the route\'s answer after the channel header button is clicked', async () => {
        await page.getByRole('button', {name: 'Show the time in another time zone'}).click();
        const dialog = page.getByRole('dialog', {name: 'World Time'});
        await dialog.waitFor();
        const display = page.getByTestId('world-time-display');
        await display.waitFor();

        // The request went to the subpath route with the session cookie and X-Requested-With…
        expect(host.seen[0]).toEqual({
            path: '/api/v1/time?tz=Asia%2FTokyo',
            sessionCookie: true,
            xRequestedWith: 'XMLHttpRequest',
            authenticated: true,
        });
        // …and what the page shows is what the route answered.
        if (route) {
            expect(route.seen[0]).toMatchObject({path: '/api/v1/time?tz=Asia%2FTokyo', userId: 'e2e-user-id', cookie: undefined});
            expect(await display.textContent()).toMatch(/^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2} GMT\+9$/);
        }
        expect(await page.getByLabel('Time zone', {exact: true}).inputValue()).toBe('Asia/Tokyo');

        mkdirSync(RESULTS_DIR, {recursive: true});
        await page.screenshot({path: join(RESULTS_DIR, 'world-time-modal.png')});
    });

    it('refetches for another zone', async () => {
        await page.getByLabel('Time zone', {exact: true}).selectOption('Europe/Paris');
        // The line under the display echoes the answer's time_zone.
        await page.getByText(/^Europe\/Paris · /).waitFor();
        expect(host.seen.at(-1)?.path).toBe('/api/v1/time?tz=Europe%2FParis');
        if (route) {
            expect(await page.getByTestId('world-time-display').textContent()).toMatch(/ GMT\+[12]$/);
        }
    });

    it('shows the latest time appended in the channel from the websocket event', async () => {
        await page.evaluate((event) => {
            window.__harness.emitWebSocketEvent(event, {
                channel_id: 'channel-town-square', user_id: 'u2', time_zone: 'Asia/Tokyo', display: '2026/11/22 18:15:30 JST',
            });
        }, `custom_${PLUGIN_ID}_time_appended`);
        expect(await page.getByTestId('world-time-last-appended').textContent())
            .toBe('Last time appended in this channel: 2026/11/22 18:15:30 JST (Asia/Tokyo)');
    });

    it('renders the 401 when the session is gone', async () => {
        await context.clearCookies();
        await page.getByRole('button', {name: 'Refresh'}).click();
        const alert = page.getByRole('alert');
        await alert.waitFor();
        expect(host.seen.at(-1)).toMatchObject({sessionCookie: false, authenticated: false});
        expect(await alert.textContent()).toMatch(/^Not signed in, or the session has expired \(401\)/);
        await page.screenshot({path: join(RESULTS_DIR, 'world-time-401.png')});
    });

    it('cleans up on uninitialize', async () => {
        await page.evaluate(() => window.__harness.uninitialize());
        await page.getByRole('dialog').waitFor({state: 'detached'});
        expect(await page.getByRole('button', {name: 'Show the time in another time zone'}).count()).toBe(0);
    });

    it('logged no errors or React warnings', () => {
        expect(pageErrors).toEqual([]);
    });
});
