// The bundle packer on small fake projects: layout, modes and owners as tar
// records them, byte-identical rebuilds (after touching files, under another
// umask), symlink refusal, verification, size limits, per-platform bundles.

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildBundles, DEFAULT_MAX_BUNDLE_BYTES } from './bundle';
import { BundleError } from './layout';
import { readArchive, verifyBundle } from './verify';

const run = promisify(execFile);
const projectRoot = resolve(import.meta.dirname, '../..');
const tsx = join(projectRoot, 'node_modules/tsx/dist/cli.mjs');
const bundleCli = join(import.meta.dirname, 'cli.ts');
const ID = 'com.example.fake';

let scratch: string;
let counter = 0;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'bundle-test-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** Bytes that do not compress away, so sizes are predictable. */
function noise(length: number, seed: string): Buffer {
  const out = Buffer.alloc(length);
  let block = createHash('sha256').update(seed).digest();
  for (let at = 0; at < length; at += block.length) {
    block.copy(out, at);
    block = createHash('sha256').update(block).digest();
  }
  return out;
}

async function fakeProject(platforms: string[] = ['linux-amd64'], extra: Record<string, unknown> = {}): Promise<string> {
  const root = join(scratch, `project-${counter++}`);
  const executables = Object.fromEntries(platforms.map((platform) => [platform, `server/dist/plugin-${platform}`]));
  await mkdir(join(root, 'server/dist'), { recursive: true });
  await mkdir(join(root, 'webapp/dist/chunks'), { recursive: true });
  await mkdir(join(root, 'assets/empty'), { recursive: true });
  await mkdir(join(root, 'public'), { recursive: true });
  await writeFile(
    join(root, 'plugin.json'),
    `${JSON.stringify({ id: ID, name: 'Fake', version: '1.2.3', icon_path: 'assets/icon.svg', server: { executables }, webapp: { bundle_path: 'webapp/dist/main.js' }, ...extra }, null, 2)}\n`,
  );
  for (const platform of platforms) {
    await writeFile(join(root, `server/dist/plugin-${platform}`), noise(4096, platform));
    // Modes on disk must not matter: one not executable at all.
    await chmod(join(root, `server/dist/plugin-${platform}`), platform.endsWith('arm64') ? 0o600 : 0o700);
  }
  await writeFile(join(root, 'server/dist/plugin.cjs'), 'intermediate output, not shipped');
  await writeFile(join(root, 'webapp/dist/main.js'), 'console.log("main")');
  await writeFile(join(root, 'webapp/dist/chunks/extra.js'), 'console.log("chunk")');
  await chmod(join(root, 'webapp/dist/chunks/extra.js'), 0o777);
  await writeFile(join(root, 'assets/icon.svg'), '<svg/>');
  await writeFile(join(root, 'public/readme.txt'), 'hello');
  return root;
}

async function sha256(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
}

const quiet = { log: () => {}, warn: () => {} };

describe('layout', () => {
  it('puts everything under one folder named by the id, with explicit modes and no owners', async () => {
    const root = await fakeProject();
    const [bundle] = await buildBundles({ root, ...quiet });
    expect(bundle!.file).toBe(join(root, 'dist/com.example.fake-1.2.3.tar.gz'));
    const { entries } = await readArchive(bundle!.file);
    expect(entries.map((entry) => [entry.path, entry.type, (entry.mode & 0o7777).toString(8)])).toEqual([
      [`${ID}/`, 'Directory', '755'],
      [`${ID}/assets/`, 'Directory', '755'],
      [`${ID}/assets/empty/`, 'Directory', '755'],
      [`${ID}/assets/icon.svg`, 'File', '644'],
      [`${ID}/plugin.json`, 'File', '644'],
      [`${ID}/public/`, 'Directory', '755'],
      [`${ID}/public/readme.txt`, 'File', '644'],
      [`${ID}/server/`, 'Directory', '755'],
      [`${ID}/server/dist/`, 'Directory', '755'],
      [`${ID}/server/dist/plugin-linux-amd64`, 'File', '755'],
      [`${ID}/webapp/`, 'Directory', '755'],
      [`${ID}/webapp/dist/`, 'Directory', '755'],
      [`${ID}/webapp/dist/chunks/`, 'Directory', '755'],
      [`${ID}/webapp/dist/chunks/extra.js`, 'File', '644'],
      [`${ID}/webapp/dist/main.js`, 'File', '644'],
    ]);
    expect(entries.every((entry) => entry.uid === 0 && entry.gid === 0)).toBe(true);
  });

  it('keeps plugin.json byte for byte and writes a gzip header without mtime', async () => {
    const root = await fakeProject();
    const [bundle] = await buildBundles({ root, ...quiet });
    const { manifests } = await readArchive(bundle!.file);
    expect(manifests.get(`${ID}/plugin.json`)).toBe(await readFile(join(root, 'plugin.json'), 'utf8'));
    const header = (await readFile(bundle!.file)).subarray(0, 10);
    expect(header.toString('hex')).toBe('1f8b08000000000000ff');
  });

  it('extracts with GNU tar into a runnable layout (executables 0755)', async () => {
    const root = await fakeProject();
    const [bundle] = await buildBundles({ root, ...quiet });
    const out = join(root, 'extracted');
    await mkdir(out);
    await run('tar', ['-xzf', bundle!.file, '-C', out]).catch((error: Error) => {
      throw new Error(`GNU tar is needed for this test (apt-get install tar): ${error.message}`);
    });
    expect((await stat(join(out, ID, 'server/dist/plugin-linux-amd64'))).mode & 0o777).toBe(0o755);
    expect(await readFile(join(out, ID, 'server/dist/plugin-linux-amd64'))).toEqual(noise(4096, 'linux-amd64'));
  });
});

