/**
 * Builds the TypeScript Probe's bundle with the project's own build steps
 * (executable, then bundle) into server/conformance/probe-ts/dist/, for the
 * conformance suite and the benchmarks: `tsx server/conformance/probe-ts/build.ts`.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBundles } from '../../../build/bundle/bundle';
import { buildExecutables } from '../../../build/executable/build';
import { manifestTargets } from '../../../build/executable/targets';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../../..');

const log = (line: string) => console.log(`probe: ${line}`);
await buildExecutables({ root, entry: join(here, 'main.ts'), targets: manifestTargets(here), log });
const [bundle] = await buildBundles({ root: here, stageDir: join(root, 'build/.cache/stage-probe'), log });
console.log(bundle!.file);
