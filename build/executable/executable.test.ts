/**
 * End-to-end: builds the fixture entry into real linux-amd64 and linux-arm64
 * executables and runs them the way Mattermost does. The Node bases come
 * from the shared build/.cache (downloaded once, ~100 MB); each run of this
 * file injects four executables (~5 s each).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, openSync, readSync, closeSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildExecutables } from './build';
import type { BuildOptions, BuiltExecutable } from './build';
import { ExecutableBuildError, UnsupportedPlatformError } from './errors';
import { sha256File } from './hash';
import { ensureNodeBase } from './node-base';
import { loadNodeBasePins, resolvePlatform } from './platforms';
import { startPlugin } from './testdata/plugin-process';
import { scratchDirs } from './testdata/scratch';

const ROOT = join(import.meta.dirname, '..', '..');
const HELLO = join(import.meta.dirname, 'testdata', 'hello.ts');
const CACHE = join(ROOT, 'build', '.cache');
const PINNED = `v${resolvePlatform('linux-amd64', loadNodeBasePins()).version}`;
const QEMU = '/usr/bin/qemu-aarch64-static';
const ARM64_SYSROOT = '/usr/aarch64-linux-gnu';
const ARM64_PACKAGES = 'qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross';
const BUILD_TIMEOUT = 300_000;

const scratch = scratchDirs('executable-test');

interface Hello {
  sea: boolean;
  version: string;
  arch: string;
  cwd: string;
  execArgv: string[];
  nodeOptionsProbe: string | null;
  heapLimitMiB: number;
  importMetaUrl: string;
}

const build = (targets: BuildOptions['targets'], extra: Partial<BuildOptions> = {}): Promise<BuiltExecutable[]> =>
  buildExecutables({ root: ROOT, entry: HELLO, cacheDir: CACHE, stampDir: join(scratch(), 'stamps'), targets, ...extra });

/** Runs `command` with `env` from a fresh directory, returns its first line parsed, then SIGTERMs it. */
async function helloOnce(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ hello: Hello; cwd: string; stderr: string }> {
  const cwd = scratch();
  const p = startPlugin(command, args, { env, cwd });
  try {
    const hello = JSON.parse(await p.line()) as Hello;
    return { hello, cwd, stderr: p.stderr() };
  } finally {
    p.child.kill('SIGTERM');
    await p.exited;
  }
}

/** Closes stdin, checks the process outlives the EOF, then ends it with SIGTERM. */
async function survivesStdinEof(command: string, args: string[]): Promise<void> {
  const p = startPlugin(command, args, { env: {}, cwd: scratch() });
  await p.line();
  p.child.stdin.end();
  await p.line((l) => l === 'stdin: end');
  await new Promise((r) => setTimeout(r, 500));
  expect(p.child.exitCode).toBeNull();
  p.child.kill('SIGTERM');
  await p.line((l) => l === 'bye');
  expect(await p.exited).toEqual({ code: 0, signal: null });
}

