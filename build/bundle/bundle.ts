// Builds the plugin bundle(s) an admin uploads: plans the contents from
// plugin.json, packs them deterministically, reads each archive back to verify
// it against its manifest, and applies the size limits. A bundle only appears
// at its final path once it has passed every check.
//
// Sizes: above 50 MiB a warning (older servers and common reverse-proxy upload
// limits); above maxBytes (default 100 MiB, Mattermost's default
// FileSettings.MaxFileSize, which caps plugin uploads) an error.

import { readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

import { DIST_DIR, bundleFileName, bundlePath } from '../lib/bundleNames';
import { formatBytes } from '../lib/cli';
import { loadManifest, platformsOf } from '../manifest/load';
import { BundleError, planBundle, type BundlePlan } from './layout';
import { fixedMtime, packBundle } from './pack';
import { verifyBundle } from './verify';

export const WARN_BUNDLE_BYTES = 50 * 1024 * 1024;
export const DEFAULT_MAX_BUNDLE_BYTES = 100 * 1024 * 1024;
/**
 * gzip level 6. Measured with a copy of Node 20.20.2 (98,932,688 bytes) as the
 * executable, whole `bundle` run on 2 cores: level 9 took 9.3 s for
 * 36,744,402 bytes, level 6 4.0 s for 36,893,083 (+0.4%), level 1 2.4 s for
 * 40,206,551. Watch mode rebuilds the bundle on every change.
 */
export const DEFAULT_GZIP_LEVEL = 6;

export interface BundleOptions {
  root: string;
  perPlatform?: boolean;
  maxBytes?: number;
  warnBytes?: number;
  gzipLevel?: number;
  mtime?: Date;
  /** Where staging happens; default <root>/build/.cache/stage. */
  stageDir?: string;
  log?: (line: string) => void;
  warn?: (line: string) => void;
}

export interface BuiltBundle {
  file: string;
  platforms: string[];
  bytes: number;
}

export async function buildBundles(options: BundleOptions): Promise<BuiltBundle[]> {
  const { root } = options;
  const log = options.log ?? (() => {});
  const warn = options.warn ?? log;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BUNDLE_BYTES;
  const warnBytes = options.warnBytes ?? WARN_BUNDLE_BYTES;
  const { manifest, text, warnings } = await loadManifest(root);
  for (const warning of warnings) warn(`warning: ${warning}`);

  const platforms = platformsOf(manifest);
  const targets: (string | undefined)[] = options.perPlatform ? platforms : [undefined];
  if (options.perPlatform && platforms.length === 0) {
    throw new BundleError('BUNDLE_PER_PLATFORM is set but plugin.json declares no server.executables platforms');
  }
  await removeStaleBundles(root, manifest.id, manifest.version, targets);

  const built: BuiltBundle[] = [];
  for (const platform of targets) {
    const plan = await planBundle({ root, manifest, manifestText: text, platform });
    const file = bundlePath(root, manifest.id, manifest.version, platform);
    const partial = `${file}.partial`;
    try {
      await packBundle(plan, partial, {
        stageDir: options.stageDir ?? join(root, 'build/.cache/stage'),
        gzipLevel: options.gzipLevel ?? DEFAULT_GZIP_LEVEL,
        mtime: options.mtime ?? fixedMtime(),
      });
      await verifyBundle(partial, plan);
      const bytes = (await stat(partial)).size;
      checkSize(file, bytes, maxBytes);
      await rename(partial, file);
      log(`${join(DIST_DIR, bundleFileName(manifest.id, manifest.version, platform))}: ${formatBytes(bytes)}, ${describePlan(plan)}`);
      if (bytes > warnBytes) {
        warn(`warning: the bundle is larger than ${formatBytes(warnBytes)}; older Mattermost servers and many reverse proxies (client_max_body_size) reject uploads that large`);
      }
      built.push({ file, platforms: plan.platforms, bytes });
    } finally {
      await rm(partial, { force: true });
    }
  }
  return built;
}

function checkSize(file: string, bytes: number, maxBytes: number): void {
  if (bytes <= maxBytes) return;
  throw new BundleError(
    `${file} would be ${formatBytes(bytes)}, above the limit of ${formatBytes(maxBytes)} ` +
      "(Mattermost's FileSettings.MaxFileSize caps plugin uploads, 100 MiB by default). " +
      'Ship fewer platforms per bundle (BUNDLE_PER_PLATFORM=1) or raise the limit with MM_PLUGIN_MAX_BUNDLE_BYTES to match your server.',
  );
}

function describePlan(plan: BundlePlan): string {
  const files = plan.entries.filter((entry) => entry.type !== 'directory').length;
  return `${files} files, platforms: ${plan.platforms.join(', ') || 'none (webapp only)'}`;
}

/** Removes bundles of this id and version from the other mode, so deploy never picks a stale one. */
async function removeStaleBundles(root: string, id: string, version: string, targets: (string | undefined)[]): Promise<void> {
  const keep = new Set(targets.map((platform) => bundleFileName(id, version, platform)));
  let names: string[];
  try {
    names = await readdir(join(root, DIST_DIR));
  } catch {
    return;
  }
  const prefix = `${id}-${version}`;
  for (const name of names) {
    const rest = name.startsWith(prefix) ? name.slice(prefix.length) : undefined;
    const ours = rest === '.tar.gz' || (rest !== undefined && /^-[a-z0-9]+-[a-z0-9]+\.tar\.gz$/.test(rest));
    if (ours && !keep.has(name)) await rm(join(root, DIST_DIR, name), { force: true });
  }
}
