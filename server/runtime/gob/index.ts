/**
 * encoding/gob for the plugin's RPC streams: schemas (schema.ts), a stateful
 * Encoder and Decoder per stream direction, interface-value registry and the
 * time.Time / url.URL marshalers. See docs/architecture.md, "gob".
 */
export * from './schema';
export { Encoder, type EncoderOptions } from './encoder';
export { Decoder, type DecoderOptions } from './decoder';
export { GobError } from './errors';
export {
  GO_TYPE,
  TypedValue,
  TypeRegistry,
  defaultRegistry,
  goTypeOf,
  registerName,
  withGoType,
  type GoTypeInfo,
} from './interface';
export { GoTime, timeTime, urlURL } from './marshalers';
