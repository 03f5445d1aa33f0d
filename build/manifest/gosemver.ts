// Masterminds/semver v3.5.0 StrictNewVersion, the parser Mattermost's
// model.Manifest.IsValid uses for `version` and `min_server_version`, ported
// rule for rule (same order, same error texts) so a manifest we accept is one
// the server accepts. Go works on bytes; every check here is on ASCII, so JS
// string indices give the same answers, except the length cap (bytes).

const MAX_VERSION_BYTES = 256;
const DIGITS = /^[0-9]*$/;
const IDENTIFIER_CHARS = /^[0-9A-Za-z-]*$/;
const MAX_UINT64 = 18446744073709551615n;

/** Returns undefined when `version` is a strict semantic version, else Masterminds' reason. */
export function strictSemverProblem(version: string): string | undefined {
  if (version.length === 0) return 'version string empty';
  if (Buffer.byteLength(version) > MAX_VERSION_BYTES) return `version string is too long (max ${MAX_VERSION_BYTES} bytes)`;

  const parts = splitN(version, '.', 3);
  if (parts.length !== 3) return 'invalid semantic version';

  // Build metadata is cut off first, then the prerelease, both from the patch part.
  let patch = parts[2]!;
  const plus = patch.indexOf('+');
  if (plus >= 0) {
    const problem = metadataProblem(patch.slice(plus + 1));
    if (problem) return problem;
    patch = patch.slice(0, plus);
  }
  const dash = patch.indexOf('-');
  if (dash >= 0) {
    const problem = prereleaseProblem(patch.slice(dash + 1));
    if (problem) return problem;
    patch = patch.slice(0, dash);
  }

  const numbers = [parts[0]!, parts[1]!, patch];
  for (const segment of numbers) {
    if (!DIGITS.test(segment)) return 'invalid characters in version';
    if (segment.length > 1 && segment[0] === '0') return 'version segment starts with 0';
  }
  for (const segment of numbers) {
    if (segment === '') return `strconv.ParseUint: parsing "": invalid syntax`;
    if (BigInt(segment) > MAX_UINT64) return `strconv.ParseUint: parsing "${segment}": value out of range`;
  }
  return undefined;
}

function prereleaseProblem(prerelease: string): string | undefined {
  for (const identifier of prerelease.split('.')) {
    if (identifier === '') return 'invalid prerelease string';
    if (DIGITS.test(identifier)) {
      if (identifier.length > 1 && identifier[0] === '0') return 'version segment starts with 0';
    } else if (!IDENTIFIER_CHARS.test(identifier)) {
      return 'invalid prerelease string';
    }
  }
  return undefined;
}

function metadataProblem(metadata: string): string | undefined {
  for (const identifier of metadata.split('.')) {
    if (identifier === '' || !IDENTIFIER_CHARS.test(identifier)) return 'invalid metadata string';
  }
  return undefined;
}

/** Go's strings.SplitN: at most n parts, the last holding the rest. */
function splitN(text: string, separator: string, n: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (parts.length < n - 1) {
    const at = rest.indexOf(separator);
    if (at < 0) break;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + separator.length);
  }
  parts.push(rest);
  return parts;
}
