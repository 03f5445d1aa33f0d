/**
 * The executables plugin.json asks for: `server.executables` maps each
 * Mattermost platform (`<os>-<arch>`) to a path inside the plugin bundle.
 * The Mattermost server rejects a path that escapes the plugin folder, so
 * such a path is refused here too.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join, normalize } from 'node:path';
import { ExecutableBuildError } from './errors';

export interface ExecutableTarget {
  /** Mattermost platform key, e.g. linux-amd64. */
  platform: string;
  /** Absolute output path. */
  output: string;
}

export function manifestTargets(root: string, manifestFile: string = join(root, 'plugin.json')): ExecutableTarget[] {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  } catch (err) {
    throw new ExecutableBuildError(`cannot read ${manifestFile}: ${(err as Error).message}`);
  }
  const executables = (manifest as { server?: { executables?: unknown } } | null)?.server?.executables;
  if (typeof executables !== 'object' || executables === null || Array.isArray(executables)) {
    throw new ExecutableBuildError(
      `${manifestFile}: server.executables must map <os>-<arch> to a path, e.g. {"linux-amd64": "server/dist/plugin-linux-amd64"}`,
    );
  }
  const targets: ExecutableTarget[] = [];
  for (const [platform, path] of Object.entries(executables)) {
    if (typeof path !== 'string' || path === '') {
      throw new ExecutableBuildError(`${manifestFile}: server.executables["${platform}"] must be a non-empty path`);
    }
    const clean = normalize(path);
    if (isAbsolute(clean) || clean === '..' || clean.startsWith('../')) {
      throw new ExecutableBuildError(
        `${manifestFile}: server.executables["${platform}"] = "${path}" must stay inside the plugin folder`,
      );
    }
    targets.push({ platform, output: join(root, clean) });
  }
  if (targets.length === 0) throw new ExecutableBuildError(`${manifestFile}: server.executables is empty`);
  return targets;
}
