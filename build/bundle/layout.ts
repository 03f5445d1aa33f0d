// What goes into a plugin bundle, decided from the manifest and the built tree:
//   <id>/plugin.json                   the manifest (per-platform: only that platform listed)
//   <id>/<executable path>             each declared executable of the bundle's platforms, 0755
//   <id>/<webapp bundle's directory>/  e.g. webapp/dist/, everything in it
//   <id>/assets/, <id>/public/         when present
//   <id>/<icon_path>                   when declared and not already included
// Regular files and directories only: Mattermost's extractor skips symlinks
// (the plugin would silently miss the file), so a symlink is an error here.
// Files are 0644, executables 0755, directories 0755, whatever the checkout's
// modes and umask; entries are sorted so the archive does not depend on
// readdir order.

import { lstat, readdir } from 'node:fs/promises';
import { join, posix } from 'node:path';

import { ToolkitError } from '../lib/errors';
import type { Manifest } from '../manifest/types';

export class BundleError extends ToolkitError {}

export const FILE_MODE = 0o644;
export const EXECUTABLE_MODE = 0o755;
export const DIRECTORY_MODE = 0o755;

/** Directories copied whole when they exist. */
const OPTIONAL_TREES = ['assets', 'public'];

export type BundleEntry =
  | { type: 'directory'; path: string; mode: number }
  | { type: 'file'; path: string; mode: number; source: string }
  | { type: 'content'; path: string; mode: number; content: Buffer };

export interface BundlePlan {
  /** The top folder, named by the plugin id. */
  top: string;
  /** Platforms whose executables the bundle carries. */
  platforms: string[];
  /** The manifest written into the bundle. */
  manifest: Manifest;
  /** Entries with archive paths relative to the top folder's parent, sorted; directories end in "/". */
  entries: BundleEntry[];
}

export interface PlanOptions {
  /** Project root holding plugin.json and the built halves. */
  root: string;
  manifest: Manifest;
  /** plugin.json as written by the author (kept byte for byte in a combined bundle). */
  manifestText: string;
  /** Restrict to one platform: the bundle's plugin.json then lists only it. */
  platform?: string;
}

export async function planBundle(options: PlanOptions): Promise<BundlePlan> {
  const { root, manifest } = options;
  const top = manifest.id;
  const allExecutables = manifest.server?.executables ?? {};
  const platforms = options.platform === undefined ? Object.keys(allExecutables).sort() : [options.platform];
  if (options.platform !== undefined && allExecutables[options.platform] === undefined) {
    throw new BundleError(`plugin.json: server.executables has no ${options.platform}; the platforms are ${Object.keys(allExecutables).join(', ') || 'none'}`);
  }

  let bundledManifest = manifest;
  let manifestContent = Buffer.from(options.manifestText);
  if (options.platform !== undefined) {
    const raw = JSON.parse(options.manifestText) as { server: { executables: Record<string, string> } };
    raw.server.executables = { [options.platform]: allExecutables[options.platform] };
    manifestContent = Buffer.from(`${JSON.stringify(raw, null, 2)}\n`);
    bundledManifest = { ...manifest, server: { ...manifest.server, executables: raw.server.executables as Record<string, string> } };
  }

  const files = new Map<string, BundleEntry>();
  const directories = new Set<string>();
  const addFile = (relative: string, mode: number): Promise<void> => addSourceFile(root, relative, mode, files);

  for (const platform of platforms) {
    await addFile(allExecutables[platform]!, EXECUTABLE_MODE).catch(explainMissing(`the ${platform} executable`, 'make server'));
  }
  if (manifest.server?.executable) {
    await addFile(manifest.server.executable, EXECUTABLE_MODE).catch(explainMissing('server.executable', 'make server'));
  }
  if (manifest.webapp) {
    const bundleDir = posix.dirname(manifest.webapp.bundle_path);
    await addSourceFile(root, manifest.webapp.bundle_path, FILE_MODE, new Map()).catch(explainMissing('the webapp bundle', 'make webapp'));
    if (bundleDir === '.') await addFile(manifest.webapp.bundle_path, FILE_MODE);
    else await addTree(root, bundleDir, files, directories);
  }
  for (const tree of OPTIONAL_TREES) {
    if (await exists(join(root, tree))) await addTree(root, tree, files, directories);
  }
  if (manifest.icon_path && !files.has(manifest.icon_path)) {
    await addFile(manifest.icon_path, FILE_MODE).catch(explainMissing('icon_path', 'add the icon'));
  }
  files.set('plugin.json', { type: 'content', path: 'plugin.json', mode: FILE_MODE, content: manifestContent });

  // Every ancestor directory of every file gets its own entry.
  for (const path of files.keys()) {
    for (let dir = posix.dirname(path); dir !== '.'; dir = posix.dirname(dir)) directories.add(dir);
  }
  const entries: BundleEntry[] = [
    { type: 'directory', path: `${top}/`, mode: DIRECTORY_MODE },
    ...[...directories].map((dir): BundleEntry => ({ type: 'directory', path: `${top}/${dir}/`, mode: DIRECTORY_MODE })),
    ...[...files.values()].map((entry): BundleEntry => ({ ...entry, path: `${top}/${entry.path}` })),
  ];
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const entry of entries) checkUstarPath(entry.path);
  return { top, platforms, manifest: bundledManifest, entries };
}

