import { describe, expect, it } from 'vitest';
import { appendedDisplay, appendTime, findTrigger, withoutAppendedTime } from './trigger';

describe('findTrigger', () => {
  it('finds the trigger word anywhere in the message', () => {
    expect(findTrigger('say hoge please', 'hoge')).toEqual({});
    expect(findTrigger('nothing here', 'hoge')).toBeUndefined();
  });

  it('reads a zone written right after the trigger', () => {
    expect(findTrigger('meet at hoge@Europe/Paris ok', 'hoge')).toEqual({ zone: 'Europe/Paris' });
    expect(findTrigger('hoge@America/Argentina/Buenos_Aires', 'hoge')).toEqual({ zone: 'America/Argentina/Buenos_Aires' });
    expect(findTrigger('hoge @Europe/Paris', 'hoge')).toEqual({});
    expect(findTrigger('hoge@ now', 'hoge')).toEqual({});
    expect(findTrigger('hoge@Mars/Olympus, ok', 'hoge')).toEqual({ zone: 'Mars/Olympus,' });
  });

  it('never matches an empty trigger word', () => {
    expect(findTrigger('anything', '')).toBeUndefined();
  });
});

describe('appended time', () => {
  const display = '2026/11/22 19:15:30 (Asia/Tokyo, UTC+09:00)';

  it('round-trips through append, detect and strip', () => {
    const message = appendTime('hoge', display);
    expect(message).toBe('hoge (2026/11/22 19:15:30 (Asia/Tokyo, UTC+09:00))');
    expect(appendedDisplay(message)).toBe(display);
    expect(withoutAppendedTime(message)).toBe('hoge');
  });

  it('ignores text that only looks similar', () => {
    expect(appendedDisplay('hoge (tomorrow)')).toBeUndefined();
    expect(withoutAppendedTime('hoge (2026/11/22)')).toBe('hoge (2026/11/22)');
  });
});
