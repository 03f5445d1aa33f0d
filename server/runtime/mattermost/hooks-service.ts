/**
 * The "Plugin" net/rpc service the host dispenses as "hooks"
 * (client_rpc.go hooksRPCServer): one method per hook in the generated
 * table, dispatched to the author's plugin object.
 *
 * Safety rules, so a plugin bug never breaks the server's call:
 * - a hook that throws is logged with its stack; a Go `error` result carries
 *   the message back (OnActivate then fails, as it should), hooks without
 *   one answer their zero values, which the host reads as "no change";
 * - MessageWillBePosted answers "unchanged", MessageWillBeUpdated the new
 *   post as sent; ServeHTTP answers 500;
 * - a hook the author did not write is not listed in Implemented, and if
 *   called anyway answers Go's own "not implemented" error;
 * - a hook answers once the lines it logged have reached the server.
 */
import { MuxBroker } from '../goplugin/broker';
import type { Logger } from '../goplugin/hclog';
import { emptyStruct, sliceOf, string, type StructType } from '../gob/schema';
import { MethodError, RpcServer } from '../netrpc';
import { connectAPI } from './api-client';
import { settingsFromJSON } from './configuration';
import { appErrorFields, goErrorValue } from './errors';
import { hooks, type Context, type Post } from './generated';
import { serveHTTP, type ServeHTTPArgs } from './http/serve-http';
import { apiLogger, logsSettled } from './logger';
import type { HookInfo } from './methodTable';
import { PostRejection, type Hooks, type MattermostPlugin, type PostDecision } from './plugin';

export interface RuntimeState<Settings extends object> {
  api?: ReturnType<typeof connectAPI>;
  configuration: Settings;
  logger: Logger;
}

export interface HooksServiceOptions<Settings extends object> {
  readonly plugin: MattermostPlugin<Settings> & Hooks;
  readonly settingsDefaults: Settings;
  readonly state: RuntimeState<Settings>;
  /** hclog on stderr: where the runtime logs before (and beside) the API. */
  readonly stderr: Logger;
}

const EMPTY_CONTEXT: Context = { SessionId: '', ConnectionId: '', RequestId: '', IPAddress: '', AcceptLanguage: '', UserAgent: '' };

/** Hooks the runtime cannot hand to an author yet (their streams have no author-facing shape). */
const UNSUPPORTED = new Set(['FileWillBeUploaded']);

type AnyHook = (...args: unknown[]) => unknown;

/** The Go names of the hooks the author's plugin defines, for Plugin.Implemented. */
export function implementedHooks(plugin: object): string[] {
  const names: string[] = [];
  for (const info of Object.values(hooks) as HookInfo[]) {
    if (info.id < 0 || UNSUPPORTED.has(info.name)) continue;
    if (typeof (plugin as Record<string, unknown>)[info.method] === 'function') names.push(info.name);
  }
  return names;
}

export function hooksService<Settings extends object>(options: HooksServiceOptions<Settings>): (broker: MuxBroker) => RpcServer {
  return (broker) => {
    const server = new RpcServer();
    const implemented = implementedHooks(options.plugin);
    server.register('Plugin.Implemented', { argType: emptyStruct, replyType: sliceOf(string), handler: () => implemented });
    for (const info of Object.values(hooks) as HookInfo[]) {
      if (info.id < 0) continue;
      const handler = handlerFor(info, options, broker);
      server.register(`Plugin.${info.name}`, {
        argType: info.args,
        replyType: info.returns,
        // Lines the hook logged reach the server before its reply, as with a Go plugin's log calls.
        handler: (args) => handler(args as Record<string, unknown>).finally(() => logsSettled(options.state.logger)),
      });
    }
    return server;
  };
}

type Handler = (args: Record<string, unknown>) => Promise<Record<string, unknown>>;

function handlerFor<Settings extends object>(info: HookInfo, options: HooksServiceOptions<Settings>, broker: MuxBroker): Handler {
  const { plugin, state } = options;
  const hook = (plugin as unknown as Record<string, AnyHook | undefined>)[info.method]?.bind(plugin);
  switch (info.name) {
    case 'OnActivate':
      return (args) => onActivate(args as { APIMuxId: number; DriverMuxId: number }, hook, options, broker);
    case 'OnConfigurationChange':
      return async (args) => {
        // Settings the plugin rejects (its hook throws) do not take effect.
        const previous = state.configuration;
        await reloadConfiguration(options);
        const reply = await callHook(info, hook, args, state.logger);
        if (reply.A) state.configuration = previous;
        return reply;
      };
    case 'ServeHTTP':
    case 'ServeMetrics':
      return async (args) => {
        const handler = hook ? (c: Context, request: Request) => hook(c, request) as Response | Promise<Response> : notFound;
        await serveHTTP(args as unknown as ServeHTTPArgs<Context>, handler, broker, state.logger, EMPTY_CONTEXT);
        return {};
      };
    case 'MessageWillBePosted':
    case 'MessageWillBeUpdated':
      return (args) => postHook(info, hook, args, state.logger);
    default:
      if (UNSUPPORTED.has(info.name)) return notImplemented(info);
      return (args) => callHook(info, hook, args, state.logger);
  }
}

