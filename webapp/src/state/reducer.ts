// The plugin's slice of the webapp store, mounted by registerReducer at
// state['plugins-<plugin id>']: whether the modal is open (and for which
// channel), the zone the user picked, and the latest time the server half
// appended in each channel.
import {ActionTypes, type AppendedTime, type WorldTimeAction} from './actions';

export type WorldTimeState = {
    modal: {open: boolean; channelId: string | null};
    /** The zone picked in the modal; null until the user picks one. */
    chosenZone: string | null;
    lastAppendedByChannel: Record<string, AppendedTime>;
};

export const initialWorldTimeState: WorldTimeState = {
    modal: {open: false, channelId: null},
    chosenZone: null,
    lastAppendedByChannel: {},
};

/** Host actions of every kind pass through here; only ours change the state. */
export function worldTimeReducer(
    state: WorldTimeState = initialWorldTimeState,
    action: WorldTimeAction | {type: string},
): WorldTimeState {
    const ours = action as WorldTimeAction;
    switch (ours.type) {
    case ActionTypes.ModalOpened:
        return {...state, modal: {open: true, channelId: ours.channelId}};
    case ActionTypes.ModalClosed:
        return state.modal.open ? {...state, modal: {open: false, channelId: state.modal.channelId}} : state;
    case ActionTypes.ZoneChosen:
        return state.chosenZone === ours.zone ? state : {...state, chosenZone: ours.zone};
    case ActionTypes.TimeAppended:
        return {
            ...state,
            lastAppendedByChannel: {...state.lastAppendedByChannel, [ours.appended.channelId]: ours.appended},
        };
    default:
        return state;
    }
}
