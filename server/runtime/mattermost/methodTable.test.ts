import { describe, expect, it } from 'vitest';
import type { Post } from './generated/models';
import { apiMethods, createPluginAPI } from './generated/api';
import { PluginApiError, type ApiMethod } from './methodTable';

/** A call function that records calls and answers from a script. */
function scripted(answer: (method: ApiMethod, args: unknown[]) => unknown[]) {
  const calls: Array<[string, unknown[]]> = [];
  const api = createPluginAPI(async (method, args) => {
    calls.push([method.name, args]);
    return answer(method, args);
  });
  return { api, calls };
}

describe('createPluginAPI', () => {
  it('passes the Go parameters as Args fields and resolves with the single value', async () => {
    const post = { id: 'p1', message: 'hoge' } as Post;
    const { api, calls } = scripted(() => [{ ...post, id: 'p2' }, null]);
    await expect(api.createPost(post)).resolves.toMatchObject({ id: 'p2' });
    expect(calls).toEqual([['CreatePost', [post]]]);
  });

  it('throws PluginApiError with the AppError when the error result is non-nil', async () => {
    const appError = { id: 'app.post.create', message: 'Unable to create', detailed_error: 'db', status_code: 400 };
    const { api } = scripted(() => [null, appError]);
    const err = await api.createPost(null).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(PluginApiError);
    expect(err).toMatchObject({
      method: 'CreatePost',
      id: 'app.post.create',
      message: 'Unable to create',
      detailedError: 'db',
      statusCode: 400,
      goError: appError,
    });
    expect(String(err)).toBe('PluginApiError [CreatePost]: Unable to create, db');
  });

  it('reads an ErrorString behind an `error` result', async () => {
    const { api } = scripted(() => [null, { Code: 0, Err: 'no bundle' }]);
    await expect(api.getBundlePath()).rejects.toThrow('no bundle');
  });

  it('resolves undefined for no values and a Go-ordered tuple for several', async () => {
    const { api } = scripted((m) => (m.name === 'KVSet' ? [null] : [new Uint8Array([1]), 'image/png', null]));
    await expect(api.kvSet('k', new Uint8Array([2]))).resolves.toBeUndefined();
    await expect(api.getEmojiImage('e1')).resolves.toEqual([new Uint8Array([1]), 'image/png']);
  });

  it('packs a variadic tail into one slice argument', async () => {
    const { api, calls } = scripted(() => []);
    await api.logDebug('hello', 'user', 'u1', 'n', '3');
    await api.logInfo('bare');
    expect(calls).toEqual([
      ['LogDebug', ['hello', ['user', 'u1', 'n', '3']]],
      ['LogInfo', ['bare', []]],
    ]);
  });

  it('leaves out methods whose transport is special', () => {
    const { api } = scripted(() => []);
    const client = api as unknown as Record<string, unknown>;
    expect(apiMethods.UploadData.special).toBe(true);
    expect(client.uploadData).toBeUndefined();
    expect(client.loadPluginConfiguration).toBeUndefined();
    expect(client.pluginHTTPStream).toBeUndefined();
    expect(typeof client.getUserByUsername).toBe('function');
  });
});
