/**
 * The plugin API over the stream the host serves it on (dialed in
 * OnActivate): the generated typed client bound to net/rpc, plus the methods
 * Go's client writes by hand (client_rpc.go): LoadPluginConfiguration answers
 * JSON bytes, and Log* send their key/value pairs as strings.
 */
import { RpcClient, ServerError } from '../netrpc';
import type { ByteStream } from '../netrpc/byte-stream';
import { apiMethods, createPluginAPI, type PluginAPI } from './generated';
import { PluginApiError, type ApiCall, type ApiMethod } from './methodTable';
import type { StructType } from '../gob/schema';

type LogMethod = (message: string, ...keyValuePairs: unknown[]) => Promise<void>;

export interface MattermostAPI extends Omit<PluginAPI, 'logDebug' | 'logInfo' | 'logWarn' | 'logError'> {
  /** The plugin's settings as the server stores them (keys lower-cased); see MattermostPlugin.configuration for the typed view. */
  loadPluginConfiguration(): Promise<Uint8Array>;
  /** Writes to the server log under this plugin; values are stringified like Go's %+v would. */
  logDebug: LogMethod;
  logInfo: LogMethod;
  logWarn: LogMethod;
  logError: LogMethod;
}

export function connectAPI(stream: ByteStream): MattermostAPI {
  const rpc = new RpcClient(stream);
  const call: ApiCall = async (method, args) => {
    const reply = await callRpc(rpc, method, structOf(method.args as StructType, args));
    return fieldsOf(method.returns as StructType, reply);
  };
  const api = createPluginAPI(call) as unknown as MattermostAPI;

  api.loadPluginConfiguration = async () => {
    const method = apiMethods.LoadPluginConfiguration;
    const reply = await callRpc(rpc, method, {});
    return (reply as { A?: Uint8Array | null }).A ?? new Uint8Array();
  };
  for (const [name, level] of [
    ['logDebug', apiMethods.LogDebug],
    ['logInfo', apiMethods.LogInfo],
    ['logWarn', apiMethods.LogWarn],
    ['logError', apiMethods.LogError],
  ] as const) {
    api[name] = async (message, ...pairs) => {
      await callRpc(rpc, level, { A: message, B: pairs.map(stringifyLogValue) });
    };
  }
  return api;
}

async function callRpc(rpc: RpcClient, method: ApiMethod, arg: Record<string, unknown>): Promise<Record<string, unknown>> {
  try {
    return ((await rpc.call(`Plugin.${method.name}`, method.args, arg, method.returns)) ?? {}) as Record<string, unknown>;
  } catch (error) {
    // "API X called but not implemented." and friends: the host could not run the call at all.
    if (error instanceof ServerError) throw new PluginApiError(method.name, error.message);
    throw error;
  }
}

/** Positional arguments → the Args struct (fields A, B, C… in order). */
function structOf(type: StructType, args: readonly unknown[]): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  type.fields.forEach((field, i) => {
    if (args[i] !== undefined) value[field.key] = args[i];
  });
  return value;
}

/** The Returns struct → its fields in order. */
function fieldsOf(type: StructType, reply: Record<string, unknown>): unknown[] {
  return type.fields.map((field) => reply[field.key]);
}

/** fmt.Sprintf("%+v") is what Go plugins send; JSON is the readable equivalent for objects. */
export function stringifyLogValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return value.stack ?? value.message;
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'object') {
    try {
      return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    } catch {
      return String(value);
    }
  }
  return String(value);
}
