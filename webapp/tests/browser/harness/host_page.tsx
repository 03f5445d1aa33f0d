// The host page's script: a minimal Mattermost webapp for one plugin.
//  - sets the library globals the webapp sets in plugins/export.ts (those of them
//    this repository installs: React, ReactDOM, Redux, ReactRedux), which the
//    plugin bundle reads as webpack externals;
//  - defines window.registerPlugin, loads the bundle with a <script> tag, then
//    calls initialize(registry, store) like the webapp's plugins/index.ts;
//  - renders a channel header with the registered buttons and the registered
//    root components inside the store's Provider.
// window.__harness lets the test drive and inspect it.
import type {Channel} from '@mattermost/types/channels';
import type {UserTimezone} from '@mattermost/types/users';
import React, {useEffect, useReducer, type ComponentType, type ReactNode} from 'react';
import ReactDOM from 'react-dom';
import {createRoot} from 'react-dom/client';
import * as ReactRedux from 'react-redux';
import * as Redux from 'redux';

import {createHostStore, FakeRegistry, makeHostState, type HostStore, type WebSocketMessage} from '../../../src/test_support/fake_host';

type HarnessConfig = {
    pluginId: string;
    siteURL: string;
    bundleURL: string;
    userId: string;
    userTimezone: UserTimezone;
};

type PluginInstance = {initialize(registry: unknown, store: unknown): unknown; uninitialize?(): void};

type Harness = {
    status: 'loading' | 'ready' | 'failed';
    error?: string;
    registryCalls(): string[];
    pluginState(): unknown;
    /** Deliver a websocket message as the server sent it (the plugin host's /__host/events). */
    deliverWebSocketMessage(message: WebSocketMessage): void;
    uninitialize(): void;
};

declare global {
    interface Window {
        __HARNESS_CONFIG__: HarnessConfig;
        __harness: Harness;
        React: unknown;
        ReactDOM: unknown;
        Redux: unknown;
        ReactRedux: unknown;
        plugins: Record<string, PluginInstance>;
    }
}

window.React = React;
window.ReactDOM = ReactDOM;
window.Redux = Redux;
window.ReactRedux = ReactRedux;

const CHANNEL = {id: 'channel-town-square', name: 'town-square', display_name: 'Town Square', type: 'O'} as Channel;

window.plugins = {};
window.registerPlugin = (pluginId: string, plugin: PluginInstance) => {
    window.plugins[pluginId]?.uninitialize?.();
    window.plugins[pluginId] = plugin as never;
};

function ChannelView({fake}: {fake: FakeRegistry}) {
    const [, rerender] = useReducer((n: number) => n + 1, 0);
    useEffect(() => fake.subscribe(rerender), [fake]);
    const buttons = fake.registered('registerChannelHeaderButtonAction');
    const roots = fake.registered('registerRootComponent');
    return (
        <div style={{fontFamily: 'Open Sans, Arial, sans-serif', color: '#3f4350'}}>
            <div
                className='channel-header'
                style={{display: 'flex', alignItems: 'center', gap: 12, padding: '12px 16px', borderBottom: '1px solid #ddd'}}
            >
                <strong style={{flex: 1}}>{'Town Square'}</strong>
                {buttons.map(({id, args}) => (
                    <button
                        key={id}
                        id={`channel-header-plugin-${id}`}
                        type='button'
                        title={String(args.tooltipText)}
                        aria-label={String(args.tooltipText)}
                        onClick={() => (args.action as (channel: Channel) => void)(CHANNEL)}
                        style={{display: 'flex', alignItems: 'center', gap: 6, padding: '4px 8px', cursor: 'pointer'}}
                    >
                        {args.icon as ReactNode}
                        <span>{args.dropdownText as ReactNode}</span>
                    </button>
                ))}
            </div>
            <div style={{padding: 16}}>{'Messages would be here.'}</div>
            {roots.map(({id, args}) => {
                const Root = args.component as ComponentType;
                return <Root key={id}/>;
            })}
        </div>
    );
}

function start(config: HarnessConfig): void {
    const store: HostStore = createHostStore(makeHostState({
        siteURL: config.siteURL,
        currentUserId: config.userId,
        userTimezone: config.userTimezone,
    }));
    const fake = new FakeRegistry(config.pluginId, store);
    const harness: Harness = {
        status: 'loading',
        registryCalls: () => fake.calls.map((c) => c.method),
        pluginState: () => (store.getState() as Record<string, unknown>)[`plugins-${config.pluginId}`],
        deliverWebSocketMessage: (message) => fake.deliverWebSocketMessage(message),
        uninitialize: () => window.plugins[config.pluginId]?.uninitialize?.(),
    };
    window.__harness = harness;
    const fail = (message: string) => {
        harness.status = 'failed';
        harness.error = message;
    };

    const script = document.createElement('script');
    script.id = `plugin_${config.pluginId}`;
    script.src = config.bundleURL;
    script.defer = true;
    script.onerror = () => fail(`could not load ${config.bundleURL}`);
    script.onload = async () => {
        const plugin = window.plugins[config.pluginId];
        if (!plugin) {
            fail(`${config.bundleURL} did not call registerPlugin('${config.pluginId}', …)`);
            return;
        }
        try {
            await plugin.initialize(fake.registry, store);
        } catch (err) {
            fail(`initialize threw: ${(err as Error).stack ?? String(err)}`);
            return;
        }
        createRoot(document.getElementById('root')!).render(
            <ReactRedux.Provider store={store}><ChannelView fake={fake}/></ReactRedux.Provider>,
        );
        harness.status = 'ready';
    };
    document.head.appendChild(script);
}

start(window.__HARNESS_CONFIG__);
