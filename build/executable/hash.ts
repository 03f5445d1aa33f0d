/** Streaming file digests: sha256 hex for binaries, npm's `sha512-<base64>` integrity for tarballs. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

async function digestFile(file: string, algorithm: 'sha256' | 'sha512'): Promise<Buffer> {
  const hash = createHash(algorithm);
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest();
}

export async function sha256File(file: string): Promise<string> {
  return (await digestFile(file, 'sha256')).toString('hex');
}

/** The Subresource Integrity string npm records for a tarball. */
export async function integrityOfFile(file: string): Promise<string> {
  return `sha512-${(await digestFile(file, 'sha512')).toString('base64')}`;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
