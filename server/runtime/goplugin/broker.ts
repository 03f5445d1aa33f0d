/**
 * go-plugin's MuxBroker (mux_broker.go): extra connections over the one
 * yamux session, named by uint32 ids.
 *
 * Each side numbers its own ids from 1; an id means something only to the
 * side that allocated it, which Accepts it while the other side Dials it.
 * Dialing opens a stream and writes the id (4 bytes, little-endian); the
 * acceptor echoes the same 4 bytes as the ack. A stream whose id nobody
 * accepts within 5 s is closed; an Accept nobody dials fails after 5 s.
 */
import type { ByteStream } from '../netrpc/byte-stream';
import { readExactly } from './stream-io';

export interface MuxSession {
  /** The next stream the peer opens; rejects once the session is closed. */
  accept(): Promise<ByteStream>;
  open(): Promise<ByteStream>;
}

export class BrokerError extends Error {
  override name = 'BrokerError';
}

const ACCEPT_TIMEOUT_MS = 5_000;

interface Waiter {
  resolve(stream: ByteStream): void;
}

interface Parked {
  stream: ByteStream;
  timer: NodeJS.Timeout;
}

export class MuxBroker {
  private lastId = 0;
  private readonly waiters = new Map<number, Waiter>();
  private readonly parked = new Map<number, Parked>();

  constructor(
    private readonly session: MuxSession,
    private readonly timeoutMs = ACCEPT_TIMEOUT_MS,
  ) {}

  /** A fresh id for this side to Accept. */
  nextId(): number {
    this.lastId = (this.lastId + 1) >>> 0;
    return this.lastId;
  }

  /** Routes every stream the peer opens to its Accept, until the session closes. */
  async run(): Promise<void> {
    for (;;) {
      let stream: ByteStream;
      try {
        stream = await this.session.accept();
      } catch {
        return;
      }
      void this.route(stream);
    }
  }

  /** Waits up to 5 s for the peer to dial `id`, then acknowledges it. */
  async accept(id: number): Promise<ByteStream> {
    const stream = await this.claim(id);
    await stream.write(idBytes(id));
    return stream;
  }

  /** Opens a stream to an id the peer is accepting. */
  async dial(id: number): Promise<ByteStream> {
    const opened = await this.session.open();
    await opened.write(idBytes(id));
    const { bytes, stream } = await readExactly(opened, 4);
    const ack = readId(bytes);
    if (ack !== id) {
      opened.reset();
      throw new BrokerError(`bad ack: ${ack} (expected ${id})`);
    }
    return stream;
  }

  private async route(incoming: ByteStream): Promise<void> {
    let id: number;
    let stream: ByteStream;
    try {
      const read = await readExactly(incoming, 4);
      id = readId(read.bytes);
      stream = read.stream;
    } catch {
      incoming.reset();
      return;
    }
    const waiter = this.waiters.get(id);
    if (waiter) {
      this.waiters.delete(id);
      waiter.resolve(stream);
      return;
    }
    // Dialed before the matching Accept: hold it for a while, as Go does.
    this.parked.get(id)?.stream.reset();
    const timer = setTimeout(() => {
      this.parked.delete(id);
      stream.reset();
    }, this.timeoutMs);
    timer.unref();
    this.parked.set(id, { stream, timer });
  }

  private claim(id: number): Promise<ByteStream> {
    const parked = this.parked.get(id);
    if (parked) {
      this.parked.delete(id);
      clearTimeout(parked.timer);
      return Promise.resolve(parked.stream);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(id);
        reject(new BrokerError(`timeout waiting for accept of stream id ${id}`));
      }, this.timeoutMs);
      this.waiters.set(id, {
        resolve: (stream) => {
          clearTimeout(timer);
          resolve(stream);
        },
      });
    });
  }
}

function idBytes(id: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, id, true);
  return bytes;
}

function readId(bytes: Uint8Array): number {
  return new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
}
