/**
 * Micro-benchmark (not a test): encode and decode ops/s for a Mattermost
 * Post with props, on one long-lived Encoder/Decoder pair as on an RPC
 * stream (type definitions sent once). Run: npx tsx server/runtime/gob/bench.ts
 */
import { Decoder } from './decoder';
import { Encoder } from './encoder';
import { TypedValue } from './interface';
import { Post, vectorRegistry } from './test-support/schemas';

const registry = vectorRegistry();

const post = {
  id: 'p1yo7hb7ifrwdmwn9ykn1x1cxe',
  create_at: 1700000000123,
  update_at: 1700000000456,
  edit_at: 0,
  delete_at: 0,
  is_pinned: false,
  user_id: 'u1yo7hb7ifrwdmwn9ykn1x1cxe',
  channel_id: 'c1yo7hb7ifrwdmwn9ykn1x1cxe',
  root_id: '',
  original_id: '',
  message: 'Meeting at 10:00? hoge — see the notes in the thread 🌍',
  type: '',
  props: {
    from_webhook: 'true',
    override_username: 'bot',
    count: 3,
    ratio: 0.25,
    flag: true,
    nothing: null,
    list: ['a', 1, false, { k: 'v' }],
    obj: { nested: { deep: [1, 2, 3] }, n: 1e21 },
    attachments: new TypedValue('[]*model.SlackAttachment', [
      { fallback: 'fb', color: '#ff0000', title: 'Title', text: 'body', fields: [{ title: 'f', value: 'v', short: true }], ts: '1700000000' },
    ]),
  },
  hashtags: '#hoge',
  Filenames: null,
  file_ids: ['f1', 'f2'],
  pending_post_id: 'pending',
  reply_count: 2,
  last_reply_at: 1700000000999,
  participants: null,
};

function measure(label: string, run: () => void, minMs = 1500): void {
  for (let i = 0; i < 2000; i++) run(); // warm up the JIT
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let i = 0; i < 500; i++) run();
    n += 500;
    elapsed = performance.now() - start;
  }
  const perSecond = (n / elapsed) * 1000;
  console.log(`${label.padEnd(40)} ${Math.round(perSecond).toLocaleString('en-US').padStart(10)} ops/s  ${((elapsed * 1000) / n).toFixed(2).padStart(7)} µs/op`);
}

const encoder = new Encoder({ registry });
const first = encoder.encode(Post, post); // with definitions
const message = encoder.encode(Post, post);
console.log(`Post message: ${message.length} bytes (${first.length} with type definitions)`);

measure('encode Post (schema)', () => {
  encoder.encode(Post, post);
});

const decoder = new Decoder({ registry });
decoder.push(first);
decoder.next(Post);
measure('decode Post (schema)', () => {
  decoder.push(message);
  decoder.next(Post);
});

const wireDecoder = new Decoder({ registry });
wireDecoder.push(first);
wireDecoder.next();
measure('decode Post (no schema, Go names)', () => {
  wireDecoder.push(message);
  wireDecoder.next();
});

const intoDecoder = new Decoder({ registry });
intoDecoder.push(first);
const target = intoDecoder.next(Post)!.value;
measure('decode Post into an existing Post', () => {
  intoDecoder.push(message);
  intoDecoder.next(Post, target);
});

measure('fresh Encoder + Decoder, first Post', () => {
  const d = new Decoder({ registry });
  d.push(new Encoder({ registry }).encode(Post, post));
  d.next(Post);
}, 1000);
