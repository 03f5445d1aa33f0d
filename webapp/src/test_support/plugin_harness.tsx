// Component-test harness: initialises the real plugin against the fake host and
// renders what it registered the way the webapp does: root components inside
// the store's Provider, channel header buttons as buttons calling the action
// with the current channel.
import type {Channel} from '@mattermost/types/channels';
import {render, type RenderResult} from '@testing-library/react';
import type {ComponentType, ReactNode} from 'react';
import {Provider} from 'react-redux';
import {vi, type Mock} from 'vitest';

import manifest from '../manifest';
import {WorldTimePlugin} from '../plugin';

import {createHostStore, FakeRegistry, makeHostState, type HostStateOptions, type HostStore} from './fake_host';

export const TOWN_SQUARE = {id: 'channel-town-square', name: 'town-square', display_name: 'Town Square'} as Channel;

export type PluginHarness = {
    plugin: WorldTimePlugin;
    store: HostStore;
    fake: FakeRegistry;
    view: RenderResult;
};

function HostView({fake}: {fake: FakeRegistry}) {
    const buttons = fake.registered('registerChannelHeaderButtonAction');
    const roots = fake.registered('registerRootComponent');
    return (
        <>
            <header>
                {buttons.map(({id, args}) => (
                    <button
                        key={id}
                        type='button'
                        aria-label={String(args.dropdownText)}
                        onClick={() => (args.action as (channel: Channel) => void)(TOWN_SQUARE)}
                    >
                        {args.icon as ReactNode}
                    </button>
                ))}
            </header>
            {roots.map(({id, args}) => {
                const Root = args.component as ComponentType;
                return <Root key={id}/>;
            })}
        </>
    );
}

export function startPlugin(options: HostStateOptions = {}): PluginHarness {
    const store = createHostStore(makeHostState(options));
    const fake = new FakeRegistry(manifest.id, store);
    const plugin = new WorldTimePlugin();
    plugin.initialize(fake.registry, store);
    const view = render(<Provider store={store}><HostView fake={fake}/></Provider>);
    return {plugin, store, fake, view};
}

export type RouteReply = {status: number; body: unknown} | Error;

/** Replaces global fetch with a fake route answering per zone (default 200 with a display). */
export function stubTimeRoute(reply: (zone: string) => RouteReply = (zone) => ({status: 200, body: timeAnswer(zone)})): Mock {
    const fetchMock = vi.fn(async (input: RequestInfo | URL) => {
        const url = new URL(String(input), 'http://localhost');
        const result = reply(url.searchParams.get('tz') ?? '');
        if (result instanceof Error) {
            throw result;
        }
        return new Response(JSON.stringify(result.body), {status: result.status, headers: {'Content-Type': 'application/json'}});
    });
    vi.stubGlobal('fetch', fetchMock);
    return fetchMock;
}

export function timeAnswer(zone: string) {
    return {time_zone: zone, iso: '2026-11-22T10:15:30.123+01:00', display: `2026/11/22 10:15:30 in ${zone}`, unix_ms: 1795338930123};
}
