/**
 * The hooks service's mapping from Go's hook shapes to the author's methods,
 * over a real net/rpc connection in memory (the host side here is our own
 * RpcClient; Mattermost's own host drives the same paths in the conformance
 * suite).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MuxBroker } from '../goplugin/broker';
import type { Logger } from '../goplugin/hclog';
import { TypedValue } from '../gob';
import { RpcClient, ServerError } from '../netrpc';
import { sessionPair, streamPair } from '../testing/memory-streams';
import { AppError } from './errors';
import { hooks, type CommandArgs, type Context, type Post } from './generated';
import { hooksService, implementedHooks } from './hooks-service';
import type { HookInfo } from './methodTable';
import { dismissPost, MattermostPlugin, rejectPost, type Hooks, type PostDecision } from './plugin';
import { registerMattermostTypes } from './run';

class TestPlugin extends MattermostPlugin implements Hooks {
  messageWillBePosted(_c: Context, post: Post): PostDecision {
    if (post.message === 'reject') return rejectPost('no');
    if (post.message === 'dismiss') return dismissPost();
    if (post.message === 'throw') throw new Error('boom');
    if (post.message === 'rewrite') return { message: 'rewritten' };
    return undefined;
  }
  messageWillBeUpdated(_c: Context, newPost: Post): PostDecision {
    if (newPost.message === 'throw') throw new Error('boom');
    return newPost.message === 'keep' ? undefined : { message: `${newPost.message}!` };
  }
  executeCommand(_c: Context, args: CommandArgs) {
    if (args.command === '/fail') throw new AppError({ id: 'x.fail', message: 'failed', statusCode: 418 });
    return { text: args.command };
  }
  onDeactivate() {
    throw new Error('cannot stop');
  }
}

function quietLogger(lines: string[]): Logger {
  const at = (level: string) => (message: string) => lines.push(`${level} ${message}`);
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

let client: RpcClient;
const logged: string[] = [];

beforeAll(() => {
  registerMattermostTypes();
  const plugin = new TestPlugin();
  const state = { configuration: {}, logger: quietLogger(logged) };
  const server = hooksService({ plugin, settingsDefaults: {}, state, stderr: state.logger })(new MuxBroker(sessionPair()[0]));
  const [hostSide, pluginSide] = streamPair();
  void server.serve(pluginSide);
  client = new RpcClient(hostSide);
});

const call = (info: HookInfo, args: Record<string, unknown>) => client.call<Record<string, unknown>>(`Plugin.${info.name}`, info.args, args, info.returns);
const post = (message: string) => ({ id: 'p1', channel_id: 'c1', user_id: 'u1', message }) as Post;

describe('hooks service', () => {
  it('lists exactly the hooks the plugin defines', async () => {
    expect(implementedHooks(new TestPlugin()).sort()).toEqual(['ExecuteCommand', 'MessageWillBePosted', 'MessageWillBeUpdated', 'OnDeactivate']);
    expect(await client.call('Plugin.Implemented', hooks.Implemented.args, {}, hooks.Implemented.returns)).toEqual(
      implementedHooks(new TestPlugin()),
    );
  });

  it('maps MessageWillBePosted decisions to (post, reason)', async () => {
    const posted = (message: string) => call(hooks.MessageWillBePosted, { A: {}, B: post(message) });
    expect(await posted('reject')).toMatchObject({ A: null, B: 'no' });
    expect(await posted('dismiss')).toMatchObject({ A: null, B: 'plugin.message_will_be_posted.dismiss_post' });
    expect(await posted('plain')).toMatchObject({ A: null, B: '' });
    expect(((await posted('rewrite')).A as Post).message).toBe('rewritten');
  });

  it('answers a throwing post hook with the post unchanged, and logs it', async () => {
    expect(await call(hooks.MessageWillBePosted, { A: {}, B: post('throw') })).toMatchObject({ A: null, B: '' });
    const updated = await call(hooks.MessageWillBeUpdated, { A: {}, B: post('throw'), C: post('old') });
    expect((updated.A as Post).message).toBe('throw');
    expect(logged.filter((l) => l.startsWith('error hook MessageWillBe'))).toHaveLength(2);
  });

  it('lays a partial MessageWillBeUpdated answer over the new post, and returns it whole for "unchanged"', async () => {
    const changed = (await call(hooks.MessageWillBeUpdated, { A: {}, B: post('hi'), C: post('old') })).A as Post;
    expect(changed).toMatchObject({ id: 'p1', channel_id: 'c1', user_id: 'u1', message: 'hi!' });
    const kept = (await call(hooks.MessageWillBeUpdated, { A: {}, B: post('keep'), C: post('old') })).A as Post;
    expect(kept).toMatchObject({ id: 'p1', message: 'keep' });
  });

  it('returns a thrown AppError in the *model.AppError result, and other errors as a Go error', async () => {
    const ok = await call(hooks.ExecuteCommand, { A: {}, B: { command: '/hello' } });
    expect(ok).toMatchObject({ A: { text: '/hello' }, B: null });
    const failed = await call(hooks.ExecuteCommand, { A: {}, B: { command: '/fail' } });
    expect(failed.A).toBeNull();
    expect(failed.B).toMatchObject({ id: 'x.fail', message: 'failed', status_code: 418 });
    const stopped = await call(hooks.OnDeactivate, {});
    expect(stopped.A).toBeInstanceOf(Object);
    expect(JSON.stringify(stopped.A instanceof TypedValue ? stopped.A.value : stopped.A)).toContain('cannot stop');
  });

  it('answers a hook the plugin lacks with Go\'s own "not implemented" error', async () => {
    await expect(call(hooks.UserHasLoggedIn, { A: {}, B: null })).rejects.toThrow(
      new ServerError('Plugin.UserHasLoggedIn', 'Hook UserHasLoggedIn called but not implemented.'),
    );
  });
});
