/**
 * Starts an executable the way Mattermost does (no arguments, an explicit
 * environment and working directory, stdin a pipe) and reads its stdout
 * line by line, for the executable tests.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface PluginProcess {
  child: ChildProcessWithoutNullStreams;
  /** Resolves with the first stdout line matching `test` (any line by default). */
  line(test?: (line: string) => boolean, timeoutMs?: number): Promise<string>;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startPlugin(command: string, args: string[], options: { env: NodeJS.ProcessEnv; cwd: string }): PluginProcess {
  const child = spawn(command, args, { env: options.env, cwd: options.cwd, stdio: 'pipe' });
  const seen: string[] = [];
  const waiters = new Set<() => void>();
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
  createInterface({ input: child.stdout }).on('line', (l) => {
    seen.push(l);
    for (const w of waiters) w();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      resolve({ code, signal });
      for (const w of waiters) w();
    });
  });
  const line = (test: (l: string) => boolean = () => true, timeoutMs = 15_000): Promise<string> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const found = seen.find(test);
        if (found !== undefined) done(() => resolve(found));
        else if (child.exitCode !== null || child.signalCode !== null) {
          done(() => reject(new Error(`${command} exited (${child.exitCode ?? child.signalCode}) before the expected line; stdout: ${JSON.stringify(seen)}, stderr: ${stderr}`)));
        }
      };
      const timer = setTimeout(
        () => done(() => reject(new Error(`no expected line from ${command} within ${timeoutMs} ms; stdout: ${JSON.stringify(seen)}, stderr: ${stderr}`))),
        timeoutMs,
      );
      const done = (settle: () => void): void => {
        clearTimeout(timer);
        waiters.delete(check);
        settle();
      };
      waiters.add(check);
      check();
    });
  return { child, line, stderr: () => stderr, exited };
}
