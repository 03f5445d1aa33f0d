// The server half's display of an instant in a zone (PLUGINS.md):
// `YYYY/MM/DD HH:mm:ss (Zone, UTC±hh:mm)`, read back into the instant it
// shows, and the offset the browser's own time zone data gives that zone
// then, so a test can check the plugin's answer independently.

export type Display = {zone: string; offset: string; offsetMinutes: number; instantMs: number};

const DISPLAY = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2}) \(([^()\s]+), UTC([+-])(\d{2}):(\d{2})\)$/;

/** The display's parts, or undefined when the text is not a display. */
export function parseDisplay(text: string): Display | undefined {
    const m = DISPLAY.exec(text);
    if (!m) {
        return undefined;
    }
    const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
    const offsetMinutes = (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10]));
    return {
        zone: m[7],
        offset: `${m[8]}${m[9]}:${m[10]}`,
        offsetMinutes,
        instantMs: Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000,
    };
}

/** `+hh:mm` / `-hh:mm`: the offset of zone at the instant, from Intl's zone data. */
export function zoneOffset(zone: string, atMs: number): string {
    const name = new Intl.DateTimeFormat('en-US', {timeZone: zone, timeZoneName: 'longOffset'})
        .formatToParts(atMs).find((p) => p.type === 'timeZoneName')?.value;
    // "GMT+09:00", or plain "GMT" for a zero offset.
    const m = /^GMT(?:([+-]\d{2}:\d{2}))?$/.exec(name ?? '');
    if (!m) {
        throw new Error(`Intl gave ${JSON.stringify(name)} as the offset of ${zone}`);
    }
    return m[1] ?? '+00:00';
}
