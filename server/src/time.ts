/**
 * The World Time clock: the current instant in an IANA time zone, from the
 * local clock and Intl's time zone data (no network).
 */

export interface ZonedTime {
  /** Canonical IANA name ("Europe/Paris"). */
  readonly time_zone: string;
  /** ISO 8601 with the zone's offset: "2026-11-22T11:15:30.123+01:00". */
  readonly iso: string;
  /** What people read: "2026/11/22 11:15:30 (Europe/Paris, UTC+01:00)". */
  readonly display: string;
  readonly unix_ms: number;
}

export class UnknownTimeZoneError extends Error {
  override name = 'UnknownTimeZoneError';
  constructor(readonly zone: string) {
    super(`unknown time zone: ${zone}`);
  }
}

/** The canonical name of `zone`, or an UnknownTimeZoneError. */
export function canonicalZone(zone: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    throw new UnknownTimeZoneError(zone);
  }
}

export function zonedTime(zone: string, now: Date = new Date()): ZonedTime {
  const timeZone = canonicalZone(zone);
  const parts = partsOf(now, timeZone);
  const offset = offsetOf(now, timeZone);
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const time = `${parts.hour}:${parts.minute}:${parts.second}`;
  const millis = String(now.getUTCMilliseconds()).padStart(3, '0');
  return {
    time_zone: timeZone,
    iso: `${date}T${time}.${millis}${offset}`,
    display: `${date.replaceAll('-', '/')} ${time} (${timeZone}, UTC${offset})`,
    unix_ms: now.getTime(),
  };
}

type Part = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second';

function partsOf(now: Date, timeZone: string): Record<Part, string> {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const parts = {} as Record<Part, string>;
  for (const { type, value } of format.formatToParts(now)) {
    if (type in { year: 1, month: 1, day: 1, hour: 1, minute: 1, second: 1 }) parts[type as Part] = value;
  }
  return parts;
}

/** "+09:00", "-05:00", "+00:00" (Intl says "GMT" for a zero offset). */
function offsetOf(now: Date, timeZone: string): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(now)
    .find((part) => part.type === 'timeZoneName')?.value;
  const match = /^GMT([+-]\d{2}:\d{2})$/.exec(name ?? '');
  return match ? match[1]! : '+00:00';
}