async function addSourceFile(root: string, relative: string, mode: number, files: Map<string, BundleEntry>): Promise<void> {
  const source = join(root, relative);
  // Every directory on the way must be real too: the extractor would not follow a symlinked folder either.
  const segments = relative.split('/');
  for (let i = 1; i < segments.length; i++) {
    const dir = segments.slice(0, i).join('/');
    const info = await lstat(join(root, dir));
    if (info.isSymbolicLink()) throw symlinkError(dir);
  }
  const info = await lstat(source);
  if (info.isSymbolicLink()) throw symlinkError(relative);
  if (!info.isFile()) throw new BundleError(`${relative} is not a regular file; a plugin bundle holds only files and directories`);
  files.set(relative, { type: 'file', path: relative, mode, source });
}

async function addTree(root: string, relative: string, files: Map<string, BundleEntry>, directories: Set<string>): Promise<void> {
  const info = await lstat(join(root, relative));
  if (info.isSymbolicLink()) throw symlinkError(relative);
  if (!info.isDirectory()) throw new BundleError(`${relative} is not a directory`);
  directories.add(relative);
  for (const name of await readdir(join(root, relative))) {
    const child = `${relative}/${name}`;
    const childInfo = await lstat(join(root, child));
    if (childInfo.isSymbolicLink()) throw symlinkError(child);
    if (childInfo.isDirectory()) await addTree(root, child, files, directories);
    else if (childInfo.isFile()) {
      // An executable declared in the manifest keeps 0755 even inside a copied tree.
      if (!files.has(child)) files.set(child, { type: 'file', path: child, mode: FILE_MODE, source: join(root, child) });
    } else throw new BundleError(`${child} is not a regular file; a plugin bundle holds only files and directories`);
  }
}

function symlinkError(relative: string): BundleError {
  return new BundleError(
    `${relative} is a symbolic link; Mattermost's plugin extractor skips symlinks, so the installed plugin would lack it. Replace it with the file or directory it points to.`,
  );
}

function explainMissing(what: string, fix: string): (error: unknown) => never {
  return (error) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      const path = (error as NodeJS.ErrnoException).path ?? '';
      throw new BundleError(`${what} is missing: ${path} does not exist (run \`${fix}\` first)`);
    }
    throw error;
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

/** Without pax headers a path must fit ustar: name ≤ 100 bytes, or a prefix ≤ 155 bytes split at "/". */
function checkUstarPath(path: string): void {
  const bytes = Buffer.byteLength(path);
  if (bytes <= 100) return;
  for (let at = path.indexOf('/'); at >= 0; at = path.indexOf('/', at + 1)) {
    if (Buffer.byteLength(path.slice(0, at)) <= 155 && Buffer.byteLength(path.slice(at + 1)) <= 100) return;
  }
  throw new BundleError(`${path} is too long for a tar header without pax extensions (at most a 155-byte folder and a 100-byte name); shorten it`);
}

