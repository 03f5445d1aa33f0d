// Shared entry-point plumbing for the build CLIs: run an async main, print a
// ToolkitError's message (one or more lines) and exit 1; print anything else
// with its stack, because it is a bug in the scripts, and exit 2.

import { ToolkitError } from './errors';

export function runCli(main: () => Promise<void>): void {
  main().then(
    () => {
      process.exitCode = process.exitCode ?? 0;
    },
    (error: unknown) => {
      if (error instanceof ToolkitError) {
        process.stderr.write(`${error.message}\n`);
        process.exitCode = 1;
      } else {
        process.stderr.write(`internal error in the build scripts: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        process.exitCode = 2;
      }
    },
  );
}

/** Formats a byte count as "12.3 MiB (12,900,000 bytes)" (KiB below 1 MiB). */
export function formatBytes(bytes: number): string {
  const exact = `${bytes.toLocaleString('en-US')} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB (${exact})`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB (${exact})`;
}
