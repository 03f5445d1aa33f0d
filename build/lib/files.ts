// File helpers shared by the build scripts.

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Writes `content` to `path` only when it differs from what is there, so a
 * watcher sees no change (and rebuilds nothing) when a regenerated file is the
 * same. Returns whether the file was written.
 */
export async function writeFileIfChanged(path: string, content: string): Promise<boolean> {
  let current: string | undefined;
  try {
    current = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (current === content) return false;
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
  return true;
}
