/**
 * Builds one self-contained server executable per target platform.
 *
 *   bundle the entry (esbuild, once) → ensure the pinned Node bases →
 *   make the SEA blob with the build host's base (once) → inject it into a
 *   copy of each target's base → write the output, mode 0755.
 *
 * Output is byte-for-byte reproducible. A target whose cache key (bundle
 * hash, base and blob-maker hashes, SEA config) matches the stamp recorded
 * for its output path, and whose output still has the recorded hash, is left
 * alone: the blob and postject steps, the slow part, are skipped.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { bundleServer } from './bundle';
import { ExecutableBuildError } from './errors';
import { sha256File, sha256Hex } from './hash';
import { ensureNodeBase } from './node-base';
import { hostPlatform, loadNodeBasePins, resolvePlatform } from './platforms';
import type { NodeBasePin, NodeBasePins } from './platforms';
import { injectSeaBlob, makeSeaBlob, POSTJECT_VERSION, SEA_FUSE, seaConfig } from './sea';
import type { SeaSettings } from './sea';
import type { ExecutableTarget } from './targets';

export interface BuildOptions {
  /** Project root: messages show paths relative to it. */
  root: string;
  /** The server entry (absolute, or relative to `root`). */
  entry: string;
  targets: readonly ExecutableTarget[];
  /** Holds the Node bases (node-bases/); default `<root>/build/.cache`. */
  cacheDir?: string;
  /** Holds one stamp per output path; default `<cacheDir>/executables`. */
  stampDir?: string;
  pins?: NodeBasePins;
  /** The machine running the build, as `<os>-<arch>`; default this one. */
  host?: string;
  sea?: SeaSettings;
  /** Rebuild even when the stamp says the output is up to date. */
  force?: boolean;
  log?: (line: string) => void;
  npm?: string;
}

export interface BuiltExecutable {
  platform: string;
  output: string;
  base: NodeBasePin;
  bytes: number;
  sha256: string;
  /** False when the output was already up to date. */
  rebuilt: boolean;
}

/** Bump when the build steps change in a way the key does not capture. */
const BUILD_FORMAT = 1;

interface Stamp {
  key: string;
  sha256: string;
  bytes: number;
}

export async function buildExecutables(options: BuildOptions): Promise<BuiltExecutable[]> {
  const root = resolve(options.root);
  const cacheDir = resolve(root, options.cacheDir ?? join('build', '.cache'));
  const stampDir = resolve(root, options.stampDir ?? join(cacheDir, 'executables'));
  const log = options.log ?? (() => {});
  const show = (path: string): string => displayPath(root, path);
  const pins = options.pins ?? loadNodeBasePins();

  const { plan, makerPin, version } = planBuild(options.targets, pins, options.host ?? hostPlatform(), root);

  const t0 = performance.now();
  const entry = resolve(root, options.entry);
  const bundle = await bundleServer({ entry, nodeVersion: version, root });
  for (const warning of bundle.warnings) log(`bundle: warning: ${warning}`);
  log(`bundle: ${show(entry)} → ${kib(bundle.code.length)} (${bundle.inputs.length} input files) in ${secs(t0)}`);

  const makerBinary = await ensureNodeBase(makerPin, { cacheDir, log, npm: options.npm });
  const config = seaConfig(options.sea);
  const bundleHash = sha256Hex(Buffer.concat([bundle.code, bundle.sourceMap]));

  let workDir: string | undefined;
  let blob: string | undefined;
  const results: BuiltExecutable[] = [];
  try {
    for (const { platform, output, pin } of plan) {
      const base = pin === makerPin ? makerBinary : await ensureNodeBase(pin, { cacheDir, log, npm: options.npm });
      const key = sha256Hex(
        JSON.stringify({
          format: BUILD_FORMAT,
          bundle: bundleHash,
          config,
          maker: makerPin.sha256,
          base: pin.sha256,
          fuse: SEA_FUSE,
          postject: POSTJECT_VERSION,
        }),
      );
      const stampFile = join(stampDir, `${sha256Hex(output).slice(0, 16)}.json`);
      if (!options.force) {
        const current = await upToDate(stampFile, output, key);
        if (current) {
          log(`${platform}: ${show(output)} is up to date`);
          results.push({ platform, output, base: pin, bytes: current.bytes, sha256: current.sha256, rebuilt: false });
          continue;
        }
      }
      if (!blob) {
        const t = performance.now();
        workDir = await mkdtemp(join(tmpdir(), 'sea-build-'));
        blob = await makeSeaBlob(makerBinary, bundle.code, bundle.sourceMap, config, workDir);
        log(`sea: blob made by ${makerPin.package}@${makerPin.version} in ${secs(t)}`);
      }
      const t = performance.now();
      await injectSeaBlob(base, blob, output);
      const sha256 = await sha256File(output);
      const { size: bytes } = await stat(output);
      await mkdir(stampDir, { recursive: true });
      await writeFile(stampFile, `${JSON.stringify({ output, key, sha256, bytes })}\n`);
      log(`${platform}: injected into ${pin.package}@${pin.version} → ${show(output)} in ${secs(t)}`);
      results.push({ platform, output, base: pin, bytes, sha256, rebuilt: true });
    }
  } finally {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  }
  return results;
}

interface PlannedTarget {
  platform: string;
  output: string;
  pin: NodeBasePin;
}

/**
 * Checks the targets before any work: supported platforms, distinct outputs,
 * a pinned base for the build machine (it makes the blob), one Node version.
 */
function planBuild(
  targets: readonly ExecutableTarget[],
  pins: NodeBasePins,
  host: string,
  root: string,
): { plan: PlannedTarget[]; makerPin: NodeBasePin; version: string } {
  if (targets.length === 0) throw new ExecutableBuildError('no target platforms to build');
  const outputs = new Set<string>();
  const plan = targets.map((target) => {
    const output = resolve(root, target.output);
    if (outputs.has(output)) throw new ExecutableBuildError(`two platforms would write ${displayPath(root, output)}`);
    outputs.add(output);
    return { platform: target.platform, output, pin: resolvePlatform(target.platform, pins) };
  });
  const makerPin = pins.get(host);
  if (!makerPin) {
    throw new ExecutableBuildError(
      `the SEA blob is made by the pinned Node for the build machine, but ${host} has no pin; build on one of: ${[...pins.keys()].sort().join(', ')}`,
    );
  }
  const version = plan[0]!.pin.version;
  for (const { platform, pin } of [...plan, { platform: host, pin: makerPin }]) {
    if (pin.version !== version) {
      throw new ExecutableBuildError(
        `${platform} pins Node ${pin.version} but ${plan[0]!.platform} pins ${version}: a SEA blob only runs on the exact Node version that made it, so every pin in node-bases.json must share one version`,
      );
    }
  }
  return { plan, makerPin, version };
}

async function upToDate(stampFile: string, output: string, key: string): Promise<Stamp | undefined> {
  if (!existsSync(stampFile) || !existsSync(output)) return undefined;
  let stamp: Stamp;
  try {
    stamp = JSON.parse(await readFile(stampFile, 'utf8')) as Stamp;
  } catch {
    return undefined;
  }
  if (stamp.key !== key) return undefined;
  const { size, mode } = await stat(output);
  if (size !== stamp.bytes || (mode & 0o777) !== 0o755) return undefined;
  return (await sha256File(output)) === stamp.sha256 ? stamp : undefined;
}

/** A path relative to the project when inside it, absolute otherwise. */
export function displayPath(root: string, path: string): string {
  const rel = relative(root, path);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
const secs = (since: number): string => `${((performance.now() - since) / 1000).toFixed(2)} s`;
