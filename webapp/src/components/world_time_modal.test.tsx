import {act, cleanup, fireEvent, screen, waitFor} from '@testing-library/react';
import {afterEach, describe, expect, it, vi} from 'vitest';

import manifest from '../manifest';
import {getPluginState} from '../state/selectors';
import {startPlugin, stubTimeRoute, TOWN_SQUARE} from '../test_support/plugin_harness';
import {TIME_APPENDED_EVENT} from '../websocket/time_appended';

const TOKYO_USER = {useAutomaticTimezone: 'false', automaticTimezone: '', manualTimezone: 'Asia/Tokyo'};

afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    delete window.basename;
});

function openModal() {
    fireEvent.click(screen.getByRole('button', {name: 'World Time'}));
    return screen.getByRole('dialog', {name: 'World Time'});
}

describe('World Time modal', () => {
    it('is closed until the channel header button is clicked', () => {
        stubTimeRoute();
        const {store} = startPlugin({userTimezone: TOKYO_USER});
        expect(screen.queryByRole('dialog')).toBeNull();
        openModal();
        expect(getPluginState(store.getState()).modal).toEqual({open: true, channelId: TOWN_SQUARE.id});
    });

    it('fetches the route with the session and renders the display', async () => {
        const fetchMock = stubTimeRoute();
        startPlugin({siteURL: 'https://chat.example.com', userTimezone: TOKYO_USER});
        openModal();
        expect(await screen.findByText('2026/11/22 10:15:30 in Asia/Tokyo')).toBeTruthy();
        expect(fetchMock).toHaveBeenCalledTimes(1);
        const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
        expect(url).toBe(`/plugins/${manifest.id}/api/v1/time?tz=Asia%2FTokyo`);
        expect(init.credentials).toBe('include');
        expect(new Headers(init.headers).get('X-Requested-With')).toBe('XMLHttpRequest');
    });

    it('keeps a subpath SiteURL in the route URL', async () => {
        const fetchMock = stubTimeRoute();
        startPlugin({siteURL: 'https://example.com/company/mattermost/', userTimezone: TOKYO_USER});
        openModal();
        await screen.findByTestId('world-time-display');
        expect(fetchMock.mock.calls[0][0]).toBe(`/company/mattermost/plugins/${manifest.id}/api/v1/time?tz=Asia%2FTokyo`);
    });

    it('uses window.basename when the store has no SiteURL', async () => {
        const fetchMock = stubTimeRoute();
        window.basename = '/company/mattermost';
        startPlugin({userTimezone: TOKYO_USER});
        openModal();
        await screen.findByTestId('world-time-display');
        expect(fetchMock.mock.calls[0][0]).toBe(`/company/mattermost/plugins/${manifest.id}/api/v1/time?tz=Asia%2FTokyo`);
    });

    it('renders a 400 with the server\'s message', async () => {
        stubTimeRoute(() => ({status: 400, body: {error: 'unknown time zone: Foo/Bar'}}));
        startPlugin({userTimezone: TOKYO_USER});
        openModal();
        const alert = await screen.findByRole('alert');
        expect(alert.textContent).toBe('The server rejected the request (400): unknown time zone: Foo/Bar');
        expect(screen.queryByTestId('world-time-display')).toBeNull();
    });

    it('renders a 401 as a sign-in problem', async () => {
        stubTimeRoute(() => ({status: 401, body: {error: 'not authenticated'}}));
        startPlugin({userTimezone: TOKYO_USER});
        openModal();
        expect((await screen.findByRole('alert')).textContent).toBe('Not signed in, or the session has expired (401): not authenticated');
    });

    it('renders a network failure', async () => {
        stubTimeRoute(() => new TypeError('Failed to fetch'));
        startPlugin({userTimezone: TOKYO_USER});
        openModal();
        expect((await screen.findByRole('alert')).textContent).toBe('Could not reach the server route: Failed to fetch');
    });

    it('refetches when another zone is picked, and remembers the pick', async () => {
        const fetchMock = stubTimeRoute();
        const {store} = startPlugin({userTimezone: TOKYO_USER});
        openModal();
        await screen.findByText('2026/11/22 10:15:30 in Asia/Tokyo');
        fireEvent.change(screen.getByLabelText('Time zone'), {target: {value: 'Europe/Paris'}});
        expect(await screen.findByText('2026/11/22 10:15:30 in Europe/Paris')).toBeTruthy();
        expect(fetchMock.mock.calls.map((call) => new URL(String(call[0]), 'http://x').searchParams.get('tz')))
            .toEqual(['Asia/Tokyo', 'Europe/Paris']);
        expect(getPluginState(store.getState()).chosenZone).toBe('Europe/Paris');
    });

    it('offers the zones the browser supports', () => {
        stubTimeRoute();
        startPlugin({userTimezone: TOKYO_USER});
        openModal();
        const options = [...(screen.getByLabelText('Time zone') as HTMLSelectElement).options].map((o) => o.value);
        expect(options).toEqual(Intl.supportedValuesOf('timeZone'));
    });

    it('shows the latest time the server appended in this channel', async () => {
        stubTimeRoute();
        const {fake} = startPlugin({userTimezone: TOKYO_USER});
        openModal();
        await screen.findByTestId('world-time-display');
        expect(screen.queryByTestId('world-time-last-appended')).toBeNull();
        act(() => {
            fake.emitWebSocketEvent(TIME_APPENDED_EVENT, {channel_id: 'another-channel', user_id: 'u2', time_zone: 'UTC', display: 'elsewhere'});
        });
        expect(screen.queryByTestId('world-time-last-appended')).toBeNull();
        act(() => {
            fake.emitWebSocketEvent(TIME_APPENDED_EVENT, {
                channel_id: TOWN_SQUARE.id, user_id: 'u2', time_zone: 'Asia/Tokyo', display: '2026/11/22 18:15:30 (Asia/Tokyo, UTC+09:00)',
            });
        });
        expect(screen.getByTestId('world-time-last-appended').textContent)
            .toBe('Last time appended in this channel: 2026/11/22 18:15:30 (Asia/Tokyo, UTC+09:00)');
    });

    it('closes with the Close button and with Escape', async () => {
        stubTimeRoute();
        startPlugin({userTimezone: TOKYO_USER});
        openModal();
        fireEvent.click(screen.getByRole('button', {name: 'Close'}));
        expect(screen.queryByRole('dialog')).toBeNull();
        openModal();
        fireEvent.keyDown(document, {key: 'Escape'});
        await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    });
});
