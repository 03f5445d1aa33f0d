// The modal the channel header button opens: a zone picker, the current time in
// that zone as the server half's route reports it, and the latest time the
// server appended to a post in this channel (from the websocket event).
import {useCallback, useEffect, useState} from 'react';
import {useDispatch, useSelector} from 'react-redux';

import {getPluginRouteBase} from '../client/plugin_route';
import {fetchTime, TimeRouteError, type TimeAnswer} from '../client/time_client';
import {modalClosed, zoneChosen} from '../state/actions';
import {
    getLastAppended,
    getModalChannelId,
    getSelectedZone,
    type StateWithPlugin,
} from '../state/selectors';

import {ZonePicker} from './zone_picker';

type FetchState =
    | {status: 'loading'}
    | {status: 'ok'; answer: TimeAnswer}
    | {status: 'error'; message: string};

function errorMessage(err: unknown): string {
    return err instanceof TimeRouteError ? err.message : `Unexpected error: ${String(err)}`;
}

/** Fetches the time for `zone` whenever the zone (or `reloads`) changes. */
function useTimeInZone(routeBase: string, zone: string, reloads: number): FetchState {
    // Results are keyed by request, so a new zone (or reload) reads as loading until its answer arrives.
    const request = `${routeBase}|${zone}|${reloads}`;
    const [result, setResult] = useState<{request: string; state: FetchState}>();
    useEffect(() => {
        const controller = new AbortController();
        fetchTime(routeBase, zone, {signal: controller.signal}).then(
            (answer) => setResult({request, state: {status: 'ok', answer}}),
            (err: unknown) => {
                if (!controller.signal.aborted) {
                    setResult({request, state: {status: 'error', message: errorMessage(err)}});
                }
            },
        );
        return () => controller.abort();
    }, [request, routeBase, zone]);
    return result?.request === request ? result.state : {status: 'loading'};
}

const backdropStyle = {
    position: 'fixed', inset: 0, zIndex: 1000, display: 'flex', alignItems: 'center', justifyContent: 'center',
    background: 'rgba(0, 0, 0, 0.4)',
} as const;

const dialogStyle = {
    minWidth: 360, maxWidth: 480, padding: 24, borderRadius: 8,
    background: 'var(--center-channel-bg, #fff)', color: 'var(--center-channel-color, #3f4350)',
    boxShadow: '0 8px 24px rgba(0, 0, 0, 0.2)', fontFamily: 'inherit',
} as const;

export function WorldTimeModal() {
    const dispatch = useDispatch();
    const zone = useSelector(getSelectedZone);
    const routeBase = useSelector(getPluginRouteBase);
    const lastAppended = useSelector((state: StateWithPlugin) => getLastAppended(state, getModalChannelId(state)));
    const [reloads, setReloads] = useState(0);
    const time = useTimeInZone(routeBase, zone, reloads);

    const close = useCallback(() => dispatch(modalClosed()), [dispatch]);
    useEffect(() => {
        const onKey = (e: KeyboardEvent) => {
            if (e.key === 'Escape') {
                close();
            }
        };
        document.addEventListener('keydown', onKey);
        return () => document.removeEventListener('keydown', onKey);
    }, [close]);

    return (
        <div style={backdropStyle} onClick={(e) => e.target === e.currentTarget && close()}>
            <div role='dialog' aria-modal='true' aria-labelledby='world-time-title' style={dialogStyle}>
                <h2 id='world-time-title' style={{margin: '0 0 8px', fontSize: 20}}>{'World Time'}</h2>
                <ZonePicker value={zone} onChange={(z) => dispatch(zoneChosen(z))}/>
                <div aria-live='polite' style={{minHeight: 48, margin: '12px 0'}}>
                    {time.status === 'loading' && <p>{'Loading…'}</p>}
                    {time.status === 'ok' && (
                        <>
                            <output data-testid='world-time-display' style={{display: 'block', fontSize: 24, fontWeight: 600}}>
                                {time.answer.display}
                            </output>
                            <small>{time.answer.time_zone}{' · '}{time.answer.iso}</small>
                        </>
                    )}
                    {time.status === 'error' && (
                        <p role='alert' style={{color: 'var(--error-text, #d24b4e)', margin: 0}}>{time.message}</p>
                    )}
                </div>
                {lastAppended && (
                    <p data-testid='world-time-last-appended'>
                        {'Last time appended in this channel: '}
                        <strong>{lastAppended.display}</strong>
                    </p>
                )}
                <div style={{display: 'flex', gap: 8, justifyContent: 'flex-end', marginTop: 16}}>
                    <button type='button' onClick={() => setReloads((n) => n + 1)}>{'Refresh'}</button>
                    <button type='button' onClick={close}>{'Close'}</button>
                </div>
            </div>
        </div>
    );
}
