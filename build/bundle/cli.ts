// Packs dist/<id>-<version>.tar.gz (run from the project root, after
// `make server webapp`). Settings, flag first, then environment:
//   --per-platform        BUNDLE_PER_PLATFORM=1     one bundle per <os>-<arch>
//   --max-bytes=N         MM_PLUGIN_MAX_BUNDLE_BYTES  fail above N bytes (default 100 MiB)
//   --gzip-level=N                                  1–9 (default 6)
// The mtime stored for every entry is SOURCE_DATE_EPOCH when set.

import { perPlatformFromEnv } from '../lib/bundleNames';
import { runCli } from '../lib/cli';
import { ToolkitError } from '../lib/errors';
import { DEFAULT_GZIP_LEVEL, DEFAULT_MAX_BUNDLE_BYTES, buildBundles } from './bundle';

const USAGE = 'usage: tsx build/bundle/cli.ts [--per-platform] [--max-bytes=N] [--gzip-level=1..9]';

runCli(async () => {
  let perPlatform = perPlatformFromEnv(process.env);
  let maxBytes = positiveInteger('MM_PLUGIN_MAX_BUNDLE_BYTES', process.env.MM_PLUGIN_MAX_BUNDLE_BYTES) ?? DEFAULT_MAX_BUNDLE_BYTES;
  let gzipLevel = DEFAULT_GZIP_LEVEL;
  for (const arg of process.argv.slice(2)) {
    const [flag, value] = arg.split('=', 2) as [string, string | undefined];
    if (flag === '--per-platform' && value === undefined) perPlatform = true;
    else if (flag === '--max-bytes') maxBytes = positiveInteger('--max-bytes', value ?? '')!;
    else if (flag === '--gzip-level') {
      gzipLevel = positiveInteger('--gzip-level', value ?? '')!;
      if (gzipLevel > 9) throw new ToolkitError(`--gzip-level=${value} must be 1 to 9`);
    } else throw new ToolkitError(`unknown argument "${arg}"; ${USAGE}`);
  }
  await buildBundles({
    root: process.cwd(),
    perPlatform,
    maxBytes,
    gzipLevel,
    log: (line) => console.log(line),
    warn: (line) => console.warn(line),
  });
});

function positiveInteger(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return name.startsWith('--') ? invalid(name, value) : undefined;
  if (!/^\d+$/.test(value) || Number(value) <= 0) return invalid(name, value);
  return Number(value);
}

function invalid(name: string, value: string | undefined): never {
  throw new ToolkitError(`${name}=${value ?? ''} must be a positive whole number`);
}
