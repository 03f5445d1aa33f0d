// The generated manifest modules: their content, their runtime values, that
// they type-check against @mattermost/types with the project's compiler, and
// that `apply` rewrites them only when plugin.json changes.

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, symlink, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

import { transformSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { applyManifest } from './apply';
import { GENERATED_HEADER, renderManifestModule } from './generate';
import { validateManifest } from './validate';
import { ManifestError } from './validate';

const run = promisify(execFile);
const projectRoot = resolve(import.meta.dirname, '../..');

const richManifest = validateManifest({
  id: 'Com.Example.Rich',
  name: "It's \"rich\"",
  version: '2.1.0-beta.1',
  server: { executables: { 'linux-amd64': 'server/dist/plugin-linux-amd64', 'linux-arm64': 'server/dist/plugin-linux-arm64' } },
  webapp: { bundle_path: 'webapp/dist/main.js' },
  settings_schema: {
    settings: [
      { key: 'Enabled', display_name: 'Enabled', type: 'bool', default: 'true' },
      { key: 'Count', type: 'number', default: 3 },
      { key: 'Word', type: 'text', help_text: 'A */ tricky \\ help\ntext', default: 'it\'s \\ "quoted"' },
      { key: 'Token', type: 'generated', secret: true },
      { key: 'Color', type: 'dropdown', default: 'red', options: [{ display_name: 'Red', value: 'red' }], hosting: 'cloud' },
      { key: 'Extra', type: 'custom', default: { list: [1, 'two'] } },
    ],
    sections: [{ key: 'more', settings: [{ key: 'with-dash', type: 'longtext' }] }],
  },
  props: { 'some-key': [true, null] },
}).manifest;

let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'manifest-generate-'));
  await symlink(join(projectRoot, 'node_modules'), join(workDir, 'node_modules'));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('renderManifestModule', () => {
  const source = renderManifestModule(richManifest);

  it('starts with the generated-file header', () => {
    expect(source.split('\n')[0]).toBe(GENERATED_HEADER);
    expect(GENERATED_HEADER).toBe('// generated from plugin.json by build/manifest; do not edit.');
  });

  it('types the settings by setting type', () => {
    expect(source).toContain(
      [
        'export interface PluginSettings {',
        '  /** Enabled (bool) */',
        '  Enabled: boolean;',
        '  /** (number) */',
        '  Count: number;',
        '  /** A *\\/ tricky \\ help text (text) */',
        '  Word: string;',
        '  /** (generated) */',
        '  Token: string;',
        '  /** (dropdown) */',
        '  Color: string;',
        '  /** (custom) */',
        '  Extra: unknown;',
        '  /** (longtext) */',
        "  'with-dash': string;",
        '}',
      ].join('\n'),
    );
  });

  it('casts only what PluginManifest cannot describe', () => {
    expect(source).toContain("type PluginExecutables = NonNullable<PluginManifestServer['executables']>;");
    expect(source).toMatch(/\} as PluginExecutables,/);
    expect(source.match(/ as PluginSetting\b/g)).toHaveLength(1);
  });

  it('evaluates to the manifest, the constants and the typed defaults', async () => {
    const js = transformSync(source, { loader: 'ts', format: 'esm' }).code;
    const file = join(workDir, 'evaluated.mjs');
    await writeFile(file, js);
    const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    expect(module.id).toBe('com.example.rich');
    expect(module.version).toBe('2.1.0-beta.1');
    expect(module.settingsDefaults).toEqual({
      Enabled: true,
      Count: 3,
      Word: 'it\'s \\ "quoted"',
      Token: '',
      Color: 'red',
      Extra: { list: [1, 'two'] },
      'with-dash': '',
    });
    const manifest = module.default as {
      name: string;
      server: unknown;
      props: unknown;
      settings_schema: { header: string; settings: unknown[]; sections: Array<{ settings: Array<{ key: string }> }> };
    };
    expect(manifest.name).toBe("It's \"rich\"");
    expect(manifest.server).toEqual({ executables: richManifest.server!.executables, executable: '' });
    expect(manifest.settings_schema.header).toBe('');
    expect(manifest.settings_schema.settings[3]).toEqual({ key: 'Token', display_name: '', type: 'generated', help_text: '', placeholder: '', default: null, secret: true });
    expect(manifest.settings_schema.sections[0].settings[0].key).toBe('with-dash');
    expect(manifest.props).toEqual({ 'some-key': [true, null] });
  });

  it('type-checks against @mattermost/types with strict settings', async () => {
    await writeFile(join(workDir, 'manifest.ts'), source);
    await writeFile(join(workDir, 'emptySettings.ts'), renderManifestModule(validateManifest({ id: 'com.example.none', name: 'None', version: '1.0.0' }).manifest));
    await writeFile(
      join(workDir, 'consumer.ts'),
      [
        "import type { PluginManifest } from '@mattermost/types/plugins';",
        "import manifest, { id, version, settingsDefaults, type PluginSettings } from './manifest';",
        "import { settingsDefaults as none, type PluginSettings as NoSettings } from './emptySettings';",
        'const m: PluginManifest = manifest;',
        "const i: 'com.example.rich' = id;",
        'const v: string = version;',
        'const on: boolean = settingsDefaults.Enabled;',
        'const count: number = settingsDefaults.Count;',
        "const dash: string = settingsDefaults['with-dash'];",
        'const extra: unknown = settingsDefaults.Extra;',
        '// @ts-expect-error a number setting is not a string',
        'const wrong: string = settingsDefaults.Count;',
        '// @ts-expect-error unknown settings are not properties',
        'const missing = settingsDefaults.Nope;',
        'const partial: Partial<PluginSettings> = { Word: "x" };',
        'const empty: NoSettings = none;',
        'export { m, i, v, on, count, dash, extra, wrong, missing, partial, empty };',
      ].join('\n'),
    );
    await writeFile(
      join(workDir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'Bundler',
          strict: true,
          noEmit: true,
          verbatimModuleSyntax: true,
          isolatedModules: true,
          skipLibCheck: true,
          types: [],
        },
        files: ['manifest.ts', 'emptySettings.ts', 'consumer.ts'],
      }),
    );
    const tsc = join(projectRoot, 'node_modules/typescript/bin/tsc');
    const result = await run(process.execPath, [tsc, '-p', workDir]).catch((error: { stdout: string; stderr: string }) => error);
    expect(result.stdout + result.stderr).toBe('');
  });
});

