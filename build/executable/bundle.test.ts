import { createRequire } from 'node:module';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { bundleServer } from './bundle';
import { ExecutableBuildError, NativeAddonError } from './errors';
import { scratchDirs, writeTree } from './testdata/scratch';

const require = createRequire(import.meta.url);
const scratch = scratchDirs('bundle-test');
const bundle = (root: string, entry = 'main.ts') => bundleServer({ root, entry: join(root, entry), nodeVersion: '24.21.0' });
const text = (code: Uint8Array): string => Buffer.from(code).toString('utf8');

describe('bundleServer', () => {
  it('puts the entry and its packages into one CommonJS file that requires only built-ins', async () => {
    const root = scratch();
    writeTree(root, {
      'main.ts': "import { greet } from './greet';\nimport pad from 'left-pad-ish';\nimport { join } from 'node:path';\nconsole.log(pad(greet(join('a', 'b'))));\n",
      'greet.ts': 'export const greet = (who: string): string => `hello ${who}`;\n',
      'node_modules/left-pad-ish/package.json': '{"name":"left-pad-ish","main":"index.js"}',
      'node_modules/left-pad-ish/index.js': "module.exports = (s) => '>' + s;\n",
    });
    const out = await bundle(root);
    expect(out.warnings).toEqual([]);
    expect(out.inputs.sort()).toEqual(['greet.ts', 'main.ts', 'node_modules/left-pad-ish/index.js']);

    // Run it the way a SEA does: a require that only knows built-ins.
    const logged: string[] = [];
    const required: string[] = [];
    const seaRequire = (id: string): unknown => {
      required.push(id);
      if (id === 'node:path' || id === 'node:url') return require(id);
      throw new Error(`not a built-in: ${id}`);
    };
    runInNewContext(text(out.code), {
      require: seaRequire,
      module: { exports: {} },
      exports: {},
      __filename: '/opt/plugin/server/dist/plugin-linux-amd64',
      __dirname: '/opt/plugin/server/dist',
      console: { log: (s: string) => logged.push(s) },
    });
    expect(logged).toEqual(['>hello a/b']);
    expect(required.sort()).toEqual(['node:path', 'node:url']);
  });

  it('maps import.meta.url to the running file, which in a SEA is the executable', async () => {
    const root = scratch();
    writeTree(root, { 'main.ts': 'console.log(import.meta.url, import.meta.filename, import.meta.dirname);\n' });
    const out = await bundle(root);
    const logged: string[] = [];
    runInNewContext(text(out.code), {
      require,
      __filename: '/opt/p/plugin-linux-amd64',
      __dirname: '/opt/p',
      console: { log: (...a: string[]) => logged.push(a.join(' ')) },
    });
    expect(logged).toEqual(['file:///opt/p/plugin-linux-amd64 /opt/p/plugin-linux-amd64 /opt/p']);
  });

  it('warns about a require() it had to leave for run time', async () => {
    const root = scratch();
    writeTree(root, { 'main.ts': "try { require('optional-missing'); } catch { console.log('absent'); }\n" });
    const out = await bundle(root);
    expect(out.warnings.join('\n')).toContain('"optional-missing" is left as a run-time require()');
  });

  it('rejects a native .node addon, naming the importer', async () => {
    const root = scratch();
    writeTree(root, { 'main.ts': "import addon from './build/Release/fast.node';\nconsole.log(addon);\n", 'build/Release/fast.node': '\x7fELF' });
    const err = await bundle(root).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NativeAddonError);
    expect((err as Error).message).toContain('main.ts imports the native addon ./build/Release/fast.node');
  });

  it('rejects addon loaders and packages with a node-gyp build', async () => {
    const root = scratch();
    writeTree(root, {
      'main.ts': "import 'uses-bindings';\nimport 'gyp-pkg';\n",
      'node_modules/uses-bindings/package.json': '{"name":"uses-bindings","main":"index.js"}',
      'node_modules/uses-bindings/index.js': "module.exports = require('bindings')('x');\n",
      'node_modules/gyp-pkg/package.json': '{"name":"gyp-pkg","main":"index.js"}',
      'node_modules/gyp-pkg/index.js': 'module.exports = 1;\n',
      'node_modules/gyp-pkg/binding.gyp': '{}',
    });
    const err = await bundle(root).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NativeAddonError);
    expect((err as Error).message).toContain('node_modules/uses-bindings/index.js imports bindings, a native addon loader');
    expect((err as Error).message).toContain('node_modules/gyp-pkg is a native addon package');
  });

  it('reports a missing entry and a syntax error clearly', async () => {
    const root = scratch();
    await expect(bundle(root, 'server/main.ts')).rejects.toThrow(
      new ExecutableBuildError("server entry server/main.ts not found: write the server half's entry point there, or pass --entry <file>"),
    );
    writeTree(root, { 'bad.ts': 'const = 1;\n' });
    const err = await bundle(root, 'bad.ts').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExecutableBuildError);
    expect((err as Error).message).toMatch(/^bundling bad\.ts failed:\n[^]*bad\.ts:1:6/);
  });

  it('bundles the fixture entry', async () => {
    const root = join(import.meta.dirname, '..', '..');
    const out = await bundleServer({ root, entry: join(import.meta.dirname, 'testdata', 'hello.ts'), nodeVersion: '24.21.0' });
    expect(out.warnings).toEqual([]);
    expect(text(out.code)).toContain('require("node:sea")');
  });
});
