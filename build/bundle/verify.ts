// Reads a written bundle back and checks it against its own plugin.json, the
// way Mattermost will use it: one top folder, plugin.json valid, every
// declared executable present as a regular file with mode 0755, the webapp
// bundle and icon present, only files and directories, and exactly the
// entries that were planned (nothing truncated or lost).

import * as tar from 'tar';

import { validateManifest } from '../manifest/validate';
import { parseJsonWithPosition } from '../lib/json';
import { BundleError, type BundlePlan } from './layout';

export interface ArchiveEntry {
  path: string;
  type: string;
  mode: number;
  size: number;
  uid: number;
  gid: number;
}

export interface ArchiveContents {
  entries: ArchiveEntry[];
  /** Text of the plugin.json entries found, by path. */
  manifests: Map<string, string>;
}

export async function readArchive(file: string): Promise<ArchiveContents> {
  const entries: ArchiveEntry[] = [];
  const manifests = new Map<string, string>();
  try {
    await tar.list({
      file,
      strict: true,
      onReadEntry: (entry) => {
        entries.push({ path: entry.path, type: entry.type, mode: entry.mode ?? 0, size: entry.size ?? 0, uid: entry.uid ?? 0, gid: entry.gid ?? 0 });
        if (entry.path.endsWith('/plugin.json') && entry.path.split('/').length === 2) {
          const chunks: Buffer[] = [];
          entry.on('data', (chunk: Buffer) => chunks.push(chunk));
          entry.on('end', () => manifests.set(entry.path, Buffer.concat(chunks).toString('utf8')));
        }
      },
    });
  } catch (error) {
    throw new BundleError(`${file} cannot be read back as a .tar.gz: ${(error as Error).message}`);
  }
  return { entries, manifests };
}

/** Checks the archive at `file`; throws a BundleError listing every problem. */
export async function verifyBundle(file: string, plan?: BundlePlan): Promise<ArchiveContents> {
  const contents = await readArchive(file);
  const problems: string[] = [];
  const tops = new Set(contents.entries.map((entry) => entry.path.split('/')[0]));
  if (tops.size !== 1) problems.push(`the archive must hold one top folder, it holds ${[...tops].join(', ') || 'nothing'}`);
  const top = [...tops][0] ?? '';

  for (const entry of contents.entries) {
    if (entry.type !== 'File' && entry.type !== 'Directory') problems.push(`${entry.path} is a ${entry.type} entry; only files and directories are allowed`);
  }
  const files = new Map(contents.entries.filter((entry) => entry.type === 'File').map((entry) => [entry.path, entry]));

  const manifestText = contents.manifests.get(`${top}/plugin.json`);
  if (manifestText === undefined) {
    problems.push(`${top}/plugin.json is missing`);
  } else {
    try {
      const { manifest } = validateManifest(parseJsonWithPosition(manifestText), `${top}/plugin.json`);
      if (manifest.id !== top) problems.push(`the top folder ${top} is not named by the plugin id ${manifest.id}`);
      const executables = [...Object.entries(manifest.server?.executables ?? {})];
      if (manifest.server?.executable) executables.push(['server.executable', manifest.server.executable]);
      for (const [platform, path] of executables) {
        const entry = files.get(`${top}/${path}`);
        if (!entry) problems.push(`the ${platform} executable ${path} declared in plugin.json is not in the archive`);
        else if ((entry.mode & 0o777) !== 0o755) problems.push(`the ${platform} executable ${path} has mode ${(entry.mode & 0o777).toString(8)}, not 755`);
      }
      if (manifest.webapp && !files.has(`${top}/${manifest.webapp.bundle_path}`)) {
        problems.push(`the webapp bundle ${manifest.webapp.bundle_path} declared in plugin.json is not in the archive`);
      }
      if (manifest.icon_path && !files.has(`${top}/${manifest.icon_path}`)) problems.push(`the icon ${manifest.icon_path} declared in plugin.json is not in the archive`);
      if (plan) {
        const platforms = Object.keys(manifest.server?.executables ?? {}).sort();
        if (platforms.join() !== plan.platforms.join()) problems.push(`plugin.json in the archive lists ${platforms.join(', ')}, the bundle was made for ${plan.platforms.join(', ')}`);
      }
    } catch (error) {
      problems.push(`plugin.json in the archive is invalid: ${(error as Error).message}`);
    }
  }

  if (plan) {
    const expected = plan.entries.map((entry) => entry.path);
    const actual = contents.entries.map((entry) => entry.path);
    const missing = expected.filter((path) => !actual.includes(path));
    const extra = actual.filter((path) => !expected.includes(path));
    if (missing.length > 0) problems.push(`entries missing from the archive: ${missing.join(', ')}`);
    if (extra.length > 0) problems.push(`unexpected entries in the archive: ${extra.join(', ')}`);
  }

  if (problems.length > 0) throw new BundleError(`${file} failed verification:\n  ${problems.join('\n  ')}`);
  return contents;
}
