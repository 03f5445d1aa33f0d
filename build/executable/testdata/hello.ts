/**
 * Test fixture for the executable builder, standing in for server/main.ts.
 * Prints one JSON line describing how it runs (SEA or not, Node version,
 * whether a NODE_OPTIONS --require ran first), then behaves like a plugin
 * process: stdin EOF is reported but does not end it; SIGTERM ends it with
 * "bye"; HELLO_TIMEOUT_MS (default 20 s) ends it with exit code 3 so a
 * forgotten process does not linger.
 */
import { isSea } from 'node:sea';
import { getHeapStatistics } from 'node:v8';

const probe = (globalThis as { nodeOptionsProbe?: string }).nodeOptionsProbe ?? null;

console.log(
  JSON.stringify({
    sea: isSea(),
    version: process.version,
    arch: process.arch,
    cwd: process.cwd(),
    execArgv: process.execArgv,
    nodeOptionsProbe: probe,
    heapLimitMiB: Math.round(getHeapStatistics().heap_size_limit / 2 ** 20),
    importMetaUrl: import.meta.url,
  }),
);

process.stdin.on('data', () => {});
process.stdin.on('end', () => console.log('stdin: end'));
process.on('SIGTERM', () => {
  console.log('bye');
  process.exit(0);
});
setTimeout(() => process.exit(3), Number(process.env.HELLO_TIMEOUT_MS ?? 20_000));
