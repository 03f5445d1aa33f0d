/**
 * World Time's server half: posts mentioning the trigger word get the
 * current time appended, /time answers the time, and the webapp's button
 * reads /api/v1/time. Settings come from plugin.json (TriggerWord,
 * DefaultTimezone), typed by the generated manifest module.
 */
import { MattermostPlugin, rejectPost, type CommandArgs, type CommandResponse, type Context, type Hooks, type Post, type PostDecision } from '../runtime';
import { executeTimeCommand, TIME_COMMAND } from './command';
import type { PluginSettings } from './manifest';
import { lastTimeKey, route } from './routes';
import { canonicalZone, UnknownTimeZoneError, zonedTime } from './time';
import { appendedDisplay, appendTime, findTrigger, withoutAppendedTime } from './trigger';

/** The websocket event the webapp listens to (as custom_<id>_time_appended). */
export const TIME_APPENDED_EVENT = 'time_appended';

export class WorldTimePlugin extends MattermostPlugin<PluginSettings> implements Hooks {
  async onActivate(): Promise<void> {
    this.onConfigurationChange(); // an unknown DefaultTimezone fails activation
    await this.api.registerCommand(TIME_COMMAND);
    this.log.info('World Time activated');
  }

  /** Refuses an unknown DefaultTimezone; the runtime then keeps the previous settings. */
  onConfigurationChange(): void {
    const zone = this.configuration.DefaultTimezone;
    try {
      canonicalZone(zone);
    } catch {
      throw new Error(`DefaultTimezone: unknown time zone: ${zone}`);
    }
  }

  async messageWillBePosted(_c: Context, post: Post): Promise<PostDecision> {
    return this.appendTime(post);
  }

  async messageWillBeUpdated(_c: Context, newPost: Post): Promise<PostDecision> {
    return this.appendTime({ ...newPost, message: withoutAppendedTime(newPost.message) });
  }

  async messageHasBeenPosted(_c: Context, post: Post): Promise<void> {
    const display = appendedDisplay(post.message);
    if (!display) return;
    const value = new TextEncoder().encode(JSON.stringify({ post_id: post.id, display }));
    await this.api.kvSet(lastTimeKey(post.channel_id), value);
  }

  async executeCommand(_c: Context, args: CommandArgs): Promise<Partial<CommandResponse>> {
    return executeTimeCommand(args, this.configuration.DefaultTimezone);
  }

  serveHTTP(_c: Context, request: Request): Promise<Response> {
    return route(request, { api: this.api, defaultTimezone: this.configuration.DefaultTimezone });
  }

  private async appendTime(post: Post): Promise<PostDecision> {
    const trigger = findTrigger(post.message, this.configuration.TriggerWord);
    if (!trigger) return undefined;
    let time;
    try {
      time = zonedTime(trigger.zone ?? this.configuration.DefaultTimezone);
    } catch (error) {
      if (error instanceof UnknownTimeZoneError) return rejectPost(error.message);
      throw error;
    }
    await this.api.publishWebSocketEvent(
      TIME_APPENDED_EVENT,
      { channel_id: post.channel_id, user_id: post.user_id, time_zone: time.time_zone, display: time.display },
      { channel_id: post.channel_id },
    );
    // Only the changed field: the rest of the post keeps its values.
    return { message: appendTime(post.message, time.display) };
  }
}