describe('applyManifest', () => {
  const pluginJson = (version: string): string => JSON.stringify({ id: 'com.example.apply', name: 'Apply', version, server: { executables: { 'linux-amd64': 'server/dist/plugin-linux-amd64' } } });

  it('writes both modules, then rewrites only on change', async () => {
    const root = join(workDir, 'apply');
    await mkdir(root, { recursive: true });
    await writeFile(join(root, 'plugin.json'), pluginJson('1.0.0'));

    expect((await applyManifest(root)).written).toEqual(['server/src/manifest.ts', 'webapp/src/manifest.ts']);
    const server = await readFile(join(root, 'server/src/manifest.ts'), 'utf8');
    expect(await readFile(join(root, 'webapp/src/manifest.ts'), 'utf8')).toBe(server);
    expect(server).toContain("export const version = '1.0.0';");
    const before = (await stat(join(root, 'server/src/manifest.ts'))).mtimeMs;

    await new Promise((done) => setTimeout(done, 20));
    expect((await applyManifest(root)).written).toEqual([]);
    expect((await stat(join(root, 'server/src/manifest.ts'))).mtimeMs).toBe(before);

    await writeFile(join(root, 'plugin.json'), pluginJson('1.0.1'));
    expect((await applyManifest(root)).written).toHaveLength(2);
    expect(await readFile(join(root, 'server/src/manifest.ts'), 'utf8')).toContain("export const version = '1.0.1';");
  });

  it('writes nothing when plugin.json is invalid', async () => {
    const root = join(workDir, 'apply-invalid');
    await mkdir(root, { recursive: true });
    await writeFile(join(root, 'plugin.json'), pluginJson('1.0'));
    await expect(applyManifest(root)).rejects.toThrow(ManifestError);
    await expect(stat(join(root, 'server/src/manifest.ts'))).rejects.toThrow(/ENOENT/);
  });

  it('says when plugin.json is missing', async () => {
    await expect(applyManifest(join(workDir, 'nowhere'))).rejects.toThrow(/^plugin\.json: cannot read .*nowhere\/plugin\.json \(ENOENT\)/);
  });
});

describe('cli', () => {
  const tsx = join(projectRoot, 'node_modules/tsx/dist/cli.mjs');
  const cli = join(import.meta.dirname, 'cli.ts');

  it('prints id, version and platforms, and exits 1 with one line per problem', async () => {
    const root = join(workDir, 'cli');
    await mkdir(root, { recursive: true });
    await writeFile(
      join(root, 'plugin.json'),
      JSON.stringify({ id: 'Com.Example.Cli', name: 'Cli', version: '3.0.0', server: { executables: { 'linux-arm64': 'a', 'linux-amd64': 'b' } } }),
    );
    const id = await run(process.execPath, [tsx, cli, 'id'], { cwd: root });
    expect(id.stdout).toBe('Com.Example.Cli\n');
    const platforms = await run(process.execPath, [tsx, cli, 'platforms'], { cwd: root });
    expect(platforms.stdout).toBe('linux-amd64\nlinux-arm64\n');

    await writeFile(join(root, 'plugin.json'), JSON.stringify({ id: 'ab', name: 'Cli', version: '3.0' }));
    const failed = await run(process.execPath, [tsx, cli, 'check'], { cwd: root }).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect('code' in failed && failed.code).toBe(1);
    expect(failed.stderr).toBe(
      [
        'plugin.json: id "ab" must be 3–190 characters of [a-zA-Z0-9-_.] (Mattermost manifest rule)',
        'plugin.json: version "3.0" must be a strict semantic version MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]: invalid semantic version (Mattermost manifest rule)',
        '',
      ].join('\n'),
    );
  });
});
