/**
 * The host's http.ResponseWriter, served as net/rpc service "Plugin" on a
 * broker stream (plugin/http.go httpResponseWriterRPCServer). Every call
 * waits for its reply: the host runs each call in its own goroutine, so
 * pipelined calls could reach the ResponseWriter out of order.
 */
import { bytes, emptyStruct, int } from '../../gob/schema';
import { RpcClient } from '../../netrpc';
import type { ByteStream } from '../../netrpc/byte-stream';
import { goHeaderType, type GoHeader } from './headers';

export class ResponseWriterClient {
  private readonly rpc: RpcClient;

  constructor(stream: ByteStream) {
    this.rpc = new RpcClient(stream);
  }

  /** The headers the host has already set (Go plugins start from these too). */
  header(): Promise<GoHeader> {
    return this.rpc.call<GoHeader>('Plugin.Header', emptyStruct, {}, goHeaderType).then((h) => h ?? {});
  }

  /** Replaces the host's header map: keys absent here are deleted there. */
  async syncHeader(header: GoHeader): Promise<void> {
    await this.rpc.call('Plugin.SyncHeader', goHeaderType, header, emptyStruct);
  }

  /** 100–999, or the host refuses with "invalid http status code". */
  async writeHeader(status: number): Promise<void> {
    await this.rpc.call('Plugin.WriteHeader', int, status, emptyStruct);
  }

  async write(chunk: Uint8Array): Promise<void> {
    await this.rpc.call('Plugin.Write', bytes, chunk, emptyStruct);
  }

  /** Sends what the host has buffered to the client (servers before Flush existed answer "can't find method"). */
  async flush(): Promise<void> {
    await this.rpc.call('Plugin.Flush', emptyStruct, {}, emptyStruct);
  }

  close(): Promise<void> {
    return this.rpc.close();
  }
}
