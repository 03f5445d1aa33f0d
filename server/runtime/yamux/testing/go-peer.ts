/**
 * Runs the Go peer (../gopeer, hashicorp/yamux as the host's client) against
 * a TypeScript Session.server over a real unix socket. The binary is built
 * once per process; a missing Go toolchain fails with a clear message.
 */
import { spawn, execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { SessionConfig } from '../config';
import { Session } from '../session';
import type { Stream } from '../stream';

const execFileAsync = promisify(execFile);
const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');
const PEER_TIMEOUT_MS = 60_000;

let built: Promise<string> | undefined;

/** Builds the Go peer into a temp dir (once per process) and returns its path. */
export function buildGoPeer(): Promise<string> {
  built ??= (async () => {
    try {
      await execFileAsync('go', ['version']);
    } catch (error) {
      throw new Error(
        `The yamux interop tests need the Go toolchain ("go" on PATH) to build the hashicorp/yamux peer: ${(error as Error).message}`,
      );
    }
    const dir = await mkdtemp(join(tmpdir(), 'yamux-gopeer-'));
    const binary = join(dir, 'gopeer');
    try {
      await execFileAsync('go', ['build', '-o', binary, './server/runtime/yamux/gopeer'], {
        cwd: repoRoot,
        maxBuffer: 16 * 1024 * 1024,
      });
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr ?? '';
      throw new Error(`go build of server/runtime/yamux/gopeer failed:\n${stderr || (error as Error).message}`);
    }
    return binary;
  })();
  return built;
}

export interface PeerOptions {
  readonly n?: number;
  readonly size?: number;
  readonly seed?: number;
  readonly config?: Partial<SessionConfig>;
  readonly extraArgs?: readonly string[];
}

export interface PeerRun<T> {
  /** The Go peer's JSON report. */
  readonly go: Record<string, unknown>;
  /** What the TypeScript side returned. */
  readonly ts: T;
  readonly session: Session;
}

/**
 * Starts the Go peer with `scenario`, serves its connection with a
 * Session.server and runs `tsSide` on it. Fails with the peer's stderr when
 * it exits non-zero, and with a timeout when either side hangs.
 */
export async function runGoPeer<T>(
  scenario: string,
  options: PeerOptions,
  tsSide: (session: Session) => Promise<T>,
): Promise<PeerRun<T>> {
  const binary = await buildGoPeer();
  const dir = await mkdtemp(join(tmpdir(), 'yamux-sock-'));
  const socketPath = join(dir, 'peer.sock');
  const server = createServer();
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolveListen());
  });

  const child = spawn(binary, [
    '-socket', socketPath,
    '-scenario', scenario,
    '-n', String(options.n ?? 0),
    '-size', String(options.size ?? 0),
    '-seed', String(options.seed ?? 1),
    ...(options.extraArgs ?? []),
  ]);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exited = new Promise<number | null>((resolveExit) => child.on('close', (code) => resolveExit(code)));

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`scenario ${scenario} did not finish within ${PEER_TIMEOUT_MS} ms; peer stderr:\n${stderr}`)), PEER_TIMEOUT_MS);
  });
  let session: Session | undefined;
  try {
    const socket = await Promise.race([
      new Promise<Socket>((resolveConn) => server.once('connection', resolveConn)),
      exited.then((code) => {
        throw new Error(`Go peer exited (${code}) before connecting:\n${stderr}`);
      }),
      timeout,
    ]);
    session = Session.server(socket, options.config);
    const peerDone = exited.then((code) => {
      if (code !== 0) {
        void session?.close();
        throw new Error(`Go peer failed in scenario ${scenario} (exit ${code}):\n${stderr}`);
      }
    });
    const tsDone = tsSide(session);
    // Wait for both sides: when both fail, the peer's report names the cause.
    const [tsResult, peerResult] = await Promise.race([Promise.allSettled([tsDone, peerDone]), timeout]);
    if (peerResult.status === 'rejected') throw peerResult.reason;
    if (tsResult.status === 'rejected') throw tsResult.reason;
    const ts = tsResult.value;
    const go = JSON.parse(stdout) as Record<string, unknown>;
    return { go, ts, session };
  } finally {
    clearTimeout(timer);
    if (child.exitCode === null) child.kill();
    server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Reads a stream to its FIN. */
export async function readAll(stream: Stream): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Reads exactly `size` bytes (the stream hands out whatever chunks arrived). */
export async function readExactly(stream: Stream, size: number): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let have = 0;
  while (have < size) {
    const chunk = await stream.read();
    if (chunk === null) throw new Error(`stream ${stream.id} ended after ${have} of ${size} bytes`);
    chunks.push(chunk);
    have += chunk.length;
  }
  const all = Buffer.concat(chunks);
  if (all.length !== size) throw new Error(`stream ${stream.id}: read ${all.length} bytes, expected exactly ${size}`);
  return all;
}
