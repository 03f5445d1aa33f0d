// Where bundles go and what they are called; shared by the bundle packer and
// deploy so both agree on the file a build produced.
//   combined (default):  dist/<id>-<version>.tar.gz, every platform inside
//   per platform:        dist/<id>-<version>-<os>-<arch>.tar.gz, one each
// The switch is BUNDLE_PER_PLATFORM=1 (or the packer's --per-platform flag).

import { join } from 'node:path';

import { ToolkitError } from './errors';

export const DIST_DIR = 'dist';

export function bundleFileName(id: string, version: string, platform?: string): string {
  return platform === undefined ? `${id}-${version}.tar.gz` : `${id}-${version}-${platform}.tar.gz`;
}

export function bundlePath(root: string, id: string, version: string, platform?: string): string {
  return join(root, DIST_DIR, bundleFileName(id, version, platform));
}

/** Reads a yes/no environment switch; anything but 1/0, true/false, yes/no is an error naming the variable. */
export function envFlag(env: NodeJS.ProcessEnv, name: string): boolean {
  const value = env[name]?.trim().toLowerCase();
  if (value === undefined || value === '' || value === '0' || value === 'false' || value === 'no') return false;
  if (value === '1' || value === 'true' || value === 'yes') return true;
  throw new ToolkitError(`${name}=${env[name]} is not a yes/no value; use 1 or 0`);
}

export function perPlatformFromEnv(env: NodeJS.ProcessEnv): boolean {
  return envFlag(env, 'BUNDLE_PER_PLATFORM');
}
