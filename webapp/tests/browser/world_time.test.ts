// The built plugin in headless Chromium: the webapp bundle inside a minimal
// Mattermost host page served under a subpath, its plugin requests answered
// by the bundle's own server half running under Mattermost's plugin host
// (harness/plugin_http_host.ts). Click the channel header button, see the
// plugin's time, change zone, receive the websocket event a real post
// produced, lose the session, lose the server.
import {mkdirSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

import {chromium, type Browser, type BrowserContext, type Page} from 'playwright-core';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

import {parseDisplay, zoneOffset} from './harness/display';
import {startHostServer, type HostServer} from './harness/host_server';
import {buildPluginHttpHost, startPluginHttpHost, type PluginHttpHost} from './harness/plugin_http_host';
import {
    BUNDLE_PATH,
    HOST_PAGE_ENTRY,
    pluginId,
    requireBuiltBundle,
    requireChromium,
    requirePluginBundle,
    RESULTS_DIR,
} from './paths';

const PLUGIN_ID = pluginId();
const SUBPATH = '/company/mattermost';
const CHANNEL_ID = 'channel-town-square';
const USER_ID = 'e2e-user-id';
const TIME_APPENDED = `custom_${PLUGIN_ID}_time_appended`;

let buildDir: string | undefined;
let plugin: PluginHttpHost | undefined;
let host: HostServer | undefined;
let browser: Browser | undefined;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
    requireBuiltBundle();
    const bundle = requirePluginBundle();
    const executablePath = requireChromium();
    const pluginLogs = join(RESULTS_DIR, 'plugin-host');
    rmSync(pluginLogs, {recursive: true, force: true});
    mkdirSync(RESULTS_DIR, {recursive: true});
    buildDir = mkdtempSync(join(tmpdir(), 'world-time-e2e-'));
    plugin = await startPluginHttpHost({
        executable: await buildPluginHttpHost(buildDir),
        bundle,
        logDir: pluginLogs,
        sitePath: SUBPATH,
    });
    host = await startHostServer({
        pluginId: PLUGIN_ID,
        bundlePath: BUNDLE_PATH,
        hostPageEntry: HOST_PAGE_ENTRY,
        routeBaseURL: plugin.baseURL,
        subpath: SUBPATH,
        userId: USER_ID,
    });
    browser = await chromium.launch({
        executablePath,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    context = await browser.newContext({viewport: {width: 900, height: 600}, timezoneId: 'America/New_York'});
    page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
        // Chromium logs every failed response; the 401 and 502 tests provoke one each on purpose.
        const provoked = /status of (401|502)/.test(msg.text());
        if ((msg.type() === 'error' || msg.type() === 'warning') && !provoked) {
            pageErrors.push(`console.${msg.type()}: ${msg.text()}`);
        }
    });
    await page.goto(`${host.siteURL}/`);
    await page.waitForFunction(() => window.__harness?.status !== 'loading', undefined, {timeout: 10_000});
    const status = await page.evaluate(() => ({status: window.__harness.status, error: window.__harness.error}));
    expect(status.error).toBeUndefined();
    expect(status.status).toBe('ready');
}, 300_000);

afterAll(async () => {
    await browser?.close();
    await host?.close();
    await plugin?.close();
    if (buildDir) {
        rmSync(buildDir, {recursive: true, force: true});
    }
}, 30_000);

/** The display the plugin answered: PLUGINS.md's format, the zone, an instant in [beforeMs, afterMs], the zone's offset then. */
function expectPluginDisplay(text: string | null, zone: string, beforeMs: number, afterMs: number): void {
    const display = parseDisplay(text ?? '');
    expect(display, `${JSON.stringify(text)} is not "YYYY/MM/DD HH:mm:ss (Zone, UTC±hh:mm)"`).toBeDefined();
    expect(display!.zone).toBe(zone);
    expect(display!.instantMs).toBeGreaterThanOrEqual(Math.floor(beforeMs / 1000) * 1000);
    expect(display!.instantMs).toBeLessThanOrEqual(afterMs);
    expect(display!.offset).toBe(zoneOffset(zone, display!.instantMs));
}

async function openModal(): Promise<void> {
    await page.getByRole('button', {name: 'Show the time in another time zone'}).click();
    await page.getByRole('dialog', {name: 'World Time'}).waitFor();
}

