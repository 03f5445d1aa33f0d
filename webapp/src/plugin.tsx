// The World Time webapp plugin: what initialize(registry, store) registers and
// what uninitialize() takes back.
//
//   channel header button → opens the modal for the current channel
//   root component        → hosts the modal (components/world_time_root)
//   websocket handler     → custom_<id>_time_appended → latest time per channel
//   reducer               → state['plugins-<id>'] (state/reducer)
import type {Channel} from '@mattermost/types/channels';
import type {GlobalState} from '@mattermost/types/store';
import type {Store} from 'redux';

import {ClockIcon} from './components/clock_icon';
import {WorldTimeRoot} from './components/world_time_root';
import type {PluginRegistry} from './registry/types';
import {modalClosed, modalOpened, type WorldTimeAction} from './state/actions';
import {worldTimeReducer} from './state/reducer';
import {makeTimeAppendedHandler, TIME_APPENDED_EVENT} from './websocket/time_appended';

/** The store the webapp passes to initialize; we dispatch only plain actions of ours. */
export type PluginStore = Pick<Store<GlobalState>, 'getState' | 'subscribe'> & {
    dispatch(action: WorldTimeAction): unknown;
};

/** What window.registerPlugin receives. */
export interface PluginLifecycle {
    initialize(registry: PluginRegistry, store: PluginStore): void | Promise<void>;
    uninitialize?(): void;
}

type Registration = {
    registry: PluginRegistry;
    store: PluginStore;
    componentIds: string[];
    websocketEvents: string[];
};

export class WorldTimePlugin implements PluginLifecycle {
    private registration: Registration | null = null;

    initialize(registry: PluginRegistry, store: PluginStore): void {
        const componentIds: string[] = [];
        const websocketEvents: string[] = [];

        // The reducer first, so the state exists before anything reads it.
        registry.registerReducer(worldTimeReducer);

        componentIds.push(registry.registerRootComponent(WorldTimeRoot));

        componentIds.push(registry.registerChannelHeaderButtonAction({
            icon: <ClockIcon/>,
            action: (channel: Channel) => {
                store.dispatch(modalOpened(channel?.id ?? null));
            },
            dropdownText: 'World Time',
            tooltipText: 'Show the time in another time zone',
        }));

        registry.registerWebSocketEventHandler(TIME_APPENDED_EVENT, makeTimeAppendedHandler((action) => store.dispatch(action)));
        websocketEvents.push(TIME_APPENDED_EVENT);

        this.registration = {registry, store, componentIds, websocketEvents};
    }

    /**
     * Called by the webapp before it removes the plugin or loads a new version.
     * Mattermost has no way to remove a reducer; the slice stays, closed.
     */
    uninitialize(): void {
        const registration = this.registration;
        if (!registration) {
            return;
        }
        this.registration = null;
        for (const event of registration.websocketEvents) {
            registration.registry.unregisterWebSocketEventHandler(event);
        }
        for (const componentId of registration.componentIds) {
            registration.registry.unregisterComponent(componentId);
        }
        registration.store.dispatch(modalClosed());
    }
}
