import { describe, expect, it } from 'vitest';
import { ExecutableBuildError } from './errors';
import { seaConfig } from './sea';

describe('seaConfig', () => {
  it('is reproducible, cross-arch safe, silent and closed to NODE_OPTIONS', () => {
    expect(seaConfig()).toEqual({
      main: 'plugin.cjs',
      output: 'sea.blob',
      disableExperimentalSEAWarning: true,
      useSnapshot: false,
      useCodeCache: false,
      execArgvExtension: 'none',
      assets: { 'plugin.cjs.map': 'plugin.cjs.map' },
    });
  });

  it('adds a heap cap as execArgv, and rejects a nonsensical one', () => {
    expect(seaConfig({ maxOldSpaceSizeMiB: 512 }).execArgv).toEqual(['--max-old-space-size=512']);
    expect(() => seaConfig({ maxOldSpaceSizeMiB: 1.5 })).toThrow(ExecutableBuildError);
    expect(() => seaConfig({ maxOldSpaceSizeMiB: 8 })).toThrow('at least 16; got 8');
  });
});
