import {act, cleanup, fireEvent, screen} from '@testing-library/react';
import {isValidElement} from 'react';
import {afterEach, describe, expect, it, vi} from 'vitest';

import {WorldTimeRoot} from './components/world_time_root';
import manifest from './manifest';
import {getPluginState, PLUGIN_STATE_KEY} from './state/selectors';
import {startPlugin, stubTimeRoute} from './test_support/plugin_harness';
import {TIME_APPENDED_EVENT} from './websocket/time_appended';

afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
});

describe('WorldTimePlugin.initialize', () => {
    it('registers its reducer under plugins-<id>', () => {
        const {fake, store} = startPlugin();
        expect(fake.calls[0].method).toBe('registerReducer');
        expect(PLUGIN_STATE_KEY).toBe(`plugins-${manifest.id}`);
        expect(store.getState()[PLUGIN_STATE_KEY]).toEqual({
            modal: {open: false, channelId: null},
            chosenZone: null,
            lastAppendedByChannel: {},
        });
    });

    it('registers the root component hosting the modal', () => {
        const {fake} = startPlugin();
        const roots = fake.registered('registerRootComponent');
        expect(roots).toHaveLength(1);
        expect(roots[0].args.component).toBe(WorldTimeRoot);
    });

    it('registers a channel header button in the object form, with every key upstream knows', () => {
        const {fake} = startPlugin();
        const call = fake.calls.find((c) => c.method === 'registerChannelHeaderButtonAction');
        expect(call?.rawArgs).toHaveLength(1);
        // reArg took the object as the argument object, not as the icon.
        expect(Object.keys(call!.args).sort()).toEqual(['action', 'dropdownText', 'icon', 'tooltipText']);
        expect(isValidElement(call!.args.icon)).toBe(true);
        expect(call!.args.dropdownText).toBe('World Time');
        expect(typeof call!.args.action).toBe('function');
    });

    it('opens the modal from the button action', () => {
        stubTimeRoute();
        const {store} = startPlugin();
        fireEvent.click(screen.getByRole('button', {name: 'World Time'}));
        expect(getPluginState(store.getState()).modal.open).toBe(true);
        expect(screen.getByRole('dialog', {name: 'World Time'})).toBeTruthy();
    });

    it('handles the prefixed time_appended websocket event', () => {
        const {fake, store} = startPlugin();
        expect([...fake.websocketHandlers.keys()]).toEqual([TIME_APPENDED_EVENT]);
        act(() => {
            fake.emitWebSocketEvent(TIME_APPENDED_EVENT, {channel_id: 'ch9', user_id: 'u1', time_zone: 'Asia/Tokyo', display: 'then'});
        });
        expect(getPluginState(store.getState()).lastAppendedByChannel.ch9).toEqual({
            channelId: 'ch9', userId: 'u1', timeZone: 'Asia/Tokyo', display: 'then',
        });
    });
});

describe('WorldTimePlugin.uninitialize', () => {
    it('unregisters its components and websocket handler and closes the modal', () => {
        stubTimeRoute();
        const {plugin, fake, store} = startPlugin();
        fireEvent.click(screen.getByRole('button', {name: 'World Time'}));
        expect(fake.components.size).toBe(2);

        act(() => plugin.uninitialize());

        expect(fake.components.size).toBe(0);
        expect(fake.websocketHandlers.size).toBe(0);
        expect(fake.calls.filter((c) => c.method === 'unregisterComponent')).toHaveLength(2);
        expect(getPluginState(store.getState()).modal.open).toBe(false);
        expect(screen.queryByRole('dialog')).toBeNull();
    });

    it('does nothing the second time', () => {
        const {plugin, fake} = startPlugin();
        plugin.uninitialize();
        const calls = fake.calls.length;
        plugin.uninitialize();
        expect(fake.calls).toHaveLength(calls);
    });
});
