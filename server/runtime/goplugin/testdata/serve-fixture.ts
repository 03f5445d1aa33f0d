/**
 * A go-plugin process with one dispensable plugin, "echo", whose "Plugin"
 * service answers Plugin.Echo(string) → string. Run by serve.test.ts.
 */
import '../console';
import { string } from '../../gob/schema';
import { RpcServer } from '../../netrpc';
import { serve } from '../serve';

void serve({
  magicCookieKey: 'TEST_PLUGIN_COOKIE',
  magicCookieValue: 'let me in',
  protocolVersion: 1,
  plugins: {
    echo: () => new RpcServer().register<string, string>('Plugin.Echo', { argType: string, replyType: string, handler: (s) => s }),
  },
});
