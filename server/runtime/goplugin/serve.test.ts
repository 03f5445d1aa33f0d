/**
 * The plugin process as the host sees it: cookie check, the handshake line
 * as the only stdout, the control services, the broker, SIGINT ignored,
 * stdin EOF harmless, exit on Control.Quit and on a lost connection. The
 * host side here is our own yamux client and net/rpc client; the same paths
 * against Mattermost's real host are the conformance suite's job.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createConnection } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { bool, emptyStruct, string, uint32 } from '../gob/schema';
import { RpcClient, ServerError } from '../netrpc';
import { Session } from '../yamux';

const fixture = fileURLToPath(new URL('./testdata/serve-fixture.ts', import.meta.url));
const COOKIE = { TEST_PLUGIN_COOKIE: 'let me in' };
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'], // stdin is /dev/null: EOF at once, as under many hosts
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const handshake = new Promise<string>((resolve, reject) => {
    const check = () => {
      const newline = stdout.indexOf('\n');
      if (newline >= 0) resolve(stdout.slice(0, newline));
    };
    child.stdout!.on('data', check);
    void exited.then((code) => reject(new Error(`exited ${code} before the handshake; stderr: ${stderr}`)));
  });
  handshake.catch(() => undefined); // a test that expects an early exit never awaits it
  return { child, handshake, exited, output: () => ({ stdout, stderr }) };
}

async function connect(line: string) {
  const socketPath = line.split('|')[3]!;
  const socket = createConnection(socketPath);
  await once(socket, 'connect');
  const session = Session.client(socket);
  // The host opens control, stdout and stderr, in that order.
  const control = await session.open();
  await session.open();
  await session.open();
  return { socket, session, control: new RpcClient(control) };
}

describe('serve', () => {
  it('explains itself and exits 1 when started without the cookie', async () => {
    const plugin = start({});
    expect(await plugin.exited).toBe(1);
    expect(plugin.output().stdout).toBe('');
    expect(plugin.output().stderr).toContain('This binary is a plugin. These are not meant to be executed directly.');
  });

  it('prints only the handshake line and serves Control and Dispenser', async () => {
    const plugin = start(COOKIE);
    const line = await plugin.handshake;
    expect(line).toMatch(/^1\|1\|unix\|\/.+\|netrpc\|$/);

    const { session, control } = await connect(line);
    await expect(control.call('Control.Ping', bool, true, emptyStruct)).resolves.toEqual({});
    await expect(control.call('Dispenser.Dispense', string, 'nope', uint32)).rejects.toThrow(new ServerError('Dispenser.Dispense', 'unknown plugin type: nope'));

    // Dispense: the plugin accepts the id it answers; we dial it through the broker protocol.
    const id = await control.call<number>('Dispenser.Dispense', string, 'echo', uint32);
    const stream = await session.open();
    const idBytes = new Uint8Array(4);
    new DataView(idBytes.buffer).setUint32(0, id, true);
    await stream.write(idBytes);
    expect([...(await stream.read())!]).toEqual([...idBytes]);
    const echo = new RpcClient(stream);
    await expect(echo.call('Plugin.Echo', string, 'héllo', string)).resolves.toBe('héllo');

    // Ctrl-C in a terminal reaches the plugin too; the host decides when it stops.
    plugin.child.kill('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expect(control.call('Control.Ping', bool, true, emptyStruct)).resolves.toEqual({});

    await expect(control.call('Control.Quit', bool, true, emptyStruct)).resolves.toEqual({});
    expect(await plugin.exited).toBe(0);
    // Nothing but the handshake ever reached stdout; logs went to stderr as hclog JSON.
    expect(plugin.output().stdout).toBe(`${line}\n`);
    for (const entry of plugin.output().stderr.split('\n').filter(Boolean)) expect(() => JSON.parse(entry)).not.toThrow();
  });

  it('exits when the host connection goes away', async () => {
    const plugin = start(COOKIE);
    const { socket, control } = await connect(await plugin.handshake);
    await control.call('Control.Ping', bool, true, emptyStruct);
    socket.destroy();
    expect(await plugin.exited).toBe(0);
  });
});
