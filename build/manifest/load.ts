// Reads and validates the project's plugin.json: the one place the build
// scripts get the plugin id, version, platforms and settings from.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { parseJsonWithPosition } from '../lib/json';
import { ManifestError, validateManifest } from './validate';
import type { Manifest, ValidatedManifest } from './types';

export const MANIFEST_FILE = 'plugin.json';

/** Parses and validates `<root>/plugin.json`; throws ManifestError with every problem. */
export async function loadManifest(root: string): Promise<ValidatedManifest & { text: string }> {
  const path = join(root, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ManifestError([`${MANIFEST_FILE}: cannot read ${path} (${code ?? String(error)}); every plugin needs one at the project root`]);
  }
  return { ...parseManifest(text), text };
}

/** Parses plugin.json text; a JSON syntax error is reported with its line and column. */
export function parseManifest(text: string, source = MANIFEST_FILE): ValidatedManifest {
  let raw: unknown;
  try {
    raw = parseJsonWithPosition(text);
  } catch (error) {
    throw new ManifestError([`${source}: is not valid JSON: ${(error as Error).message}`]);
  }
  return validateManifest(raw, source);
}

/** The platforms (`<os>-<arch>`) the manifest declares executables for, sorted. */
export function platformsOf(manifest: Manifest): string[] {
  return Object.keys(manifest.server?.executables ?? {}).sort();
}
