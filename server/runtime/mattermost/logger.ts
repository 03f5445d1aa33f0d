/**
 * The plugin's logger: through the API (LogDebug…LogError) once the plugin
 * is active, so lines carry the plugin id in the server log; hclog JSON on
 * stderr before that, and whenever an API call fails.
 */
import type { Logger, LogFields } from '../goplugin/hclog';
import type { MattermostAPI } from './api-client';

export function apiLogger(api: MattermostAPI, fallback: Logger): Logger {
  const at = (method: 'logDebug' | 'logInfo' | 'logWarn' | 'logError', level: keyof Logger) => (message: string, fields?: LogFields) => {
    const pairs = Object.entries(fields ?? {}).flat();
    api[method](message, ...pairs).catch(() => fallback[level](message, fields));
  };
  return { debug: at('logDebug', 'debug'), info: at('logInfo', 'info'), warn: at('logWarn', 'warn'), error: at('logError', 'error') };
}
