// multipart/form-data for the plugin upload, streamed from disk: the text
// fields first, then the file, as Client4.uploadPlugin's FormData sends them
// (`force`, then `plugin`). Go's ParseMultipartForm reads it on the server.

import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';

export interface MultipartFile {
  field: string;
  filename: string;
  contentType: string;
  path: string;
  size: number;
}

export interface MultipartBody {
  contentType: string;
  length: number;
  open: () => Readable;
}

export function multipartBody(fields: [string, string][], file: MultipartFile): MultipartBody {
  const boundary = `----mattermost-plugin-${randomBytes(12).toString('hex')}`;
  const head = Buffer.from(
    fields.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${escapeQuoted(name)}"\r\n\r\n${value}\r\n`).join('') +
      `--${boundary}\r\nContent-Disposition: form-data; name="${escapeQuoted(file.field)}"; filename="${escapeQuoted(file.filename)}"\r\n` +
      `Content-Type: ${file.contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    length: head.length + file.size + tail.length,
    open: () =>
      Readable.from(
        (async function* () {
          yield head;
          yield* createReadStream(file.path);
          yield tail;
        })(),
      ),
  };
}

function escapeQuoted(text: string): string {
  return text.replace(/["\\\r\n]/g, (c) => encodeURIComponent(c));
}