describe('determinism', () => {
  it('rebuilds byte-identically after touching and re-moding files', async () => {
    const root = await fakeProject(['linux-amd64', 'linux-arm64']);
    const [first] = await buildBundles({ root, ...quiet });
    const before = await sha256(first!.file);

    const later = new Date('2031-05-06T07:08:09Z');
    for (const file of ['plugin.json', 'webapp/dist/main.js', 'server/dist/plugin-linux-amd64', 'assets/icon.svg', 'assets', 'webapp/dist']) {
      await utimes(join(root, file), later, later);
    }
    await chmod(join(root, 'webapp/dist/main.js'), 0o600);
    await chmod(join(root, 'server/dist/plugin-linux-amd64'), 0o755);
    const [second] = await buildBundles({ root, ...quiet });
    expect(await sha256(second!.file)).toBe(before);
  });

  it('is the same under another umask (the CLI in a child process)', async () => {
    const root = await fakeProject();
    const build = async (umask: string): Promise<string> => {
      await run('sh', ['-c', `umask ${umask} && exec "$0" "$@"`, process.execPath, tsx, bundleCli], { cwd: root, env: { ...process.env, SOURCE_DATE_EPOCH: '' } });
      return sha256(join(root, 'dist/com.example.fake-1.2.3.tar.gz'));
    };
    const relaxed = await build('000');
    const strict = await build('077');
    expect(strict).toBe(relaxed);
    const [inProcess] = await buildBundles({ root, ...quiet });
    expect(await sha256(inProcess!.file)).toBe(relaxed);
  });
});

describe('refusals', () => {
  it('refuses a symlink in a copied tree', async () => {
    const root = await fakeProject();
    await symlink('icon.svg', join(root, 'assets/link.svg'));
    await expect(buildBundles({ root, ...quiet })).rejects.toThrow(
      "assets/link.svg is a symbolic link; Mattermost's plugin extractor skips symlinks, so the installed plugin would lack it. Replace it with the file or directory it points to.",
    );
  });

  it('refuses a symlinked executable and a symlinked folder', async () => {
    const root = await fakeProject();
    await rm(join(root, 'server/dist/plugin-linux-amd64'));
    await symlink('plugin.cjs', join(root, 'server/dist/plugin-linux-amd64'));
    await expect(buildBundles({ root, ...quiet })).rejects.toThrow(/^server\/dist\/plugin-linux-amd64 is a symbolic link/);

    const other = await fakeProject();
    await rm(join(other, 'webapp/dist'), { recursive: true });
    await mkdir(join(other, 'webapp/build'));
    await writeFile(join(other, 'webapp/build/main.js'), 'x');
    await symlink('build', join(other, 'webapp/dist'));
    await expect(buildBundles({ root: other, ...quiet })).rejects.toThrow(/^webapp\/dist is a symbolic link/);
  });

  it('says which built file is missing and how to build it', async () => {
    const root = await fakeProject(['linux-amd64', 'linux-arm64']);
    await rm(join(root, 'server/dist/plugin-linux-arm64'));
    await expect(buildBundles({ root, ...quiet })).rejects.toThrow(
      `the linux-arm64 executable is missing: ${join(root, 'server/dist/plugin-linux-arm64')} does not exist (run \`make server\` first)`,
    );
    const noWebapp = await fakeProject();
    await rm(join(noWebapp, 'webapp/dist/main.js'));
    await expect(buildBundles({ root: noWebapp, ...quiet })).rejects.toThrow(/^the webapp bundle is missing: .*webapp\/dist\/main\.js does not exist \(run `make webapp` first\)$/);
  });

  it('leaves no bundle behind when a check fails', async () => {
    const root = await fakeProject();
    await expect(buildBundles({ root, maxBytes: 1000, ...quiet })).rejects.toThrow(BundleError);
    expect(await readdir(join(root, 'dist'))).toEqual([]);
  });
});

