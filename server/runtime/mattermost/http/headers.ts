/**
 * Go's http.Header (map[string][]string with canonical keys) ↔ Fetch Headers
 * (lower-cased names). Go's ResponseWriter keys must be canonical
 * ("Content-Type"), or the host sends duplicates of what it set itself.
 */
import { mapOf, sliceOf, string } from '../../gob/schema';

export type GoHeader = Record<string, string[]>;

export const goHeaderType = mapOf(string, sliceOf(string));

/** net/textproto.CanonicalMIMEHeaderKey for valid token names. */
export function canonicalHeaderKey(name: string): string {
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) return name;
  let upper = true;
  let out = '';
  for (const ch of name) {
    out += upper ? ch.toUpperCase() : ch.toLowerCase();
    upper = ch === '-';
  }
  return out;
}

export function headersFromGo(header: GoHeader | null | undefined): Headers {
  const headers = new Headers();
  for (const [name, values] of Object.entries(header ?? {})) {
    for (const value of values ?? []) {
      try {
        headers.append(name, value);
      } catch {
        // A value Fetch refuses (e.g. bare CR/LF) cannot reach the author; drop it rather than fail the request.
      }
    }
  }
  return headers;
}

export function headersToGo(headers: Headers): GoHeader {
  const out: GoHeader = {};
  for (const [name, value] of headers) {
    if (name === 'set-cookie') continue; // joined by Headers iteration; taken one by one below
    out[canonicalHeaderKey(name)] = [value];
  }
  const cookies = headers.getSetCookie();
  if (cookies.length > 0) out['Set-Cookie'] = cookies;
  return out;
}
