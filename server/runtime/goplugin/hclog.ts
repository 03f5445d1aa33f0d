/**
 * Logging the way a Go plugin does before it has an API connection: JSON
 * lines on stderr in hclog's format. go-plugin parses them and Mattermost
 * files each under the plugin at its @level (anything else lands at Debug,
 * invisible by default). @timestamp must match Go's
 * "2006-01-02T15:04:05.000000Z07:00" or the line is treated as plain text.
 */
export type HclogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export function hclogTimestamp(date: Date): string {
  // toISOString gives milliseconds and "Z"; hclog wants microseconds.
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export function hclogLine(level: HclogLevel, message: string, fields: LogFields = {}, now = new Date()): string {
  const entry: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) entry[key] = fieldValue(value);
  entry['@level'] = level;
  entry['@message'] = message;
  entry['@timestamp'] = hclogTimestamp(now);
  return JSON.stringify(entry) + '\n';
}

function fieldValue(value: unknown): unknown {
  if (value instanceof Error) return value.stack ?? `${value.name}: ${value.message}`;
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/** A Logger writing hclog lines to a sink (stderr in production). */
export function hclogLogger(write: (line: string) => void = (line) => process.stderr.write(line)): Logger {
  const at = (level: HclogLevel) => (message: string, fields?: LogFields) => write(hclogLine(level, message, fields));
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
