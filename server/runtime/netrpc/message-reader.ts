/**
 * Pulls whole gob values off a byte stream: feeds chunks to the stream's gob
 * Decoder until it can produce the next value. Go's net/rpc keeps one
 * decoder per connection, so type definitions persist across messages.
 */
import { Decoder, type GobType } from '../gob';
import type { ByteStream } from './byte-stream';

export class EndOfStream extends Error {
  override name = 'EndOfStream';
  constructor() {
    super('the peer closed the stream');
  }
}

export class MessageReader {
  private readonly decoder = new Decoder();

  constructor(private readonly stream: ByteStream) {}

  /** The next value; rejects with EndOfStream at a clean end, or with the decoder's GobError. */
  async next(type?: GobType, into?: unknown): Promise<unknown> {
    for (;;) {
      const decoded = this.decoder.next(type, into);
      if (decoded) return decoded.value;
      const chunk = await this.stream.read();
      if (chunk === null) throw new EndOfStream();
      this.decoder.push(chunk);
    }
  }
}
