import {afterEach, describe, expect, it} from 'vitest';

import manifest from '../manifest';
import {makeHostState} from '../test_support/fake_host';

import {getPluginRouteBase, pluginRouteBase, siteSubpath} from './plugin_route';

afterEach(() => {
    delete window.basename;
});

describe('plugin route base', () => {
    it('uses the path of the SiteURL, without a trailing slash', () => {
        expect(siteSubpath('https://chat.example.com', undefined)).toBe('');
        expect(siteSubpath('https://chat.example.com/', undefined)).toBe('');
        expect(siteSubpath('https://example.com/company/mattermost/', undefined)).toBe('/company/mattermost');
    });

    it('falls back to window.basename when SiteURL is empty or not a URL', () => {
        expect(siteSubpath('', '/company/mattermost/')).toBe('/company/mattermost');
        expect(siteSubpath('not a url', '/sub')).toBe('/sub');
        expect(siteSubpath(undefined, undefined)).toBe('');
    });

    it('builds /<subpath>/plugins/<plugin id>', () => {
        expect(pluginRouteBase('https://example.com/company/mattermost', undefined, 'my.plugin'))
            .toBe('/company/mattermost/plugins/my.plugin');
    });

    it('reads the SiteURL from the store and window.basename from the page', () => {
        expect(getPluginRouteBase(makeHostState({siteURL: 'https://example.com/company/mattermost'})))
            .toBe(`/company/mattermost/plugins/${manifest.id}`);
        window.basename = '/team-chat';
        expect(getPluginRouteBase(makeHostState())).toBe(`/team-chat/plugins/${manifest.id}`);
    });
});
