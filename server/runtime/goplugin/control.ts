/**
 * The services go-plugin serves on the control stream (rpc_server.go):
 * Control.Ping and Control.Quit take a bool and answer struct{};
 * Dispenser.Dispense takes a plugin name and answers the broker id on which
 * that plugin's "Plugin" service will be served.
 */
import { bool, emptyStruct, string, uint32 } from '../gob/schema';
import { MethodError, RpcServer } from '../netrpc';
import type { ByteStream } from '../netrpc/byte-stream';
import type { MuxBroker } from './broker';
import type { Logger } from './hclog';

/** Builds the net/rpc server for one dispensed plugin (go-plugin's Plugin.Server). */
export type PluginServerFactory = (broker: MuxBroker) => RpcServer;

export interface ControlOptions {
  readonly broker: MuxBroker;
  readonly plugins: Readonly<Record<string, PluginServerFactory>>;
  readonly logger: Logger;
  /** Called after Control.Quit has been answered. */
  readonly onQuit: () => void;
}

export function controlServer({ broker, plugins, logger, onQuit }: ControlOptions): RpcServer {
  return new RpcServer()
    .register('Control.Ping', { argType: bool, replyType: emptyStruct, handler: () => ({}) })
    .register('Control.Quit', {
      argType: bool,
      replyType: emptyStruct,
      handler: () => {
        // Answer first; the host waits for this reply before closing the session.
        setImmediate(onQuit);
        return {};
      },
    })
    .register<string, number>('Dispenser.Dispense', {
      argType: string,
      replyType: uint32,
      handler: (name) => {
        const factory = plugins[name];
        if (!factory) throw new MethodError(`unknown plugin type: ${name}`);
        const server = factory(broker);
        const id = broker.nextId();
        broker.accept(id).then(
          (stream: ByteStream) => server.serve(stream, { onError: (error, method) => logger.error('plugin RPC failed', { method, error }) }),
          (error: unknown) => logger.error(`go-plugin: plugin dispense error: ${name}`, { error }),
        );
        return id;
      },
    });
}
