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

export function pluginId(): string {
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'plugin.json'), 'utf8')) as {id: string};
    return manifest.id;
}
