/**
 * Keeps stdout clean. go-plugin reads the handshake from the first stdout
 * line, so nothing may be printed there before it, and whatever follows is
 * discarded. Importing this module first sends console output to stderr as
 * hclog lines at the matching level instead.
 */
import { format } from 'node:util';
import { hclogLine, type HclogLevel } from './hclog';

function route(level: HclogLevel) {
  return (...args: unknown[]): void => {
    process.stderr.write(hclogLine(level, format(...args)));
  };
}

console.log = route('info');
console.info = route('info');
console.debug = route('debug');
console.trace = route('trace');
console.warn = route('warn');
console.error = route('error');
