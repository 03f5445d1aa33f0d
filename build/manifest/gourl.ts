// Mattermost's model.IsValidHTTPURL (used by Manifest.IsValid for
// homepage_url, support_url and release_notes_url): the text must start with
// "http://" or "https://" and Go's url.ParseRequestURI must accept it with a
// non-empty host. This ports the parts of Go 1.26 net/url that can reject such
// a string: control characters, the authority (userinfo, host, port, IPv6
// literal) and percent-escapes. The query is cut off at the first "?" and never
// checked; "#" is not special for ParseRequestURI.

import { isIPv6 } from 'node:net';

/** Returns undefined when Mattermost accepts `raw` as an http(s) URL, else the reason. */
export function httpUrlProblem(raw: string): string | undefined {
  if (!raw.startsWith('http://') && !raw.startsWith('https://')) return 'it must start with http:// or https://';
  // eslint-disable-next-line no-control-regex -- Go's net/url refuses exactly these bytes
  if (/[\u0000-\u001f\u007f]/.test(raw)) return 'net/url: invalid control character in URL';

  const scheme = raw.startsWith('https://') ? 'https' : 'http';
  let rest = raw.slice(scheme.length + 1);
  const question = rest.indexOf('?');
  if (question >= 0) rest = rest.slice(0, question);

  // rest starts with "//": the authority runs to the next "/".
  let authority = rest.slice(2);
  let path = '';
  const slash = authority.indexOf('/');
  if (slash >= 0) {
    path = authority.slice(slash);
    authority = authority.slice(0, slash);
  }

  const at = authority.lastIndexOf('@');
  const hostPort = at < 0 ? authority : authority.slice(at + 1);
  const hostResult = parseHost(hostPort);
  if (typeof hostResult === 'object') return hostResult.problem;
  if (at >= 0) {
    const userinfo = authority.slice(0, at);
    if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) return 'net/url: invalid userinfo';
    const problem = escapeProblem(userinfo);
    if (problem) return problem;
  }
  const pathProblem = escapeProblem(path);
  if (pathProblem) return pathProblem;
  if (hostResult === '') return 'it has no host';
  return undefined;
}

// Characters Go's url package lets through unescaped in a host (encodeHost).
const HOST_CHARS = /^[A-Za-z0-9\-_.~!$&'()*+,;=:[\]<>"]$/;

/** Go's parseHost for http(s): the unescaped host, or the reason it is invalid. */
function parseHost(host: string): string | { problem: string } {
  const open = host.lastIndexOf('[');
  if (open > 0) return { problem: 'invalid IP-literal' };
  if (open === 0) {
    const close = host.lastIndexOf(']');
    if (close < 0) return { problem: "missing ']' in host" };
    const colonPort = host.slice(close + 1);
    if (!validOptionalPort(colonPort)) return { problem: `invalid port "${colonPort}" after host` };
    const literal = host.slice(1, close);
    const zone = literal.indexOf('%25');
    const address = zone >= 0 ? literal.slice(0, zone) : literal;
    const addressProblem = hostEscapeProblem(address);
    if (addressProblem) return { problem: addressProblem };
    const unescaped = zone >= 0 ? `${decodeHost(address)}%${literal.slice(zone + 3)}` : decodeHost(address);
    if (!isIPv6(unescaped)) return { problem: `invalid host: "${unescaped}" is not an IPv6 address` };
    return `[${unescaped}]${colonPort}`;
  }
  const colon = host.indexOf(':');
  if (colon >= 0) {
    // Go 1.26 (urlstrictcolons) takes the first colon for http and https.
    const colonPort = host.slice(colon);
    if (!validOptionalPort(colonPort)) return { problem: `invalid port "${colonPort}" after host` };
  }
  const problem = hostEscapeProblem(host);
  if (problem) return { problem };
  return decodeHost(host);
}

function validOptionalPort(port: string): boolean {
  return port === '' || /^:[0-9]*$/.test(port);
}

/** Go's unescape(s, encodeHost) checks: well-formed escapes of non-ASCII bytes only, allowed characters. */
function hostEscapeProblem(host: string): string | undefined {
  for (let i = 0; i < host.length; ) {
    const c = host[i]!;
    if (c === '%') {
      if (!isHex(host[i + 1]) || !isHex(host[i + 2])) return `invalid URL escape "${host.slice(i, i + 3)}"`;
      if (parseInt(host[i + 1]!, 16) < 8 && host.slice(i, i + 3) !== '%25') return `invalid URL escape "${host.slice(i, i + 3)}"`;
      i += 3;
    } else {
      if (c.charCodeAt(0) < 0x80 && !HOST_CHARS.test(c)) return `invalid character "${c}" in host name`;
      i += 1;
    }
  }
  return undefined;
}

/** Go's unescape for paths and userinfo: every "%" must start a two-digit hex escape. */
function escapeProblem(text: string): string | undefined {
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '%') continue;
    if (!isHex(text[i + 1]) || !isHex(text[i + 2])) return `invalid URL escape "${text.slice(i, i + 3)}"`;
    i += 2;
  }
  return undefined;
}

function decodeHost(host: string): string {
  // Only emptiness and IPv6 syntax are checked on the result, so decoding the
  // escapes to characters (not UTF-8 bytes) is enough.
  return host.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function isHex(c: string | undefined): boolean {
  return c !== undefined && /^[0-9A-Fa-f]$/.test(c);
}
