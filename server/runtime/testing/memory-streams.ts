/** In-memory ByteStream pairs and a fake MuxSession, for tests of the layers above yamux. */
import type { ByteStream } from '../netrpc/byte-stream';
import type { MuxSession } from '../goplugin/broker';

class Pipe {
  private chunks: Uint8Array[] = [];
  private ended = false;
  private broken = false;
  private wake?: () => void;

  push(chunk: Uint8Array) {
    this.chunks.push(chunk.slice());
    this.notify();
  }
  end() {
    this.ended = true;
    this.notify();
  }
  break() {
    this.broken = true;
    this.notify();
  }
  async read(): Promise<Uint8Array | null> {
    for (;;) {
      const chunk = this.chunks.shift();
      if (chunk) return chunk;
      if (this.broken) throw new Error('stream reset');
      if (this.ended) return null;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
  private notify() {
    this.wake?.();
    this.wake = undefined;
  }
}

export function streamPair(): [ByteStream, ByteStream] {
  const ab = new Pipe();
  const ba = new Pipe();
  const side = (incoming: Pipe, outgoing: Pipe): ByteStream => ({
    read: () => incoming.read(),
    write: async (bytes) => outgoing.push(bytes),
    closeWrite: async () => outgoing.end(),
    reset: () => {
      incoming.break();
      outgoing.break();
    },
  });
  return [side(ab, ba), side(ba, ab)];
}

/** Two MuxSessions whose open() on one side is accept() on the other. */
export function sessionPair(): [MuxSession, MuxSession] {
  const queues: Array<{ waiting: ByteStream[]; wake?: () => void }> = [{ waiting: [] }, { waiting: [] }];
  const make = (mine: number): MuxSession => ({
    async accept() {
      const q = queues[mine]!;
      for (;;) {
        const stream = q.waiting.shift();
        if (stream) return stream;
        await new Promise<void>((resolve) => (q.wake = resolve));
      }
    },
    async open() {
      const [here, there] = streamPair();
      const q = queues[1 - mine]!;
      q.waiting.push(there);
      q.wake?.();
      q.wake = undefined;
      return here;
    },
  });
  return [make(0), make(1)];
}
