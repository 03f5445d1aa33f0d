import {describe, expect, it, vi} from 'vitest';

import manifest from '../manifest';
import {ActionTypes} from '../state/actions';

import {InvalidTimeAppendedEventError, makeTimeAppendedHandler, parseTimeAppended, TIME_APPENDED_EVENT} from './time_appended';

const DATA = {channel_id: 'ch1', user_id: 'u1', time_zone: 'Asia/Tokyo', display: '2026/11/22 18:15:30 (Asia/Tokyo, UTC+09:00)'};
const message = (data: unknown) => ({event: TIME_APPENDED_EVENT, data, broadcast: {omit_users: {}, user_id: '', channel_id: 'ch1', team_id: ''}, seq: 3});

describe('time_appended websocket event', () => {
    it('is the server event name prefixed the way Mattermost prefixes plugin events', () => {
        expect(TIME_APPENDED_EVENT).toBe(`custom_${manifest.id}_time_appended`);
    });

    it('dispatches the appended time', () => {
        const dispatch = vi.fn();
        makeTimeAppendedHandler(dispatch)(message(DATA));
        expect(dispatch).toHaveBeenCalledWith({
            type: ActionTypes.TimeAppended,
            appended: {channelId: 'ch1', userId: 'u1', timeZone: 'Asia/Tokyo', display: '2026/11/22 18:15:30 (Asia/Tokyo, UTC+09:00)'},
        });
    });

    it('warns about and ignores malformed events instead of throwing', () => {
        const dispatch = vi.fn();
        const warn = vi.fn();
        const handler = makeTimeAppendedHandler(dispatch, warn);
        handler(message(null));
        handler(message({...DATA, display: 42}));
        expect(dispatch).not.toHaveBeenCalled();
        expect(warn).toHaveBeenCalledTimes(2);
        expect(warn.mock.calls[1][0]).toContain('data.display must be a non-empty string, got 42');
    });

    it('names the missing field', () => {
        const withoutChannel: Record<string, unknown> = {...DATA};
        delete withoutChannel.channel_id;
        expect(() => parseTimeAppended(withoutChannel)).toThrow(InvalidTimeAppendedEventError);
        expect(() => parseTimeAppended(withoutChannel)).toThrow(/data\.channel_id/);
    });
});
