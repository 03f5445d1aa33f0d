// deploy / enable / disable / reset against a running server, for the plugin
// described by the project's plugin.json. deploy uploads the bundle the last
// `make bundle` wrote (the per-platform one when BUNDLE_PER_PLATFORM=1),
// enables it, and waits until the server reports it running.

import { access } from 'node:fs/promises';

import { bundlePath, perPlatformFromEnv } from '../lib/bundleNames';
import { loadManifest, platformsOf } from '../manifest/load';
import { PluginAdminClient } from './client';
import { resolveConnection } from './connection';
import { DeployError } from './errors';

export type DeployCommand = 'deploy' | 'enable' | 'disable' | 'reset';

export interface DeployOptions {
  root: string;
  env: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  /** How long to wait for the plugin to report running after enable (default 30 s). */
  startTimeoutMs?: number;
  pollIntervalMs?: number;
}

export async function runDeployCommand(command: DeployCommand, options: DeployOptions): Promise<void> {
  const log = options.log ?? (() => {});
  const { manifest } = await loadManifest(options.root);
  // Mattermost knows the plugin by its lower-cased id.
  const pluginId = manifest.id.toLowerCase();
  const bundle = command === 'deploy' ? await chooseBundle(options.root, manifest.id, manifest.version, platformsOf(manifest), options.env) : undefined;

  const client = new PluginAdminClient(await resolveConnection(options.env, log));
  await client.authenticate();
  const wait = { timeoutMs: options.startTimeoutMs ?? 30_000, intervalMs: options.pollIntervalMs ?? 500 };

  switch (command) {
    case 'deploy':
      log(`Uploading ${bundle} via API.`);
      await client.uploadPlugin(bundle!);
      log('Enabling plugin.');
      await client.enablePlugin(pluginId);
      await client.waitUntilRunning(pluginId, wait);
      log(`${pluginId} ${manifest.version} is running.`);
      return;
    case 'enable':
      log('Enabling plugin.');
      await client.enablePlugin(pluginId);
      await client.waitUntilRunning(pluginId, wait);
      return;
    case 'disable':
      log('Disabling plugin.');
      await client.disablePlugin(pluginId);
      return;
    case 'reset':
      log('Disabling plugin.');
      await client.disablePlugin(pluginId);
      log('Enabling plugin.');
      await client.enablePlugin(pluginId);
      await client.waitUntilRunning(pluginId, wait);
      return;
  }
}

/** Go's names for this machine, for picking a per-platform bundle by default. */
function hostPlatform(): string {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  const arch = ({ x64: 'amd64', ia32: '386' } as Record<string, string>)[process.arch] ?? process.arch;
  return `${os}-${arch}`;
}

async function chooseBundle(root: string, id: string, version: string, platforms: string[], env: NodeJS.ProcessEnv): Promise<string> {
  let path: string;
  if (!perPlatformFromEnv(env)) {
    path = bundlePath(root, id, version);
  } else {
    const platform = env.MM_PLUGIN_PLATFORM || (platforms.length === 1 ? platforms[0]! : hostPlatform());
    if (!platforms.includes(platform)) {
      throw new DeployError(
        `BUNDLE_PER_PLATFORM is set and plugin.json has no ${platform} bundle; set MM_PLUGIN_PLATFORM to the server's platform, one of ${platforms.join(', ')}`,
      );
    }
    path = bundlePath(root, id, version, platform);
  }
  try {
    await access(path);
  } catch {
    throw new DeployError(`the bundle ${path} does not exist; run \`make dist\` (or \`make bundle\`) first`);
  }
  return path;
}
