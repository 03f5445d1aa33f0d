/**
 * A hand-driven peer for session tests: sends raw frames into a Session over
 * a ScriptedConnection and parses what the session wrote back.
 */
import { FrameDecoder } from '../decoder';
import type { SessionConfig } from '../config';
import { Flag, FrameType, type FrameHeader } from '../frame';
import { encodeHeader } from '../header';
import { Session } from '../session';
import { ScriptedConnection } from './memory-duplex';

export interface WrittenFrame {
  readonly type: number;
  readonly flags: number;
  readonly streamId: number;
  readonly length: number;
  readonly payload?: string;
}

export const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function frameBytes(type: number, flags: number, streamId: number, length: number, payload?: Uint8Array): Buffer {
  const header = encodeHeader({ version: 0, type, flags, streamId, length });
  return payload ? Buffer.concat([header, payload]) : Buffer.from(header);
}

export class RawPeer {
  readonly connection = new ScriptedConnection();
  readonly session: Session;
  private readonly decoder = new FrameDecoder();
  private current: { header: FrameHeader; pieces: Uint8Array[] } | undefined;

  constructor(config: Partial<SessionConfig> = {}) {
    this.session = Session.server(this.connection.duplex, { enableKeepAlive: false, ...config });
  }

  send(type: number, flags: number, streamId: number, length: number, payload?: Uint8Array): void {
    this.connection.feed(frameBytes(type, flags, streamId, length, payload));
  }

  /** Opens stream `id` the way Go does: WindowUpdate with SYN. */
  syn(id: number): void {
    this.send(FrameType.WindowUpdate, Flag.SYN, id, 0);
  }

  data(id: number, payload: Uint8Array | string, flags = 0): void {
    const bytes = typeof payload === 'string' ? new TextEncoder().encode(payload) : payload;
    this.send(FrameType.Data, flags, id, bytes.length, bytes);
  }

  /** Frames the session wrote since the last call, after letting its batches go out. */
  async written(): Promise<WrittenFrame[]> {
    for (let i = 0; i < 4; i += 1) await tick();
    this.decoder.push(this.connection.takeOutput());
    const frames: WrittenFrame[] = [];
    for (let item; (item = this.decoder.next()); ) {
      if (item.kind === 'header') {
        const h = item.header;
        if (h.type === FrameType.Data && h.length > 0) this.current = { header: h, pieces: [] };
        else frames.push({ type: h.type, flags: h.flags, streamId: h.streamId, length: h.length });
      } else {
        this.current!.pieces.push(item.bytes);
        if (item.last) {
          const h = this.current!.header;
          frames.push({ type: h.type, flags: h.flags, streamId: h.streamId, length: h.length, payload: Buffer.concat(this.current!.pieces).toString('latin1') });
          this.current = undefined;
        }
      }
    }
    return frames;
  }
}
