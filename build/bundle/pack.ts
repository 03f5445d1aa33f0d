// Writes a BundlePlan as a deterministic .tar.gz with node-tar: the same plan
// gives the same bytes whatever the files' mtimes, owners, modes on disk or the
// umask. Files are staged under build/.cache/stage with explicit modes, then
// packed as an explicit sorted list (noDirRecurse), `portable` (no uid/gid,
// owner names, atime/ctime; gzip header without mtime), a fixed mtime, and no
// pax headers.

import { chmod, copyFile, constants, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import * as tar from 'tar';

import type { BundlePlan } from './layout';

/** The mtime of every entry: SOURCE_DATE_EPOCH (seconds) when set, else 2000-01-01T00:00:00Z. */
export function fixedMtime(env: NodeJS.ProcessEnv = process.env): Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  return new Date('2000-01-01T00:00:00Z');
}

export interface PackOptions {
  /** Scratch directory for the staged tree; emptied first. */
  stageDir: string;
  gzipLevel: number;
  mtime: Date;
}

export async function packBundle(plan: BundlePlan, outFile: string, options: PackOptions): Promise<void> {
  const { stageDir } = options;
  await rm(stageDir, { recursive: true, force: true });
  await mkdir(stageDir, { recursive: true });
  try {
    for (const entry of plan.entries) {
      const staged = join(stageDir, entry.path);
      if (entry.type === 'directory') {
        await mkdir(staged, { recursive: true });
      } else {
        await mkdir(dirname(staged), { recursive: true });
        if (entry.type === 'file') await copyFile(entry.source, staged, constants.COPYFILE_FICLONE);
        else await writeFile(staged, entry.content);
      }
    }
    // Modes set after copying, deepest first, so no umask or source mode leaks in.
    for (const entry of [...plan.entries].reverse()) await chmod(join(stageDir, entry.path), entry.mode);

    await mkdir(dirname(outFile), { recursive: true });
    await tar.create(
      {
        file: outFile,
        cwd: stageDir,
        gzip: { level: options.gzipLevel },
        portable: true,
        mtime: options.mtime,
        noDirRecurse: true,
        noPax: true,
        strict: true,
      },
      plan.entries.map((entry) => entry.path),
    );
  } finally {
    await rm(stageDir, { recursive: true, force: true });
  }
}
