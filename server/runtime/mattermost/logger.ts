/**
 * The plugin's logger: through the API (LogDebug…LogError) once the plugin
 * is active, so lines carry the plugin id in the server log; hclog JSON on
 * stderr before that, and whenever an API call fails.
 *
 * A log call returns at once, but its RPC is tracked: `settled()` resolves
 * when every line logged so far has been answered, so the hooks service can
 * answer a hook only after the lines it logged reached the server, as a Go
 * plugin's (synchronous) log calls do.
 */
import type { Logger, LogFields } from '../goplugin/hclog';
import type { MattermostAPI } from './api-client';

export interface ApiLogger extends Logger {
  /** Resolves once every log call made before it has been answered (or written to stderr instead). */
  settled(): Promise<void>;
}

export function apiLogger(api: MattermostAPI, fallback: Logger): ApiLogger {
  const inFlight = new Set<Promise<void>>();
  const at = (method: 'logDebug' | 'logInfo' | 'logWarn' | 'logError', level: keyof Logger) => (message: string, fields?: LogFields) => {
    const pairs = Object.entries(fields ?? {}).flat();
    const sent: Promise<void> = api[method](message, ...pairs)
      .catch(() => fallback[level](message, fields))
      .finally(() => inFlight.delete(sent));
    inFlight.add(sent);
  };
  return {
    debug: at('logDebug', 'debug'),
    info: at('logInfo', 'info'),
    warn: at('logWarn', 'warn'),
    error: at('logError', 'error'),
    // Only the lines in flight now: waiting for the set to empty could starve a hook
    // while other hooks keep logging.
    settled: async () => {
      await Promise.all([...inFlight]);
    },
  };
}

/** Waits for a logger's lines in flight, when it tracks them. */
export function logsSettled(logger: Logger): Promise<void> {
  return 'settled' in logger && typeof logger.settled === 'function' ? (logger as ApiLogger).settled() : Promise.resolve();
}
