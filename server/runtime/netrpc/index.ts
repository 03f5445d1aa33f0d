export type { ByteStream } from './byte-stream';
export { RpcClient } from './client';
export { RpcServer, type MethodSpec, type ServeOptions } from './server';
export { MethodError, messageOf, ProtocolError, RpcError, ServerError, ShutdownError } from './errors';
