/**
 * Fetches and caches the pinned Node base binaries.
 *
 * `ensureNodeBase(pin)` returns the path of a Node binary whose sha256 equals
 * the pin, never the build machine's own Node. A missing base is fetched with
 * `npm pack <package>@<version>` (the user's npm config, so registry mirrors
 * work), its tarball's sha512 integrity checked against the pin, the binary
 * extracted, hashed, and kept under `<cacheDir>/node-bases/`. A cached binary
 * is re-hashed on every use (~0.1 s), so a changed cache cannot slip into a
 * build. Downloads and extraction go through temporary names and a rename,
 * so concurrent builds sharing the cache do not see half-written files.
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as tar from 'tar';
import { ExecutableBuildError, IntegrityError } from './errors';
import { integrityOfFile, sha256File } from './hash';
import type { NodeBasePin } from './platforms';
import { runTool } from './run';

export interface NodeBaseOptions {
  /** The builder's cache folder (build/.cache); bases live in its `node-bases/`. */
  cacheDir: string;
  log: (line: string) => void;
  /** npm command to fetch with; `npm` on PATH by default. */
  npm?: string;
}

export function nodeBaseDir(pin: NodeBasePin, cacheDir: string): string {
  return join(cacheDir, 'node-bases', `${pin.package}-${pin.version}`);
}

export function nodeBaseTarball(pin: NodeBasePin, cacheDir: string): string {
  return join(cacheDir, 'node-bases', `${pin.package}-${pin.version}.tgz`);
}

const spec = (pin: NodeBasePin): string => `${pin.package}@${pin.version}`;

export async function ensureNodeBase(pin: NodeBasePin, options: NodeBaseOptions): Promise<string> {
  const binary = join(nodeBaseDir(pin, options.cacheDir), 'node');
  if (!existsSync(binary)) {
    const tarball = nodeBaseTarball(pin, options.cacheDir);
    if (existsSync(tarball)) {
      await checkTarball(pin, tarball, `cached tarball ${tarball}`);
    } else {
      await fetchTarball(pin, tarball, options);
    }
    await extractBinary(pin, tarball, options.cacheDir);
    await rm(tarball, { force: true });
    options.log(`${spec(pin)}: extracted ${pin.binary}, sha256 verified`);
  }
  const actual = await sha256File(binary);
  if (actual !== pin.sha256) {
    throw new IntegrityError(
      `cached Node base ${binary} has sha256 ${actual}, but ${spec(pin)} is pinned to ${pin.sha256}: ` +
        `the file was altered; delete ${nodeBaseDir(pin, options.cacheDir)} to fetch it again`,
    );
  }
  return binary;
}

async function checkTarball(pin: NodeBasePin, tarball: string, what: string): Promise<void> {
  const actual = await integrityOfFile(tarball);
  if (actual !== pin.integrity) {
    throw new IntegrityError(
      `${what} does not match the pinned integrity of ${spec(pin)}: got ${actual}, pinned ${pin.integrity}. ` +
        'Refusing to build on a tampered or corrupted Node base; delete the file to fetch it again.',
    );
  }
}

async function fetchTarball(pin: NodeBasePin, tarball: string, options: NodeBaseOptions): Promise<void> {
  await mkdir(join(options.cacheDir, 'node-bases'), { recursive: true });
  const temp = await mkdtemp(join(options.cacheDir, 'node-bases', '.fetch-'));
  try {
    options.log(`${spec(pin)}: fetching with npm pack (~50 MB, once)`);
    await runTool(options.npm ?? 'npm', ['pack', spec(pin), '--pack-destination', temp, '--ignore-scripts', '--silent'], {
      cwd: temp,
      what: `npm pack ${spec(pin)}`,
    });
    const files = (await readdir(temp)).filter((f) => f.endsWith('.tgz'));
    if (files.length !== 1) {
      throw new ExecutableBuildError(`npm pack ${spec(pin)} left ${files.length} tarballs in ${temp}, expected one`);
    }
    const fetched = join(temp, files[0]!);
    await checkTarball(pin, fetched, `the tarball npm fetched for ${spec(pin)}`);
    await rename(fetched, tarball);
    options.log(`${spec(pin)}: tarball sha512 integrity verified`);
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

async function extractBinary(pin: NodeBasePin, tarball: string, cacheDir: string): Promise<void> {
  const dir = nodeBaseDir(pin, cacheDir);
  await mkdir(dir, { recursive: true });
  const temp = await mkdtemp(join(dir, '.extract-'));
  try {
    const member = `package/${pin.binary}`;
    try {
      await tar.x({ file: tarball, cwd: temp, strict: true, filter: (path) => path === member });
    } catch (err) {
      throw new ExecutableBuildError(`cannot extract ${member} from ${tarball}: ${(err as Error).message}`);
    }
    const extracted = join(temp, member);
    if (!existsSync(extracted)) {
      throw new ExecutableBuildError(`${tarball} has no ${member}; check "binary" for ${pin.platform} in node-bases.json`);
    }
    const actual = await sha256File(extracted);
    if (actual !== pin.sha256) {
      throw new IntegrityError(`${member} in ${spec(pin)} has sha256 ${actual}, but the pin says ${pin.sha256}`);
    }
    await chmod(extracted, 0o755);
    await rename(extracted, join(dir, 'node'));
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}
