/**
 * The Probe plugin in TypeScript: every runtime path the conformance suite
 * and the benchmarks exercise (specified in ../PLUGINS.md; the Go reference
 * implementation answers the same way).
 */
import { createHash } from 'node:crypto';
import {
  AppError,
  dismissPost,
  MattermostPlugin,
  PluginApiError,
  rejectPost,
  type CommandArgs,
  type CommandResponse,
  type Context,
  type Hooks,
  type Post,
  type PostDecision,
} from '../../runtime';

const encoder = new TextEncoder();

export class ProbePlugin extends MattermostPlugin implements Hooks {
  async onActivate(): Promise<void> {
    await this.api.registerCommand({
      trigger: 'probe',
      auto_complete: true,
      auto_complete_desc: 'Exercise the plugin runtime',
      auto_complete_hint: '[echo <text>|fail]',
      display_name: 'Probe',
    });
    await this.api.kvSet('activated', encoder.encode('yes'));
    await this.api.ensureBotUser({ username: 'probe-bot', display_name: 'Probe' });
  }

  messageWillBePosted(_c: Context, post: Post): PostDecision {
    switch (post.message) {
      case 'reject me':
        return rejectPost('rejected by probe');
      case 'dismiss me':
        return dismissPost();
      case 'throw':
        throw new Error('probe: thrown on purpose');
    }
    if (!post.message.includes('rewrite')) return undefined;
    // Only the changed fields; the server merges props key by key.
    return { message: `${post.message} [rewritten]`, props: { probe: 'yes' } };
  }

  messageWillBeUpdated(_c: Context, newPost: Post): PostDecision {
    return { message: `${newPost.message} [edited]` };
  }

  async messageHasBeenPosted(_c: Context, post: Post): Promise<void> {
    await this.api.kvSet('last_post', encoder.encode(post.id));
  }

  executeCommand(_c: Context, args: CommandArgs): Partial<CommandResponse> {
    const command = args.command.trim();
    const echo = /^\/probe\s+echo(?:\s+([\s\S]*))?$/.exec(command);
    if (echo) return ephemeral((echo[1] ?? '').trim());
    if (/^\/probe\s+fail$/.test(command)) {
      throw new AppError({ id: 'probe.fail', message: 'probe failed on request', statusCode: 400, where: 'Probe.ExecuteCommand' });
    }
    return ephemeral('usage: /probe echo <text> | /probe fail');
  }

  async serveHTTP(_c: Context, request: Request): Promise<Response> {
    const url = new URL(request.url);
    switch (`${request.method} ${url.pathname}`) {
      case 'GET /hello':
        return new Response('hello', { headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Probe': '1' } });
      case 'POST /echo': {
        const body = new Uint8Array(await request.arrayBuffer());
        const headers: Record<string, string> = { 'X-Body-Sha256': createHash('sha256').update(body).digest('hex') };
        const type = request.headers.get('Content-Type');
        if (type) headers['Content-Type'] = type;
        return new Response(body, { headers });
      }
      case 'GET /whoami': {
        const user = request.headers.get('Mattermost-User-Id');
        if (!user) return Response.json({ error: 'not authenticated' }, { status: 401 });
        return new Response(user, { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
      }
      case 'GET /throw':
        throw new Error('probe: handler thrown on purpose');
      case 'GET /kv': {
        const n = url.searchParams.get('n') ?? '1';
        if (!/^\d+$/.test(n) || Number(n) > 1_000_000) return Response.json({ error: 'bad n' }, { status: 400 });
        return this.kvLoop(Number(n));
      }
      case 'GET /stream':
        return new Response(slowChunks(['a', 'b', 'c']), { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
      case 'GET /api-error':
        return this.apiError();
      default:
        return new Response('404 page not found\n', {
          status: 404,
          headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
        });
    }
  }

  private async kvLoop(n: number): Promise<Response> {
    const start = process.hrtime.bigint();
    try {
      for (let i = 0; i < n; i++) await this.api.kvGet('bench');
    } catch (error) {
      return Response.json({ error: error instanceof Error ? error.message : String(error) }, { status: 500 });
    }
    return Response.json({ n, ns: Number(process.hrtime.bigint() - start) });
  }

  private async apiError(): Promise<Response> {
    try {
      await this.api.getUser('missing');
      return Response.json({ error: 'expected an error' }, { status: 500 });
    } catch (error) {
      if (!(error instanceof PluginApiError)) throw error;
      const status = error.statusCode ?? 500;
      return Response.json({ id: error.id, message: error.message, status_code: status }, { status });
    }
  }
}

function ephemeral(text: string): Partial<CommandResponse> {
  return { response_type: 'ephemeral', text };
}

/** A body whose chunks arrive over time, so each must be flushed to the client on its own. */
function slowChunks(chunks: string[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream({
    async pull(controller) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 50));
      if (i === chunks.length) return controller.close();
      controller.enqueue(encoder.encode(chunks[i++]));
    },
  });
}
