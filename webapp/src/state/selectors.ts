// Reads the plugin's slice and the host state it depends on: the user's
// Mattermost time zone, and the default zone when the user has none.
import type {PluginManifest} from '@mattermost/types/plugins';
import type {GlobalState} from '@mattermost/types/store';
import type {UserTimezone} from '@mattermost/types/users';

import manifest from '../manifest';

import type {AppendedTime} from './actions';
import {initialWorldTimeState, type WorldTimeState} from './reducer';

export const PLUGIN_STATE_KEY = `plugins-${manifest.id}`;

/**
 * The host's state, with our slice mounted by registerReducer at PLUGIN_STATE_KEY
 * (a key known only at run time, so not part of the type).
 */
export type StateWithPlugin = GlobalState;

export function getPluginState(state: StateWithPlugin): WorldTimeState {
    const slice = (state as unknown as Record<string, WorldTimeState | undefined>)[PLUGIN_STATE_KEY];
    return slice ?? initialWorldTimeState;
}

export function isModalOpen(state: StateWithPlugin): boolean {
    return getPluginState(state).modal.open;
}

export function getModalChannelId(state: StateWithPlugin): string | null {
    return getPluginState(state).modal.channelId;
}

export function getLastAppended(state: StateWithPlugin, channelId: string | null): AppendedTime | undefined {
    return channelId === null ? undefined : getPluginState(state).lastAppendedByChannel[channelId];
}

/** The zone a user's Mattermost profile says they are in, if any. */
export function zoneFromUserTimezone(timezone: UserTimezone | undefined): string | undefined {
    if (!timezone) {
        return undefined;
    }
    const automatic = timezone.useAutomaticTimezone === true || timezone.useAutomaticTimezone === 'true';
    const zone = automatic ? timezone.automaticTimezone : timezone.manualTimezone;
    return zone || undefined;
}

export function getCurrentUserZone(state: GlobalState): string | undefined {
    const users = state.entities?.users;
    const me = users?.profiles?.[users.currentUserId];
    return zoneFromUserTimezone(me?.timezone);
}

/** The DefaultTimezone default declared in plugin.json's settings_schema. */
export function getManifestDefaultZone(pluginManifest: PluginManifest = manifest): string | undefined {
    const setting = pluginManifest.settings_schema?.settings.find((s) => s.key === 'DefaultTimezone');
    return typeof setting?.default === 'string' && setting.default !== '' ? setting.default : undefined;
}

/**
 * The plugin's effective DefaultTimezone setting, when the webapp can see it.
 * Mattermost sends plugin settings only with the admin config, which the store
 * holds once a system admin has loaded the System Console; settings are stored
 * under lower-cased keys, and an unset one means the manifest's default.
 */
export function getExposedPluginDefaultZone(state: GlobalState): string | undefined {
    const pluginSettings = state.entities?.admin?.config?.PluginSettings;
    if (!pluginSettings) {
        return undefined;
    }
    const configured: unknown = pluginSettings.Plugins?.[manifest.id]?.defaulttimezone;
    return typeof configured === 'string' && configured !== '' ? configured : getManifestDefaultZone();
}

export function getBrowserZone(): string {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** The zone the modal shows: the user's pick, else their profile zone, the plugin's setting, the browser's. */
export function getSelectedZone(state: StateWithPlugin): string {
    return getPluginState(state).chosenZone ??
        getCurrentUserZone(state) ??
        getExposedPluginDefaultZone(state) ??
        getBrowserZone();
}
