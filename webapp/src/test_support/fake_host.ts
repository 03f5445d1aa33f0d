// A small stand-in for the Mattermost webapp's side of the plugin contract, for
// component tests and the browser harness: a Redux store whose plugin reducers
// mount at state['plugins-<id>'] (like upstream's reducerRegistry), and a
// PluginRegistry whose methods accept both call forms exactly like upstream's
// reArg (re_arg.ts), recording every call and keeping what was registered.
import type {GlobalState} from '@mattermost/types/store';
import type {UserTimezone} from '@mattermost/types/users';
import {createStore, type Reducer, type Store, type UnknownAction} from 'redux';

import {
    REGISTRY_KEY_ORDER,
    REGISTRY_NO_ARG_METHODS,
    REGISTRY_OBJECT_ONLY_KEYS,
    type ReArgMethodName,
} from '../registry/key_order';
import {normalizeRegistryCall} from '../registry/re_arg';
import type {PluginRegistry} from '../registry/types';

export type HostStateOptions = {
    siteURL?: string;
    currentUserId?: string;
    userTimezone?: UserTimezone;
    /** PluginSettings.Plugins as the admin config holds it (only loaded for system admins). */
    adminPluginSettings?: Record<string, Record<string, unknown>>;
};

/** The parts of GlobalState the plugin reads, filled in; the rest left empty. */
export function makeHostState(options: HostStateOptions = {}): GlobalState {
    const userId = options.currentUserId ?? 'user-1';
    const state = {
        entities: {
            general: {config: {SiteURL: options.siteURL ?? ''}},
            users: {
                currentUserId: userId,
                profiles: {[userId]: {id: userId, username: 'alice', timezone: options.userTimezone}},
            },
            admin: {config: options.adminPluginSettings ? {PluginSettings: {Plugins: options.adminPluginSettings}} : {}},
        },
    };
    return state as unknown as GlobalState;
}

export type HostStore = Store<GlobalState & Record<string, unknown>> & {
    addPluginReducer(pluginId: string, reducer: Reducer): void;
};

export function createHostStore(initial: GlobalState = makeHostState()): HostStore {
    const pluginReducers = new Map<string, Reducer>();
    const root = (state: Record<string, unknown> | undefined, action: UnknownAction) => {
        const current = state ?? (initial as unknown as Record<string, unknown>);
        let next = current;
        for (const [key, reducer] of pluginReducers) {
            const slice: unknown = reducer(current[key], action);
            if (slice !== current[key]) {
                next = next === current ? {...current} : next;
                next[key] = slice;
            }
        }
        return next;
    };
    const store = createStore(root as Reducer<Record<string, unknown>>) as unknown as HostStore;
    store.addPluginReducer = (pluginId, reducer) => {
        pluginReducers.set(`plugins-${pluginId}`, reducer);
        store.dispatch({type: '@@fake_host/PLUGIN_REDUCER_ADDED', pluginId});
    };
    return store;
}

export type RegistryCall = {method: string; args: Record<string, unknown>; rawArgs: unknown[]};
export type Registered = {id: string; method: ReArgMethodName; args: Record<string, unknown>};
export type WebSocketMessage = {event: string; data: unknown; broadcast: unknown; seq: number};
export type WebSocketHandler = (msg: WebSocketMessage) => void;

export class FakeRegistry {
    readonly calls: RegistryCall[] = [];
    /** Registrations still in force, by generated id. */
    readonly components = new Map<string, Registered>();
    readonly websocketHandlers = new Map<string, WebSocketHandler>();
    readonly registry: PluginRegistry;
    private nextId = 1;
    private readonly listeners = new Set<() => void>();

    constructor(readonly pluginId: string, private readonly store: HostStore) {
        const methods: Record<string, (...rawArgs: unknown[]) => unknown> = {};
        for (const method of Object.keys(REGISTRY_KEY_ORDER) as ReArgMethodName[]) {
            methods[method] = (...rawArgs) => {
                const args = normalizeRegistryCall(method, rawArgs);
                this.calls.push({method, args, rawArgs});
                const result = this.apply(method, args);
                this.listeners.forEach((listener) => listener());
                return result;
            };
        }
        for (const method of Object.keys(REGISTRY_OBJECT_ONLY_KEYS)) {
            methods[method] = (args: unknown) => {
                this.calls.push({method, args: args as Record<string, unknown>, rawArgs: [args]});
                return this.generateId();
            };
        }
        for (const method of REGISTRY_NO_ARG_METHODS) {
            methods[method] = () => {
                this.calls.push({method, args: {}, rawArgs: []});
            };
        }
        this.registry = methods as unknown as PluginRegistry;
    }

    /** Called after every registration or removal (the browser harness re-renders). */
    subscribe(listener: () => void): () => void {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }

    /** Registrations made through `method` that are still in force. */
    registered(method: ReArgMethodName): Registered[] {
        return [...this.components.values()].filter((r) => r.method === method);
    }

    /** Deliver a websocket event the way the webapp does: by its full event name. */
    emitWebSocketEvent(event: string, data: unknown): void {
        this.deliverWebSocketMessage({event, data, broadcast: {omit_users: {}, user_id: '', channel_id: '', team_id: ''}, seq: 1});
    }

    /** Hand a whole message, as the server sent it, to the handler registered for its event. */
    deliverWebSocketMessage(message: WebSocketMessage): void {
        const handler = this.websocketHandlers.get(message.event);
        if (!handler) {
            throw new Error(`no handler registered for websocket event ${message.event}`);
        }
        handler(message);
    }

    private generateId(): string {
        return `${this.pluginId}-component-${this.nextId++}`;
    }

    private apply(method: ReArgMethodName, args: Record<string, unknown>): unknown {
        switch (method) {
        case 'registerReducer':
            this.store.addPluginReducer(this.pluginId, args.reducer as Reducer);
            return undefined;
        case 'registerWebSocketEventHandler':
            this.websocketHandlers.set(args.event as string, args.handler as WebSocketHandler);
            return undefined;
        case 'unregisterWebSocketEventHandler':
            this.websocketHandlers.delete(args.event as string);
            return undefined;
        case 'unregisterComponent':
        case 'unregisterPostTypeComponent':
            this.components.delete(args.componentId as string);
            return undefined;
        default: {
            const id = this.generateId();
            this.components.set(id, {id, method, args});
            return id;
        }
        }
    }
}