describe('verification', () => {
  async function handMadeArchive(files: Record<string, { content: string; mode: number }>): Promise<string> {
    const dir = join(scratch, `hand-${counter++}`);
    for (const [path, { content, mode }] of Object.entries(files)) {
      await mkdir(join(dir, path, '..'), { recursive: true });
      await writeFile(join(dir, path), content);
      await chmod(join(dir, path), mode);
    }
    const file = `${dir}.tar.gz`;
    await tar.create({ file, cwd: dir, gzip: true, portable: true }, Object.keys(files));
    return file;
  }
  const manifest = JSON.stringify({ id: ID, name: 'Fake', version: '1.2.3', server: { executables: { 'linux-amd64': 'server/dist/plugin-linux-amd64' } }, webapp: { bundle_path: 'webapp/dist/main.js' } });

  it('accepts a complete archive', async () => {
    const file = await handMadeArchive({
      [`${ID}/plugin.json`]: { content: manifest, mode: 0o644 },
      [`${ID}/server/dist/plugin-linux-amd64`]: { content: 'x', mode: 0o755 },
      [`${ID}/webapp/dist/main.js`]: { content: 'x', mode: 0o644 },
    });
    await expect(verifyBundle(file)).resolves.toBeDefined();
  });

  it('fails when a declared executable or the webapp bundle is missing', async () => {
    const file = await handMadeArchive({ [`${ID}/plugin.json`]: { content: manifest, mode: 0o644 } });
    await expect(verifyBundle(file)).rejects.toThrow(
      [
        `${file} failed verification:`,
        '  the linux-amd64 executable server/dist/plugin-linux-amd64 declared in plugin.json is not in the archive',
        '  the webapp bundle webapp/dist/main.js declared in plugin.json is not in the archive',
      ].join('\n'),
    );
  });

  it('fails when an executable is not 0755', async () => {
    const file = await handMadeArchive({
      [`${ID}/plugin.json`]: { content: manifest, mode: 0o644 },
      [`${ID}/server/dist/plugin-linux-amd64`]: { content: 'x', mode: 0o644 },
      [`${ID}/webapp/dist/main.js`]: { content: 'x', mode: 0o644 },
    });
    await expect(verifyBundle(file)).rejects.toThrow('the linux-amd64 executable server/dist/plugin-linux-amd64 has mode 644, not 755');
  });

  it('fails on a wrong top folder and an invalid manifest', async () => {
    const wrongTop = await handMadeArchive({ ['other/plugin.json']: { content: manifest, mode: 0o644 }, ['other/x']: { content: 'x', mode: 0o644 } });
    await expect(verifyBundle(wrongTop)).rejects.toThrow(`the top folder other is not named by the plugin id ${ID}`);
    const invalid = await handMadeArchive({ [`${ID}/plugin.json`]: { content: '{"id": "ab"}', mode: 0o644 } });
    await expect(verifyBundle(invalid)).rejects.toThrow(`plugin.json in the archive is invalid: ${ID}/plugin.json: id "ab" must be 3–190 characters`);
  });

  it('fails on something that is not a .tar.gz', async () => {
    const file = join(scratch, 'not-a-bundle.tar.gz');
    await writeFile(file, 'plain text');
    await expect(verifyBundle(file)).rejects.toThrow(BundleError);
  });
});

