// The server half publishes `time_appended` whenever it appends a time to a
// post; the webapp receives it as `custom_<plugin id>_time_appended` with data
// {channel_id, user_id, time_zone, display}. The handler keeps the latest one
// per channel in the plugin's state; a malformed event is reported and ignored,
// never thrown into the host's websocket loop.
import type {WebSocketMessages} from '@mattermost/client';

import manifest from '../manifest';
import {timeAppended, type AppendedTime, type TimeAppendedAction} from '../state/actions';

export const TIME_APPENDED_EVENT = `custom_${manifest.id}_time_appended`;

export class InvalidTimeAppendedEventError extends Error {
    override name = 'InvalidTimeAppendedEventError';
}

const FIELDS = ['channel_id', 'user_id', 'time_zone', 'display'] as const;

export function parseTimeAppended(data: unknown): AppendedTime {
    if (typeof data !== 'object' || data === null) {
        throw new InvalidTimeAppendedEventError(`${TIME_APPENDED_EVENT}: data is ${data === null ? 'null' : typeof data}, expected an object`);
    }
    const record = data as Record<string, unknown>;
    for (const field of FIELDS) {
        if (typeof record[field] !== 'string' || record[field] === '') {
            throw new InvalidTimeAppendedEventError(`${TIME_APPENDED_EVENT}: data.${field} must be a non-empty string, got ${JSON.stringify(record[field])}`);
        }
    }
    return {
        channelId: record.channel_id as string,
        userId: record.user_id as string,
        timeZone: record.time_zone as string,
        display: record.display as string,
    };
}

export function makeTimeAppendedHandler(
    dispatch: (action: TimeAppendedAction) => unknown,
    warn: (message: string) => void = console.warn,
): (msg: WebSocketMessages.Unknown) => void {
    return (msg) => {
        try {
            dispatch(timeAppended(parseTimeAppended(msg?.data)));
        } catch (err) {
            if (!(err instanceof InvalidTimeAppendedEventError)) {
                throw err;
            }
            warn(err.message);
        }
    };
}
