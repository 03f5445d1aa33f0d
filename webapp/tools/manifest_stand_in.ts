// Stand-in for the manifest generator (`make apply`): writes webapp/src/manifest.ts
// from plugin.json so the webapp can be type-checked, tested and built before the
// real generator lands. It never overwrites a manifest.ts it did not write itself.
//
// Usage: npx tsx webapp/tools/manifest_stand_in.ts
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

const MARKER = '// Stand-in manifest module written by webapp/tools/manifest_stand_in.ts';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pluginJsonPath = join(repoRoot, 'plugin.json');
const target = join(repoRoot, 'webapp', 'src', 'manifest.ts');

class StandInManifestError extends Error {
    override name = 'StandInManifestError';
}

function main(): void {
    if (existsSync(target) && !readFileSync(target, 'utf8').startsWith(MARKER)) {
        console.log(`${target} was written by the manifest generator; leaving it alone.`);
        return;
    }
    let manifest: unknown;
    try {
        manifest = JSON.parse(readFileSync(pluginJsonPath, 'utf8'));
    } catch (err) {
        throw new StandInManifestError(`cannot read ${pluginJsonPath}: ${(err as Error).message}`);
    }
    if (typeof manifest !== 'object' || manifest === null || typeof (manifest as {id?: unknown}).id !== 'string') {
        throw new StandInManifestError(`${pluginJsonPath}: expected an object with a string "id"`);
    }
    const source = [
        MARKER,
        '// from plugin.json; `make apply` replaces it with the generated one.',
        "import type {PluginManifest} from '@mattermost/types/plugins';",
        '',
        // Parsed like the starter template's generated module: @mattermost/types
        // requires server.executable, which a manifest listing executables omits.
        `const manifest: PluginManifest = JSON.parse(${JSON.stringify(JSON.stringify(manifest))});`,
        '',
        'export default manifest;',
        '',
    ].join('\n');
    writeFileSync(target, source);
    console.log(`wrote ${target}`);
}

main();
