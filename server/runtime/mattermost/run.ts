/**
 * Starts a plugin process the way Go's plugin.ClientMain does: the
 * Mattermost handshake (cookie, protocol version 1), then the hooks service
 * dispensed as "hooks".
 */
import { defaultRegistry, registerName } from '../gob';
import { serve } from '../goplugin/serve';
import { hclogLogger, type Logger } from '../goplugin/hclog';
import { registeredTypes } from './generated';
import { hooksService, type RuntimeState } from './hooks-service';
import { attachRuntime, type Hooks, type MattermostPlugin } from './plugin';

/** plugin/api.go `handshake`. */
export const MATTERMOST_HANDSHAKE = {
  magicCookieKey: 'MATTERMOST_PLUGIN',
  magicCookieValue: 'Securely message teams, anywhere.',
  protocolVersion: 1,
} as const;

let registered = false;

/** The gob names Mattermost's plugin package registers, so interface values decode to typed objects. */
export function registerMattermostTypes(): void {
  if (registered) return;
  // The codec already knows the builtins Go registers too ([]interface {}, map[string]interface {}).
  for (const [name, type] of registeredTypes) if (!defaultRegistry.lookup(name)) registerName(name, type);
  registered = true;
}

export interface RunOptions<Settings extends object> {
  /** plugin.json's setting defaults (the generated manifest module exports them). */
  readonly settingsDefaults: Settings;
}

export function runPlugin<Settings extends object>(plugin: MattermostPlugin<Settings> & Hooks, options: RunOptions<Settings>): Promise<void> {
  const stderr = hclogLogger();
  try {
    registerMattermostTypes();
    const state: RuntimeState<Settings> = { configuration: { ...options.settingsDefaults }, logger: stderr };
    attachRuntime(plugin, state);
    return serve({
      ...MATTERMOST_HANDSHAKE,
      logger: stderr,
      plugins: { hooks: hooksService({ plugin, settingsDefaults: options.settingsDefaults, state, stderr }) },
    }).catch((error: unknown) => failedToStart(stderr, error));
  } catch (error) {
    return Promise.resolve(failedToStart(stderr, error));
  }
}

function failedToStart(logger: Logger, error: unknown): void {
  logger.error('plugin failed to start', { error });
  process.exit(1);
}
