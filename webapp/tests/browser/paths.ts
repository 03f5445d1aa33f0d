// Paths and preconditions shared by the browser tests, with the errors they give
// when a precondition is missing.
import {existsSync, readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const BUNDLE_PATH = join(REPO_ROOT, 'webapp', 'dist', 'main.js');
export const HOST_PAGE_ENTRY = join(REPO_ROOT, 'webapp', 'tests', 'browser', 'harness', 'host_page.tsx');
export const RESULTS_DIR = join(REPO_ROOT, 'test-results', 'webapp-e2e');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The Go program that serves the bundle's server half from Mattermost's plugin host. */
export const PLUGIN_HTTP_HOST_PACKAGE = './server/conformance/cmd/plugin-http-host';

export class MissingPrerequisiteError extends Error {
    override name = 'MissingPrerequisiteError';
}

export function requireBuiltBundle(): string {
    if (!existsSync(BUNDLE_PATH)) {
        throw new MissingPrerequisiteError(
            `${BUNDLE_PATH} is missing: build the webapp first (make webapp, or ` +
            'npx webpack --config webapp/webpack.config.cjs --mode=production)',
        );
    }
    return readFileSync(BUNDLE_PATH, 'utf8');
}

export function requireChromium(): string {
    if (!existsSync(CHROMIUM_PATH)) {
        throw new MissingPrerequisiteError(
            `${CHROMIUM_PATH} is missing: install Debian's Chromium (apt-get update && apt-get install -y chromium), ` +
            'or set CHROMIUM_PATH',
        );
    }
    return CHROMIUM_PATH;
}

function manifest(): {id: string; version: string} {
    return JSON.parse(readFileSync(join(REPO_ROOT, 'plugin.json'), 'utf8')) as {id: string; version: string};
}

export function pluginId(): string {
    return manifest().id;
}

/** dist/<id>-<version>.tar.gz, the bundle `make dist` writes; its server half answers the browser. */
export function requirePluginBundle(): string {
    const {id, version} = manifest();
    const path = join(REPO_ROOT, 'dist', `${id}-${version}.tar.gz`);
    if (!existsSync(path)) {
        throw new MissingPrerequisiteError(`${path} is missing: build the plugin bundle first (make dist)`);
    }
    return path;
}
