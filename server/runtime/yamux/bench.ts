/**
 * Throughput and latency of our yamux server against the Go host's yamux
 * client, next to the same Go client against Go's own yamux server.
 *
 *   npx tsx server/runtime/yamux/bench.ts [transferMiB=256] [roundTrips=10000]
 *
 * Both runs use gopeer's `bench` scenario over a unix socket; the server side
 * serves the protocol described in gopeer/bench.go (echo, sink, generate).
 * Figures are printed, never asserted.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { serveBenchProtocol } from './testing/bench-server';
import { buildGoPeer, runGoPeer } from './testing/go-peer';

interface Latency {
  count: number;
  meanMicros: number;
  p50Micros: number;
  p99Micros: number;
  perSecond: number;
}

function row(name: string, ts: number, go: number, unit: string): string {
  return `${name.padEnd(34)} ${ts.toFixed(1).padStart(10)} ${go.toFixed(1).padStart(10)}  ${unit}`;
}

function latencyRows(name: string, ts: Latency, go: Latency): string[] {
  return [
    row(`${name} mean`, ts.meanMicros, go.meanMicros, 'µs'),
    row(`${name} p50`, ts.p50Micros, go.p50Micros, 'µs'),
    row(`${name} p99`, ts.p99Micros, go.p99Micros, 'µs'),
    row(`${name} rate`, ts.perSecond, go.perSecond, 'per s'),
  ];
}

const transferMiB = Number(process.argv[2] ?? 256);
const roundTrips = Number(process.argv[3] ?? 10_000);
const size = transferMiB * 1024 * 1024;
const binary = await buildGoPeer();
const ours = await runGoPeer('bench', { n: roundTrips, size }, serveBenchProtocol);
const { stdout } = await promisify(execFile)(binary, ['-baseline', '-scenario', 'bench', '-n', String(roundTrips), '-size', String(size)]);
const go = JSON.parse(stdout) as Record<string, unknown>;
const ts = ours.go;

console.log(`Go yamux client (host) → server: TypeScript vs Go; ${transferMiB} MiB transfers, ${roundTrips} round trips`);
console.log(`${''.padEnd(34)} ${'TypeScript'.padStart(10)} ${'Go'.padStart(10)}`);
const lines = [
  row('host → plugin throughput', ts.goToPeerMiBps as number, go.goToPeerMiBps as number, 'MiB/s'),
  row('plugin → host throughput', ts.peerToGoMiBps as number, go.peerToGoMiBps as number, 'MiB/s'),
  ...latencyRows('64 B round trip, 1 stream', ts.roundTrip64B as Latency, go.roundTrip64B as Latency),
  ...latencyRows('256 B round trip, 16 streams', ts.concurrent16x256B as Latency, go.concurrent16x256B as Latency),
  ...latencyRows('open+64 B echo+close', ts.openEchoClose as Latency, go.openEchoClose as Latency),
];
for (const line of lines) console.log(line);