describe('World Time (webapp bundle and server half) in Chromium', () => {
    it('registers through window.registerPlugin and initialize(registry, store)', async () => {
        const calls = await page.evaluate(() => window.__harness.registryCalls());
        expect(calls).toEqual(['registerReducer', 'registerRootComponent', 'registerChannelHeaderButtonAction', 'registerWebSocketEventHandler']);
    });

    it('shows the plugin\'s time after the channel header button is clicked', async () => {
        const before = Date.now();
        await openModal();
        const display = page.getByTestId('world-time-display');
        await display.waitFor();
        const after = Date.now();

        // The request went to the subpath route with the session cookie and X-Requested-With…
        expect(host!.seen[0]).toEqual({
            path: '/api/v1/time?tz=Asia%2FTokyo',
            sessionCookie: true,
            xRequestedWith: 'XMLHttpRequest',
            authenticated: true,
        });
        // …and the page shows what the plugin's ServeHTTP answered (the user's zone first).
        expect(await page.getByLabel('Time zone', {exact: true}).inputValue()).toBe('Asia/Tokyo');
        expectPluginDisplay(await display.textContent(), 'Asia/Tokyo', before, after);
        expect(await page.getByText(/^Asia\/Tokyo · /).textContent()).toMatch(/^Asia\/Tokyo · \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+09:00$/);
        await page.screenshot({path: join(RESULTS_DIR, 'world-time-modal.png')});
    });

    it('refetches from the plugin for another zone', async () => {
        const before = Date.now();
        await page.getByLabel('Time zone', {exact: true}).selectOption('Europe/Paris');
        // The line under the display echoes the answer's time_zone.
        await page.getByText(/^Europe\/Paris · /).waitFor();
        const after = Date.now();
        expect(host!.seen.at(-1)).toMatchObject({path: '/api/v1/time?tz=Europe%2FParis', authenticated: true});
        expectPluginDisplay(await page.getByTestId('world-time-display').textContent(), 'Europe/Paris', before, after);
        await page.screenshot({path: join(RESULTS_DIR, 'world-time-paris.png')});
    });

    it('shows the time the plugin appended to a post, from its websocket event', async () => {
        const before = Date.now();
        const created = await plugin!.post({channel_id: CHANNEL_ID, user_id: USER_ID, message: 'lunch hoge@America/New_York'});
        const after = Date.now();
        expect(created.status).toBe(201);
        const message = (created.body as {message: string}).message;
        const appended = /^lunch hoge@America\/New_York \((.+)\)$/.exec(message);
        expect(appended, `MessageWillBePosted left ${JSON.stringify(message)}`).not.toBeNull();
        const display = appended![1];
        expectPluginDisplay(display, 'America/New_York', before, after);

        const events = (await plugin!.events()).filter((e) => e.event === TIME_APPENDED);
        expect(events).toHaveLength(1);
        expect(events[0]).toMatchObject({
            data: {channel_id: CHANNEL_ID, user_id: USER_ID, time_zone: 'America/New_York', display},
            broadcast: {channel_id: CHANNEL_ID},
        });
        await page.evaluate((event) => window.__harness.deliverWebSocketMessage(event), events[0]);
        expect(await page.getByTestId('world-time-last-appended').textContent())
            .toBe(`Last time appended in this channel: ${display}`);
        await page.screenshot({path: join(RESULTS_DIR, 'world-time-appended.png')});
    });

    it('renders the plugin\'s 401 when the session is gone', async () => {
        await context.clearCookies();
        await page.getByRole('button', {name: 'Refresh'}).click();
        const alert = page.getByRole('alert');
        await alert.waitFor();
        expect(host!.seen.at(-1)).toMatchObject({sessionCookie: false, authenticated: false});
        expect(await alert.textContent()).toBe('Not signed in, or the session has expired (401): not authenticated');
        await page.screenshot({path: join(RESULTS_DIR, 'world-time-401.png')});
    });

    it('made only API calls the host implements, and stops cleanly', async () => {
        const calls = await plugin!.calls();
        expect(calls.filter((c) => c.unexpected)).toEqual([]);
        expect(calls.map((c) => c.method)).toContain('PublishWebSocketEvent');
        // Exit status 0: the plugin was deactivated and its process exited.
        expect(await plugin!.close()).toBe(0);
    });

    it('shows the failure when the server half is gone', async () => {
        await page.getByRole('button', {name: 'Refresh'}).click();
        const alert = page.getByRole('alert');
        await alert.getByText(/\(502\)/).waitFor();
        expect(await alert.textContent()).toMatch(/^The server route failed \(502\): route upstream http:\/\/127\.0\.0\.1:\d+ failed: connect ECONNREFUSED/);
        await page.screenshot({path: join(RESULTS_DIR, 'world-time-502.png')});
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
