/**
 * What a plugin author writes against: a class extending MattermostPlugin
 * that implements any of the Hooks. Only the hooks the class defines are
 * reported to the server (Plugin.Implemented), so the server never calls
 * the others.
 *
 *   class MyPlugin extends MattermostPlugin<PluginSettings> implements Hooks {
 *     async messageWillBePosted(c: Context, post: Post) { … return post; }
 *     async serveHTTP(c: Context, request: Request) { return Response.json({ ok: true }); }
 *   }
 *   runPlugin(new MyPlugin(), { settingsDefaults });
 *
 * Hooks may be async. A hook that throws is logged with its stack and
 * answered the way that keeps the server safe (see hooks-service.ts).
 */
import type { Logger } from '../goplugin/hclog';
import type { MattermostAPI } from './api-client';
import type { Context, PluginHooks, Post } from './generated';
import type { HookResult } from './methodTable';

/** plugin.DismissPostError: MessageWillBePosted's reason that drops the post without telling the user. */
export const DISMISS_POST_ERROR = 'plugin.message_will_be_posted.dismiss_post';

/** Returned from messageWillBePosted/messageWillBeUpdated to refuse the post. */
export class PostRejection {
  constructor(readonly reason: string) {}
}

/** Refuse the post; the user sees "Post rejected by plugin. <reason>". */
export function rejectPost(reason: string): PostRejection {
  if (reason === '') throw new Error('rejectPost needs a reason');
  return new PostRejection(reason);
}

/** Drop the post silently. */
export function dismissPost(): PostRejection {
  return new PostRejection(DISMISS_POST_ERROR);
}

/**
 * A post hook's answer: the post's changed fields (or the whole post), a
 * rejection, or nothing for "unchanged". What is returned is laid over the
 * post the hook received: fields left out keep their values, and since gob
 * does not send zero values, a field cannot be cleared nor a prop removed
 * (for messageWillBePosted the server merges the reply into its own post
 * itself; for messageWillBeUpdated, which takes the reply whole, the
 * runtime merges it into the new post first).
 */
export type PostDecision = Partial<Post> | PostRejection | null | undefined | void;

type HooksWithOwnShape = 'messageWillBePosted' | 'messageWillBeUpdated';

export interface Hooks extends Partial<Omit<PluginHooks, HooksWithOwnShape>> {
  /** Before a new post is saved: return it changed, rejectPost(reason), dismissPost(), or nothing. */
  messageWillBePosted?(c: Context, post: Post): HookResult<PostDecision>;
  /** Before an edit is saved: return the new post changed, rejectPost(reason) to keep the old one, or nothing. */
  messageWillBeUpdated?(c: Context, newPost: Post, oldPost: Post): HookResult<PostDecision>;
  /**
   * Requests to /plugins/<id>/… with that prefix removed from the URL path.
   * `Mattermost-User-Id` is set by the server for a logged-in session (a
   * client cannot forge it). Return any Fetch Response; it is streamed back.
   */
  serveHTTP?(c: Context, request: Request): HookResult<Response>;
  /** Requests to the server's metrics endpoint for this plugin, like serveHTTP. */
  serveMetrics?(c: Context, request: Request): HookResult<Response>;
}

interface RuntimeSlots<Settings> {
  api?: MattermostAPI;
  configuration: Settings;
  logger: Logger;
}

const slots = new WeakMap<MattermostPlugin<object>, RuntimeSlots<object>>();

export abstract class MattermostPlugin<Settings extends object = Record<string, unknown>> {
  /** The server API; available from onActivate on (the server hands it over on activation). */
  get api(): MattermostAPI {
    const api = slotsOf(this).api;
    if (!api) throw new Error('the plugin API is available from onActivate on');
    return api;
  }

  /**
   * The settings from the System Console over plugin.json's defaults,
   * reloaded before each onConfigurationChange. When that hook throws on a
   * later change, the previous settings stay (on activation there are none
   * to keep: onActivate sees what was loaded).
   */
  get configuration(): Settings {
    return slotsOf(this).configuration as Settings;
  }

  /** Logs to the server log under this plugin (through the API once active, as hclog on stderr before). */
  get log(): Logger {
    return slotsOf(this).logger;
  }
}

function slotsOf(plugin: MattermostPlugin<object>): RuntimeSlots<object> {
  const found = slots.get(plugin);
  if (!found) throw new Error('this plugin is not running: start it with runPlugin()');
  return found;
}

/** The runtime's handle on a plugin's slots (not for authors). */
export function attachRuntime<Settings extends object>(plugin: MattermostPlugin<Settings>, initial: RuntimeSlots<Settings>): RuntimeSlots<Settings> {
  slots.set(plugin, initial);
  return initial;
}
