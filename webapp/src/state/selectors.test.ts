import {afterEach, describe, expect, it, vi} from 'vitest';

import manifest from '../manifest';
import {makeHostState} from '../test_support/fake_host';

import {zoneChosen} from './actions';
import {worldTimeReducer} from './reducer';
import {
    getExposedPluginDefaultZone,
    getManifestDefaultZone,
    getSelectedZone,
    PLUGIN_STATE_KEY,
    zoneFromUserTimezone,
} from './selectors';

afterEach(() => {
    vi.restoreAllMocks();
});

describe('zone selection', () => {
    it('reads the automatic or the manual zone of a user profile', () => {
        expect(zoneFromUserTimezone({useAutomaticTimezone: 'true', automaticTimezone: 'Europe/Paris', manualTimezone: 'Asia/Tokyo'})).toBe('Europe/Paris');
        expect(zoneFromUserTimezone({useAutomaticTimezone: 'false', automaticTimezone: 'Europe/Paris', manualTimezone: 'Asia/Tokyo'})).toBe('Asia/Tokyo');
        expect(zoneFromUserTimezone({useAutomaticTimezone: true, automaticTimezone: '', manualTimezone: 'Asia/Tokyo'})).toBeUndefined();
        expect(zoneFromUserTimezone(undefined)).toBeUndefined();
    });

    it('prefers the zone the user picked', () => {
        const state = {
            ...makeHostState({userTimezone: {useAutomaticTimezone: 'false', automaticTimezone: '', manualTimezone: 'Asia/Tokyo'}}),
            [PLUGIN_STATE_KEY]: worldTimeReducer(undefined, zoneChosen('America/Lima')),
        };
        expect(getSelectedZone(state)).toBe('America/Lima');
    });

    it('then the user\'s Mattermost time zone', () => {
        const state = makeHostState({userTimezone: {useAutomaticTimezone: 'false', automaticTimezone: '', manualTimezone: 'Asia/Tokyo'}});
        expect(getSelectedZone(state)).toBe('Asia/Tokyo');
    });

    it('then the plugin\'s DefaultTimezone setting when the admin config exposes it', () => {
        const configured = makeHostState({adminPluginSettings: {[manifest.id]: {defaulttimezone: 'Africa/Nairobi'}}});
        expect(getExposedPluginDefaultZone(configured)).toBe('Africa/Nairobi');
        expect(getSelectedZone(configured)).toBe('Africa/Nairobi');
        const unset = makeHostState({adminPluginSettings: {}});
        expect(getExposedPluginDefaultZone(unset)).toBe(getManifestDefaultZone());
    });

    it('else the browser\'s zone', () => {
        vi.spyOn(Intl.DateTimeFormat.prototype, 'resolvedOptions').mockReturnValue({timeZone: 'Pacific/Auckland'} as Intl.ResolvedDateTimeFormatOptions);
        expect(getSelectedZone(makeHostState())).toBe('Pacific/Auckland');
    });

    it('reads the manifest default from plugin.json', () => {
        const setting = manifest.settings_schema?.settings.find((s) => s.key === 'DefaultTimezone');
        expect(getManifestDefaultZone()).toBe(setting?.default);
        expect(getManifestDefaultZone({id: 'x', name: 'x', version: '1'})).toBeUndefined();
    });
});