async function onActivate<Settings extends object>(
  args: { APIMuxId: number; DriverMuxId: number },
  hook: AnyHook | undefined,
  options: HooksServiceOptions<Settings>,
  broker: MuxBroker,
): Promise<Record<string, unknown>> {
  const { plugin, state } = options;
  // Dial both, as Go plugins do: the host waits 5 s on each and logs an accept timeout otherwise.
  const [apiStream, driverStream] = await Promise.all([broker.dial(args.APIMuxId), broker.dial(args.DriverMuxId)]);
  void driverStream; // the database driver is not offered to TypeScript plugins; the stream stays open and idle
  state.api = connectAPI(apiStream);
  state.logger = apiLogger(state.api, options.stderr);

  // Go's hooksRPCServer.OnActivate runs the plugin's OnConfigurationChange first; its error is only logged.
  await reloadConfiguration(options);
  const onConfigurationChange = (plugin as Hooks).onConfigurationChange;
  if (typeof onConfigurationChange === 'function') {
    try {
      await onConfigurationChange.call(plugin);
    } catch (error) {
      state.logger.error('call to OnConfigurationChange failed', { error });
    }
  }
  if (!hook) return { A: null };
  try {
    await hook();
    return { A: null };
  } catch (error) {
    state.logger.error('OnActivate failed', { error });
    return { A: goErrorValue(error) };
  }
}

async function reloadConfiguration<Settings extends object>({ state, settingsDefaults }: HooksServiceOptions<Settings>): Promise<void> {
  if (!state.api) return;
  try {
    state.configuration = settingsFromJSON(await state.api.loadPluginConfiguration(), settingsDefaults);
  } catch (error) {
    state.logger.error('LoadPluginConfiguration failed; keeping the previous settings', { error });
  }
}

/** A generated hook: Args A, B, … are the parameters; the result fills Returns. */
async function callHook(info: HookInfo, hook: AnyHook | undefined, args: Record<string, unknown>, logger: Logger): Promise<Record<string, unknown>> {
  if (!hook) throw notImplementedError(info);
  const returns = info.returns as StructType;
  const reply: Record<string, unknown> = {};
  let result: unknown;
  try {
    result = await hook(...(info.args as StructType).fields.map((field) => args[field.key]));
  } catch (error) {
    logger.error(`hook ${info.name} failed`, { error });
    if (info.error) {
      const errorField = returns.fields[info.values]!;
      reply[errorField.key] = info.error === 'appError' ? appErrorFields(error) : goErrorValue(error);
    }
    return reply;
  }
  if (info.values === 1) reply[returns.fields[0]!.key] = result;
  else if (info.values > 1) {
    if (!Array.isArray(result) || result.length !== info.values) {
      logger.error(`hook ${info.name} must return a tuple of ${info.values} values`, { got: typeof result });
      return reply;
    }
    result.forEach((value, i) => (reply[returns.fields[i]!.key] = value));
  }
  return reply;
}

/**
 * MessageWillBePosted / MessageWillBeUpdated. The host decodes our post into
 * its own (Posted) or takes it whole (Updated), so "unchanged" is no post for
 * Posted and the new post itself for Updated, and for Updated a returned
 * (maybe partial) post is laid over the new post here, as the host does for
 * Posted.
 */
async function postHook(info: HookInfo, hook: AnyHook | undefined, args: Record<string, unknown>, logger: Logger): Promise<Record<string, unknown>> {
  if (!hook) throw notImplementedError(info);
  const updated = info.name === 'MessageWillBeUpdated';
  const unchanged = { A: updated ? args.B : null, B: '' };
  let decision: PostDecision;
  try {
    decision = (await (updated ? hook(args.A ?? EMPTY_CONTEXT, args.B, args.C) : hook(args.A ?? EMPTY_CONTEXT, args.B))) as PostDecision;
  } catch (error) {
    logger.error(`hook ${info.name} failed; the post goes through unchanged`, { error });
    return unchanged;
  }
  if (decision instanceof PostRejection) return { A: null, B: decision.reason };
  if (decision === undefined || decision === null) return unchanged;
  if (typeof decision !== 'object' || Array.isArray(decision)) {
    logger.error(`hook ${info.name} returned ${Array.isArray(decision) ? 'an array' : typeof decision}; expected a post, rejectPost() or nothing`);
    return unchanged;
  }
  return { A: updated ? { ...(args.B as Post | null), ...decision } : decision, B: '' };
}

function notImplemented(info: HookInfo): Handler {
  return () => Promise.reject(notImplementedError(info));
}

/** Go's own text for a hook the plugin lacks (the table carries it; hand-written hooks word it differently). */
function notImplementedError(info: HookInfo): MethodError {
  return new MethodError(info.notImplemented ?? `Hook ${info.name} called but not implemented.`);
}

/** What Go's http.NotFound writes. */
function notFound(): Response {
  return new Response('404 page not found\n', {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
  });
}
