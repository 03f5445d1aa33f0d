/**
 * Turns a bundle into a Single Executable Application (SEA) for one base.
 *
 * `makeSeaBlob` runs a pinned base Node (the build host's, same version as
 * the target) with `--experimental-sea-config` in an empty environment, so
 * the build machine's NODE_OPTIONS cannot leak into it. The config is fixed
 * for reproducible, cross-architecture output: no code cache, no snapshot
 * (both are architecture-specific and the code cache differs on every
 * build), no SEA warning, and `execArgvExtension: "none"` so a host
 * NODE_OPTIONS cannot change the runtime. The blob holds only the bundle and
 * the config, so one blob serves every target of that Node version.
 *
 * `injectSeaBlob` copies the base, injects the blob with postject (ELF
 * section NODE_SEA_BLOB, flipping the SEA fuse), sets mode 0755 and renames
 * the result into place, so the output path never holds a half-written file.
 */
import { copyFile, chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ExecutableBuildError } from './errors';
import { runTool } from './run';

/** Resource and fuse names Node looks for at start-up (src/node_sea.cc). */
export const SEA_RESOURCE = 'NODE_SEA_BLOB';
export const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

/** File name of the bundle inside the blob; shows up in stack traces. */
export const SEA_MAIN = 'plugin.cjs';
/** The bundle's source map, read back by server/runtime/source-maps.ts (`sea.getAsset`). */
export const SOURCE_MAP_ASSET = 'plugin.cjs.map';
const SEA_BLOB = 'sea.blob';

export interface SeaSettings {
  /** V8 old-space cap in MiB (`--max-old-space-size`); Node's default when absent. */
  maxOldSpaceSizeMiB?: number;
}

/** The `--experimental-sea-config` JSON; its serialisation is part of the build cache key. */
export function seaConfig(settings: SeaSettings = {}): Record<string, unknown> {
  const execArgv: string[] = [];
  if (settings.maxOldSpaceSizeMiB !== undefined) {
    const mib = settings.maxOldSpaceSizeMiB;
    if (!Number.isInteger(mib) || mib < 16) {
      throw new ExecutableBuildError(`the heap cap must be a whole number of MiB, at least 16; got ${mib}`);
    }
    execArgv.push(`--max-old-space-size=${mib}`);
  }
  return {
    main: SEA_MAIN,
    output: SEA_BLOB,
    disableExperimentalSEAWarning: true,
    useSnapshot: false,
    useCodeCache: false,
    execArgvExtension: 'none',
    assets: { [SOURCE_MAP_ASSET]: SOURCE_MAP_ASSET },
    ...(execArgv.length > 0 ? { execArgv } : {}),
  };
}

/** Writes the bundle and config into `workDir`, makes the blob there and returns its path. */
export async function makeSeaBlob(
  maker: string,
  bundle: Uint8Array,
  sourceMap: Uint8Array,
  config: Record<string, unknown>,
  workDir: string,
): Promise<string> {
  await mkdir(workDir, { recursive: true });
  await writeFile(join(workDir, SEA_MAIN), bundle);
  await writeFile(join(workDir, SOURCE_MAP_ASSET), sourceMap);
  await writeFile(join(workDir, 'sea-config.json'), `${JSON.stringify(config, null, 2)}\n`);
  await runTool(maker, ['--experimental-sea-config', 'sea-config.json'], {
    cwd: workDir,
    env: {},
    what: 'making the SEA blob',
  });
  return join(workDir, SEA_BLOB);
}

const requireHere = createRequire(import.meta.url);
const postjectCli = requireHere.resolve('postject/dist/cli.js');
export const POSTJECT_VERSION = (requireHere('postject/package.json') as { version: string }).version;

export async function injectSeaBlob(base: string, blob: string, output: string): Promise<void> {
  await mkdir(dirname(output), { recursive: true });
  const partial = `${output}.partial-${process.pid}`;
  try {
    await copyFile(base, partial);
    await chmod(partial, 0o755);
    await runTool(process.execPath, [postjectCli, partial, SEA_RESOURCE, blob, '--sentinel-fuse', SEA_FUSE], {
      what: `injecting the SEA blob into ${output}`,
    });
    await chmod(partial, 0o755);
    await rename(partial, output);
  } finally {
    await rm(partial, { force: true });
  }
}
