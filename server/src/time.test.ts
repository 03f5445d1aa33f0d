import { describe, expect, it } from 'vitest';
import { canonicalZone, UnknownTimeZoneError, zonedTime } from './time';

const instant = new Date(Date.UTC(2026, 10, 22, 10, 15, 30, 123));

describe('zonedTime', () => {
  it('renders the instant in the zone with its offset', () => {
    expect(zonedTime('Asia/Tokyo', instant)).toEqual({
      time_zone: 'Asia/Tokyo',
      iso: '2026-11-22T19:15:30.123+09:00',
      display: '2026/11/22 19:15:30 (Asia/Tokyo, UTC+09:00)',
      unix_ms: instant.getTime(),
    });
  });

  it('handles negative, fractional and zero offsets', () => {
    expect(zonedTime('America/New_York', instant).iso).toBe('2026-11-22T05:15:30.123-05:00');
    expect(zonedTime('Asia/Kolkata', instant).iso).toBe('2026-11-22T15:45:30.123+05:30');
    expect(zonedTime('UTC', instant).iso).toBe('2026-11-22T10:15:30.123+00:00');
  });

  it('rolls the date over across midnight', () => {
    const lateUtc = new Date(Date.UTC(2026, 11, 31, 20, 0, 0, 0));
    expect(zonedTime('Asia/Tokyo', lateUtc).display).toBe('2027/01/01 05:00:00 (Asia/Tokyo, UTC+09:00)');
  });

  it('canonicalises zone names and rejects unknown ones', () => {
    expect(canonicalZone('europe/paris')).toBe('Europe/Paris');
    expect(() => zonedTime('Mars/Olympus', instant)).toThrow(UnknownTimeZoneError);
    expect(() => zonedTime('Mars/Olympus', instant)).toThrow('unknown time zone: Mars/Olympus');
  });
});