describe('size limits', () => {
  it('warns above the warning threshold and prints the size', async () => {
    const root = await fakeProject();
    const lines: string[] = [];
    const warnings: string[] = [];
    await buildBundles({ root, warnBytes: 1000, log: (line) => lines.push(line), warn: (line) => warnings.push(line) });
    expect(lines).toEqual([expect.stringMatching(/^dist\/com\.example\.fake-1\.2\.3\.tar\.gz: \d\.\d KiB \(\d,\d{3} bytes\), 6 files, platforms: linux-amd64$/)]);
    expect(warnings).toEqual([expect.stringMatching(/^warning: the bundle is larger than 1\.0 KiB \(1,000 bytes\); older Mattermost servers and many reverse proxies/)]);
  });

  it('fails above the cap from MM_PLUGIN_MAX_BUNDLE_BYTES, exit 1', async () => {
    expect(DEFAULT_MAX_BUNDLE_BYTES).toBe(104_857_600);
    const root = await fakeProject();
    const failed = await run(process.execPath, [tsx, bundleCli], { cwd: root, env: { ...process.env, MM_PLUGIN_MAX_BUNDLE_BYTES: '2000' } }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect('code' in failed && failed.code).toBe(1);
    expect(failed.stderr).toMatch(/com\.example\.fake-1\.2\.3\.tar\.gz would be \d\.\d KiB \([\d,]+ bytes\), above the limit of 2\.0 KiB \(2,000 bytes\)/);
    expect(failed.stderr).toContain('MM_PLUGIN_MAX_BUNDLE_BYTES');
    const bad = await run(process.execPath, [tsx, bundleCli], { cwd: root, env: { ...process.env, MM_PLUGIN_MAX_BUNDLE_BYTES: 'lots' } }).catch(
      (error: { stderr: string }) => error,
    );
    expect(bad.stderr).toBe('MM_PLUGIN_MAX_BUNDLE_BYTES=lots must be a positive whole number\n');
  });
});

describe('per-platform bundles', () => {
  it('writes one bundle per platform, each listing only its own executable', async () => {
    const root = await fakeProject(['linux-amd64', 'linux-arm64']);
    await buildBundles({ root, ...quiet });
    expect(await readdir(join(root, 'dist'))).toEqual(['com.example.fake-1.2.3.tar.gz']);

    const built = await buildBundles({ root, perPlatform: true, ...quiet });
    expect(built.map((bundle) => [bundle.file, bundle.platforms])).toEqual([
      [join(root, 'dist/com.example.fake-1.2.3-linux-amd64.tar.gz'), ['linux-amd64']],
      [join(root, 'dist/com.example.fake-1.2.3-linux-arm64.tar.gz'), ['linux-arm64']],
    ]);
    // The combined bundle of the same version is gone, so deploy cannot pick it up.
    expect((await readdir(join(root, 'dist'))).sort()).toEqual(['com.example.fake-1.2.3-linux-amd64.tar.gz', 'com.example.fake-1.2.3-linux-arm64.tar.gz']);

    for (const [platform, other] of [['linux-amd64', 'linux-arm64'], ['linux-arm64', 'linux-amd64']] as const) {
      const { entries, manifests } = await readArchive(join(root, `dist/com.example.fake-1.2.3-${platform}.tar.gz`));
      const paths = entries.map((entry) => entry.path);
      expect(paths).toContain(`${ID}/server/dist/plugin-${platform}`);
      expect(paths).not.toContain(`${ID}/server/dist/plugin-${other}`);
      const inner = JSON.parse(manifests.get(`${ID}/plugin.json`)!) as { server: { executables: object }; icon_path: string };
      expect(inner.server.executables).toEqual({ [platform]: `server/dist/plugin-${platform}` });
      expect(inner.icon_path).toBe('assets/icon.svg');
    }
  });

  it('is chosen by BUNDLE_PER_PLATFORM in the CLI', async () => {
    const root = await fakeProject(['linux-amd64', 'darwin-arm64']);
    const { stdout } = await run(process.execPath, [tsx, bundleCli], { cwd: root, env: { ...process.env, BUNDLE_PER_PLATFORM: '1' } });
    expect(stdout).toMatch(/^dist\/com\.example\.fake-1\.2\.3-darwin-arm64\.tar\.gz: .*\ndist\/com\.example\.fake-1\.2\.3-linux-amd64\.tar\.gz: .*\n$/);
  });
});
