// The plugin's Redux actions. Types are namespaced with the plugin id because
// every plugin reducer sees every action dispatched to the webapp's one store,
// and a copy of this plugin under another id must not react to ours.
import manifest from '../manifest';

export const ActionTypes = {
    ModalOpened: `${manifest.id}/modal_opened`,
    ModalClosed: `${manifest.id}/modal_closed`,
    ZoneChosen: `${manifest.id}/zone_chosen`,
    TimeAppended: `${manifest.id}/time_appended`,
} as const;

/** What the server half announced when it appended a time to a post. */
export type AppendedTime = {
    channelId: string;
    userId: string;
    timeZone: string;
    display: string;
};

export type ModalOpenedAction = {type: typeof ActionTypes.ModalOpened; channelId: string | null};
export type ModalClosedAction = {type: typeof ActionTypes.ModalClosed};
export type ZoneChosenAction = {type: typeof ActionTypes.ZoneChosen; zone: string};
export type TimeAppendedAction = {type: typeof ActionTypes.TimeAppended; appended: AppendedTime};

export type WorldTimeAction = ModalOpenedAction | ModalClosedAction | ZoneChosenAction | TimeAppendedAction;

export function modalOpened(channelId: string | null): ModalOpenedAction {
    return {type: ActionTypes.ModalOpened, channelId};
}

export function modalClosed(): ModalClosedAction {
    return {type: ActionTypes.ModalClosed};
}

export function zoneChosen(zone: string): ZoneChosenAction {
    return {type: ActionTypes.ZoneChosen, zone};
}

export function timeAppended(appended: AppendedTime): TimeAppendedAction {
    return {type: ActionTypes.TimeAppended, appended};
}
