/**
 * `tsx build/executable/cli.ts [options]` (make server): builds the server
 * executables plugin.json lists under server.executables.
 *
 *   --entry <file>        server entry (default server/main.ts)
 *   --platform <os-arch>  build only this platform (repeatable)
 *   --out-dir <dir>       write <dir>/plugin-<os-arch> instead of the manifest paths
 *   --max-old-space-size <MiB>  cap the V8 heap of the executable
 *   --force               rebuild even when up to date
 *
 * Progress goes to stdout, one line per step, then one line per executable
 * with its size and sha256. Foreseen failures print `error: …` and exit 1.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildExecutables, displayPath } from './build';
import { ExecutableBuildError } from './errors';
import { manifestTargets } from './targets';
import type { ExecutableTarget } from './targets';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

async function main(argv: string[]): Promise<void> {
  const started = performance.now();
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        entry: { type: 'string', default: join(ROOT, 'server', 'main.ts') },
        platform: { type: 'string', multiple: true },
        'out-dir': { type: 'string' },
        'max-old-space-size': { type: 'string' },
        force: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new ExecutableBuildError(`${(err as Error).message}; see --help`);
  }
  if (values.help) {
    console.log(usage());
    return;
  }

  let targets: ExecutableTarget[];
  const outDir = values['out-dir'];
  if (outDir !== undefined) {
    const platforms = values.platform ?? manifestTargets(ROOT).map((t) => t.platform);
    targets = platforms.map((platform) => ({ platform, output: resolve(outDir, `plugin-${platform}`) }));
  } else {
    targets = manifestTargets(ROOT);
    if (values.platform) {
      const wanted = values.platform;
      const missing = wanted.filter((p) => !targets.some((t) => t.platform === p));
      if (missing.length > 0) {
        throw new ExecutableBuildError(
          `${missing.join(', ')} not in plugin.json server.executables (${targets.map((t) => t.platform).join(', ')}); add it there or use --out-dir`,
        );
      }
      targets = targets.filter((t) => wanted.includes(t.platform));
    }
  }

  let maxOldSpaceSizeMiB: number | undefined;
  if (values['max-old-space-size'] !== undefined) {
    maxOldSpaceSizeMiB = Number(values['max-old-space-size']);
    if (!Number.isInteger(maxOldSpaceSizeMiB)) {
      throw new ExecutableBuildError(`--max-old-space-size takes a whole number of MiB, got "${values['max-old-space-size']}"`);
    }
  }

  const built = await buildExecutables({
    root: ROOT,
    entry: resolve(values.entry),
    targets,
    sea: { maxOldSpaceSizeMiB },
    force: values.force,
    log: (line) => console.log(line),
  });
  for (const b of built) {
    console.log(
      `${displayPath(ROOT, b.output)}: ${b.platform}, Node ${b.base.version}, ` +
        `${b.bytes.toLocaleString('en-US')} bytes (${(b.bytes / 2 ** 20).toFixed(1)} MiB), ` +
        `sha256 ${b.sha256}${b.rebuilt ? '' : ', unchanged'}`,
    );
  }
  console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

function usage(): string {
  return [
    'usage: tsx build/executable/cli.ts [--entry <file>] [--platform <os-arch>]... [--out-dir <dir>]',
    '                                   [--max-old-space-size <MiB>] [--force]',
    'Builds one self-contained server executable per platform in plugin.json server.executables.',
  ].join('\n');
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof ExecutableBuildError) {
    console.error(`error: ${err.message}`);
    process.exitCode = 1;
    return;
  }
  throw err;
});
