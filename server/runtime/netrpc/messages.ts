/**
 * net/rpc's two header structs (src/net/rpc/server.go). Each call is a
 * Request header followed by the argument; each answer a Response header
 * followed by the reply (struct{} when Error is set).
 */
import { defineStruct, field, string, uint64, type StructType } from '../gob/schema';

export interface RequestHeader {
  ServiceMethod: string;
  Seq: number;
}

export interface ResponseHeader {
  ServiceMethod: string;
  Seq: number;
  Error: string;
}

export const requestHeaderType: StructType = defineStruct('rpc.Request', [
  field('ServiceMethod', string),
  field('Seq', uint64),
]);

export const responseHeaderType: StructType = defineStruct('rpc.Response', [
  field('ServiceMethod', string),
  field('Seq', uint64),
  field('Error', string),
]);
