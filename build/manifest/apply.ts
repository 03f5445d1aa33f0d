// `apply`: validate plugin.json, then write the typed manifest module into each
// half (only when its content changes, so watchers do not rebuild for nothing).

import { join } from 'node:path';

import { writeFileIfChanged } from '../lib/files';
import { GENERATED_MODULES, renderManifestModule } from './generate';
import { loadManifest } from './load';

export interface ApplyResult {
  warnings: string[];
  /** Generated module paths (relative to the root) that were rewritten. */
  written: string[];
}

export async function applyManifest(root: string): Promise<ApplyResult> {
  const { manifest, warnings } = await loadManifest(root);
  const source = renderManifestModule(manifest);
  const written: string[] = [];
  for (const module of GENERATED_MODULES) {
    if (await writeFileIfChanged(join(root, module), source)) written.push(module);
  }
  return { warnings, written };
}