function elfMachine(file: string): number {
  const fd = openSync(file, 'r');
  const header = Buffer.alloc(20);
  readSync(fd, header, 0, 20, 0);
  closeSync(fd);
  expect(header.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
  return header.readUInt16LE(18);
}

describe('server executable', () => {
  let outA: string;
  let built: BuiltExecutable[];
  const exe = (platform: string): string => join(outA, `plugin-${platform}`);

  beforeAll(async () => {
    outA = scratch();
    built = await build([
      { platform: 'linux-amd64', output: exe('linux-amd64') },
      { platform: 'linux-arm64', output: exe('linux-arm64') },
    ]);
  }, BUILD_TIMEOUT);

  it('writes one 0755 executable per platform for the right machine', () => {
    expect(built.map((b) => [b.platform, b.rebuilt])).toEqual([['linux-amd64', true], ['linux-arm64', true]]);
    for (const b of built) {
      const { mode, size } = statSync(b.output);
      expect(mode & 0o777).toBe(0o755);
      expect(size).toBe(b.bytes);
    }
    expect(elfMachine(exe('linux-amd64'))).toBe(62); // EM_X86_64
    expect(elfMachine(exe('linux-arm64'))).toBe(183); // EM_AARCH64
  });

  it('runs with an empty environment from another directory, as a SEA on the pinned Node', async () => {
    const { hello, cwd, stderr } = await helloOnce(exe('linux-amd64'), [], {});
    expect(hello).toMatchObject({ sea: true, version: PINNED, arch: 'x64', cwd, execArgv: [], nodeOptionsProbe: null });
    expect(hello.importMetaUrl).toBe(pathToFileURL(exe('linux-amd64')).href);
    expect(stderr).toBe('');
  });

  it('ignores NODE_OPTIONS from the host environment', async () => {
    const dir = scratch();
    const probe = join(dir, 'probe.cjs');
    writeFileSync(probe, "globalThis.nodeOptionsProbe = 'loaded';\nprocess.stderr.write('probe ran\\n');\n");
    const env = { NODE_OPTIONS: `--require ${probe} --max-old-space-size=100` };

    // Control: the same Node, run plainly, does load the probe.
    const base = await ensureNodeBase(resolvePlatform('linux-amd64', loadNodeBasePins()), { cacheDir: CACHE, log: () => {} });
    expect(execFileSync(base, ['-p', 'globalThis.nodeOptionsProbe'], { env, encoding: 'utf8', stdio: 'pipe' }).trim()).toBe('loaded');

    const clean = await helloOnce(exe('linux-amd64'), [], {});
    const { hello, stderr } = await helloOnce(exe('linux-amd64'), [], env);
    expect(hello.nodeOptionsProbe).toBeNull();
    expect(hello.execArgv).toEqual([]);
    expect(hello.heapLimitMiB).toBe(clean.hello.heapLimitMiB);
    expect(stderr).not.toContain('probe ran');
  });

  it('keeps running after stdin EOF until a signal ends it', async () => {
    await survivesStdinEof(exe('linux-amd64'), []);
  });

  it('runs the linux-arm64 executable under qemu-user', async () => {
    if (!existsSync(QEMU) || !existsSync(join(ARM64_SYSROOT, 'lib', 'ld-linux-aarch64.so.1')) || !existsSync(join(ARM64_SYSROOT, 'lib', 'libstdc++.so.6'))) {
      throw new Error(`running the linux-arm64 executable needs ${QEMU} and an arm64 sysroot in ${ARM64_SYSROOT}: apt-get install -y ${ARM64_PACKAGES}`);
    }
    const args = ['-L', ARM64_SYSROOT, exe('linux-arm64')];
    const { hello, cwd } = await helloOnce(QEMU, args, {});
    expect(hello).toMatchObject({ sea: true, version: PINNED, arch: 'arm64', cwd, execArgv: [], nodeOptionsProbe: null });
    await survivesStdinEof(QEMU, args);
  }, 60_000);

  it('rebuilds byte-identical executables and skips outputs that are up to date', async () => {
    const outB = scratch();
    const stampDir = join(outB, 'stamps');
    const targets = [{ platform: 'linux-amd64', output: join(outB, 'plugin-linux-amd64') }];
    const [again] = await build(targets, { stampDir });
    expect(again!.rebuilt).toBe(true);
    expect(again!.sha256).toBe(built[0]!.sha256);
    expect(await sha256File(again!.output)).toBe(await sha256File(exe('linux-amd64')));

    const lines: string[] = [];
    const [unchanged] = await build(targets, { stampDir, log: (l) => lines.push(l) });
    expect(unchanged).toMatchObject({ rebuilt: false, sha256: built[0]!.sha256 });
    expect(lines).toContain(`linux-amd64: ${again!.output} is up to date`);
  }, BUILD_TIMEOUT);

  it('bakes a heap cap into the executable that NODE_OPTIONS cannot undo', async () => {
    const output = join(scratch(), 'plugin-linux-amd64');
    const [capped] = await build([{ platform: 'linux-amd64', output }], { sea: { maxOldSpaceSizeMiB: 256 } });
    expect(capped!.sha256).not.toBe(built[0]!.sha256);
    const { hello } = await helloOnce(output, [], { NODE_OPTIONS: '--max-old-space-size=2048' });
    expect(hello.execArgv).toEqual(['--max-old-space-size=256']);
    expect(hello.heapLimitMiB).toBeLessThan(1024);
  }, BUILD_TIMEOUT);
});

describe('build errors', () => {
  it('refuses an unsupported platform before any work', async () => {
    const err = await build([{ platform: 'darwin-arm64', output: join(scratch(), 'x') }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnsupportedPlatformError);
    expect((err as Error).message).toContain('supported: linux-amd64, linux-arm64');
  });

  it('refuses a build machine without a pinned Node to make the blob', async () => {
    await expect(build([{ platform: 'linux-amd64', output: join(scratch(), 'x') }], { host: 'darwin-arm64' })).rejects.toThrow(
      'the SEA blob is made by the pinned Node for the build machine, but darwin-arm64 has no pin',
    );
  });

  it('names the missing entry', async () => {
    await expect(build([{ platform: 'linux-amd64', output: join(scratch(), 'x') }], { entry: join(ROOT, 'server', 'nope.ts') })).rejects.toThrow(
      new ExecutableBuildError("server entry server/nope.ts not found: write the server half's entry point there, or pass --entry <file>"),
    );
  });
});
