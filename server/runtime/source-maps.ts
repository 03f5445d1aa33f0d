/**
 * Stack traces that name the author's TypeScript. The executable runs one
 * minified bundle (plugin.cjs); its source map travels beside it as a SEA
 * asset (build/executable). The first time an error's stack is formatted,
 * the map is parsed and each bundle frame is rewritten to the original file,
 * line and column. Outside an executable (tests, tsx) nothing changes.
 */
import { SourceMap, type SourceMapPayload } from 'node:module';
import * as sea from 'node:sea';

const BUNDLE_FILE = 'plugin.cjs';
const MAP_ASSET = 'plugin.cjs.map';

interface CallSiteLike {
  getFileName(): string | null | undefined;
  getLineNumber(): number | null;
  getColumnNumber(): number | null;
  toString(): string;
}

/** Rewrites one frame's "plugin.cjs:L:C" to the original location, when the map knows it. */
export function mapFrame(site: CallSiteLike, map: Pick<SourceMap, 'findEntry'>): string {
  const text = site.toString();
  const file = site.getFileName();
  const line = site.getLineNumber();
  const column = site.getColumnNumber();
  if (file !== BUNDLE_FILE || !line || !column) return text;
  const entry = map.findEntry(line - 1, column - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number };
  if (!entry.originalSource || entry.originalLine === undefined || entry.originalColumn === undefined) return text;
  const original = `${entry.originalSource.replace(/^file:\/\//, '')}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  return text.replace(`${file}:${line}:${column}`, original);
}

/** V8's own stack format: the error's toString, then one "    at …" line per frame. */
export function formatStack(error: unknown, frames: string[]): string {
  let header: string;
  try {
    header = Error.prototype.toString.call(error);
  } catch {
    header = 'Error';
  }
  return [header, ...frames.map((frame) => `    at ${frame}`)].join('\n');
}

function installFromSeaAsset(): void {
  if (!sea.isSea()) return;
  let map: SourceMap | null | undefined;
  const load = (): SourceMap | null => {
    if (map === undefined) {
      try {
        map = new SourceMap(JSON.parse(sea.getAsset(MAP_ASSET, 'utf8')) as SourceMapPayload);
      } catch {
        map = null; // no map: keep the bundle's own positions
      }
    }
    return map;
  };
  Error.prepareStackTrace = (error, sites) => {
    const found = load();
    return formatStack(error, sites.map((site) => (found ? mapFrame(site, found) : site.toString())));
  };
}

installFromSeaAsset();
