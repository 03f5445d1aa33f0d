/**
 * Bundles the server entry into the one CommonJS file a SEA runs.
 *
 * A SEA's `require` resolves only Node built-ins, so everything else must be
 * inside the bundle: esbuild with platform node (built-ins stay external),
 * every other import bundled, minified with names kept (error classes and
 * logs keep their names). `import.meta.url`/`filename`/`dirname` are mapped
 * to the running file, which in a SEA is the executable itself. A native
 * addon (a `.node` file, a loader such as `bindings`, or a package with a
 * `binding.gyp`) fails with a `NativeAddonError`; a `require()` esbuild had
 * to leave for run time is reported as a warning, since in a SEA it throws.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join, relative, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { ExecutableBuildError, NativeAddonError } from './errors';

export interface BundleOptions {
  /** The server entry, e.g. server/main.ts. */
  entry: string;
  /** Node version the bundle runs on (the pinned base), e.g. 24.21.0. */
  nodeVersion: string;
  /** Folder paths in messages are relative to. */
  root: string;
}

export interface ServerBundle {
  /** The bundled CommonJS source, UTF-8. */
  code: Uint8Array;
  /** Its source map (no sources content), embedded as the SEA asset SOURCE_MAP_ASSET. */
  sourceMap: Uint8Array;
  /** Source files that went into it, relative to `root`. */
  inputs: string[];
  /** esbuild warnings and run-time requires, formatted one per line. */
  warnings: string[];
}

/** Packages whose only job is to load a compiled `.node` addon. */
const ADDON_LOADERS = /^(bindings|node-gyp-build|node-gyp-build-optional-packages|@mapbox\/node-pre-gyp|node-pre-gyp|prebuild-install)(\/.*)?$/;

/**
 * `node:`-prefixed imports count as built-ins even when the build machine's
 * older Node lacks them (node:sea, node:sqlite): the target Node decides.
 */
const isRuntimeBuiltin = (path: string): boolean => path.startsWith('node:') || isBuiltin(path);

/** esbuild turns `import.meta.url` into this variable, declared by the banner. */
const IMPORT_META_URL = '__serverImportMetaUrl';

export async function bundleServer(options: BundleOptions): Promise<ServerBundle> {
  const entry = resolve(options.entry);
  if (!existsSync(entry)) {
    throw new ExecutableBuildError(
      `server entry ${relative(options.root, entry) || entry} not found: write the server half's entry point there, or pass --entry <file>`,
    );
  }
  const addons: string[] = [];
  const where = (importer: string): string => (importer ? relative(options.root, importer) : '(entry)');
  const detectAddons: esbuild.Plugin = {
    name: 'detect-native-addons',
    setup(build) {
      build.onResolve({ filter: /\.node$/ }, (args) => {
        addons.push(`${where(args.importer)} imports the native addon ${args.path}`);
        return { path: args.path, external: true };
      });
      build.onResolve({ filter: ADDON_LOADERS }, (args) => {
        addons.push(`${where(args.importer)} imports ${args.path}, a native addon loader`);
        return { path: args.path, external: true };
      });
    },
  };

  let result: esbuild.BuildResult<{ write: false; metafile: true }>;
  try {
    result = await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: `node${options.nodeVersion}`,
      // Whitespace and syntax only: identifiers stay, so stack frames read "WorldTimePlugin.messageWillBePosted".
      minifyWhitespace: true,
      minifySyntax: true,
      keepNames: true,
      // Shipped as a SEA asset: the runtime maps stack traces back to the author's TypeScript.
      sourcemap: 'external',
      sourcesContent: false,
      write: false,
      metafile: true,
      outfile: 'plugin.cjs',
      absWorkingDir: options.root,
      logLevel: 'silent',
      banner: { js: `var ${IMPORT_META_URL}=require("node:url").pathToFileURL(__filename).href;` },
      define: {
        'import.meta.url': IMPORT_META_URL,
        'import.meta.filename': '__filename',
        'import.meta.dirname': '__dirname',
      },
      plugins: [detectAddons],
    });
  } catch (err) {
    const failure = err as esbuild.BuildFailure;
    if (!Array.isArray(failure.errors)) throw err;
    const lines = await esbuild.formatMessages(failure.errors, { kind: 'error', color: false });
    throw new ExecutableBuildError(`bundling ${relative(options.root, entry)} failed:\n${lines.join('').trim()}`);
  }

  const inputs = Object.keys(result.metafile.inputs);
  addons.push(...gypPackages(inputs, options.root));
  if (addons.length > 0) {
    throw new NativeAddonError(
      `the server bundle needs native code, which a single executable cannot load:\n  ${addons.join('\n  ')}\n` +
        'Use a pure JavaScript (or WebAssembly) alternative.',
    );
  }

  const warnings = (await esbuild.formatMessages(result.warnings, { kind: 'warning', color: false })).map((w) => w.trim());
  for (const output of Object.values(result.metafile.outputs)) {
    for (const imported of output.imports) {
      if (imported.external && !isRuntimeBuiltin(imported.path)) {
        warnings.push(`"${imported.path}" is left as a run-time require(), which throws in the executable unless the code catches it`);
      }
    }
  }
  const output = result.outputFiles.find((file) => file.path.endsWith('.cjs'));
  const sourceMap = result.outputFiles.find((file) => file.path.endsWith('.cjs.map'));
  if (!output || !sourceMap) throw new ExecutableBuildError(`esbuild wrote no output for ${entry}`);
  return { code: output.contents, sourceMap: sourceMap.contents, inputs, warnings };
}

/** Packages among the inputs that ship a node-gyp build file, i.e. a native addon. */
function gypPackages(inputs: string[], root: string): string[] {
  const roots = new Set<string>();
  for (const input of inputs) {
    const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m) roots.add(m[1]!);
  }
  const found: string[] = [];
  for (const pkg of roots) {
    const dir = join(root, pkg);
    if (existsSync(join(dir, 'binding.gyp')) || declaresGyp(join(dir, 'package.json'))) {
      found.push(`${pkg} is a native addon package (it has a node-gyp build)`);
    }
  }
  return found;
}

function declaresGyp(packageJson: string): boolean {
  try {
    return (JSON.parse(readFileSync(packageJson, 'utf8')) as { gypfile?: unknown }).gypfile === true;
  } catch {
    return false;
  }
}
