import {describe, expect, it} from 'vitest';

import manifest from '../manifest';

import {ActionTypes, modalClosed, modalOpened, timeAppended, zoneChosen} from './actions';
import {initialWorldTimeState, worldTimeReducer} from './reducer';

const appended = (channelId: string, display: string) => ({channelId, userId: 'u1', timeZone: 'Asia/Tokyo', display});

describe('worldTimeReducer', () => {
    it('starts closed, with no zone picked and nothing appended', () => {
        expect(worldTimeReducer(undefined, {type: '@@INIT'})).toEqual(initialWorldTimeState);
    });

    it('namespaces its action types with the plugin id', () => {
        for (const type of Object.values(ActionTypes)) {
            expect(type.startsWith(`${manifest.id}/`)).toBe(true);
        }
    });

    it('opens the modal for a channel and closes it', () => {
        const open = worldTimeReducer(undefined, modalOpened('ch1'));
        expect(open.modal).toEqual({open: true, channelId: 'ch1'});
        const closed = worldTimeReducer(open, modalClosed());
        expect(closed.modal.open).toBe(false);
        expect(worldTimeReducer(closed, modalClosed())).toBe(closed);
    });

    it('remembers the chosen zone', () => {
        const state = worldTimeReducer(undefined, zoneChosen('Europe/Paris'));
        expect(state.chosenZone).toBe('Europe/Paris');
        expect(worldTimeReducer(state, zoneChosen('Europe/Paris'))).toBe(state);
    });

    it('keeps the latest appended time per channel', () => {
        let state = worldTimeReducer(undefined, timeAppended(appended('ch1', 'first')));
        state = worldTimeReducer(state, timeAppended(appended('ch2', 'other')));
        state = worldTimeReducer(state, timeAppended(appended('ch1', 'second')));
        expect(state.lastAppendedByChannel.ch1.display).toBe('second');
        expect(state.lastAppendedByChannel.ch2.display).toBe('other');
    });

    it('ignores actions that are not its own, including another plugin id', () => {
        const state = worldTimeReducer(undefined, modalOpened('ch1'));
        expect(worldTimeReducer(state, {type: 'RECEIVED_POST'})).toBe(state);
        expect(worldTimeReducer(state, {type: 'com.other.plugin/modal_closed'})).toBe(state);
    });
});
