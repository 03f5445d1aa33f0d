// Validates a parsed plugin.json with Mattermost's own rules, so a manifest
// that passes here is one the server installs:
//   - the shape of model.Manifest (server/public v0.4.4): known fields only
//     (like the starter template's DisallowUnknownFields), JSON types as Go
//     decodes them, null read as "absent";
//   - Manifest.IsValid and everything it calls (plugin id, name, URLs, strict
//     semver, settings and sections);
//   - toolkit rules the build needs (version present, executables per
//     <os>-<arch> with paths inside the plugin directory, typed defaults, …).
// Every problem is one line that names the field and the rule; all of them are
// collected and thrown together as a ManifestError.

import { posix } from 'node:path';

import { ToolkitError } from '../lib/errors';
import { httpUrlProblem } from './gourl';
import { strictSemverProblem } from './gosemver';
import { SETTING_VALUE_KIND, coerceDefault, allSettings } from './settings';
import { SETTING_TYPES, type Manifest, type ManifestSetting, type SettingType, type ValidatedManifest } from './types';

export class ManifestError extends ToolkitError {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

const MATTERMOST_RULE = 'Mattermost manifest rule';
const FORMAT_RULE = 'Mattermost manifest format';
const TOOLKIT_RULE = 'toolkit rule';

// The Go structs of model/manifest.go: JSON field name -> how Go decodes it.
type FieldKind =
  | 'string'
  | 'bool'
  | 'any'
  | 'object' // map[string]any
  | 'stringMap' // map[string]string
  | { struct: string }
  | { structArray: string };

const STRUCTS: Record<string, Record<string, FieldKind>> = {
  Manifest: {
    id: 'string',
    name: 'string',
    description: 'string',
    homepage_url: 'string',
    support_url: 'string',
    release_notes_url: 'string',
    icon_path: 'string',
    version: 'string',
    min_server_version: 'string',
    server: { struct: 'ManifestServer' },
    webapp: { struct: 'ManifestWebapp' },
    settings_schema: { struct: 'PluginSettingsSchema' },
    props: 'object',
  },
  ManifestServer: { executables: 'stringMap', executable: 'string' },
  ManifestWebapp: { bundle_path: 'string' },
  PluginSettingsSchema: {
    header: 'string',
    footer: 'string',
    settings: { structArray: 'PluginSetting' },
    sections: { structArray: 'PluginSettingsSection' },
  },
  PluginSettingsSection: {
    key: 'string',
    title: 'string',
    subtitle: 'string',
    settings: { structArray: 'PluginSetting' },
    header: 'string',
    footer: 'string',
    custom: 'bool',
    fallback: 'bool',
  },
  PluginSetting: {
    key: 'string',
    display_name: 'string',
    type: 'string',
    help_text: 'string',
    regenerate_help_text: 'string',
    placeholder: 'string',
    default: 'any',
    options: { structArray: 'PluginOption' },
    hosting: 'string',
    secret: 'bool',
  },
  PluginOption: { display_name: 'string', value: 'string' },
};

// Go's GOOS and GOARCH names (`go tool dist list`); Mattermost picks the
// executable by runtime.GOOS + "-" + runtime.GOARCH.
const GOOS = new Set(['aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'illumos', 'ios', 'js', 'linux', 'netbsd', 'openbsd', 'plan9', 'solaris', 'wasip1', 'windows']);
const GOARCH = new Set(['386', 'amd64', 'arm', 'arm64', 'loong64', 'mips', 'mips64', 'mips64le', 'mipsle', 'ppc64', 'ppc64le', 'riscv64', 's390x', 'wasm']);

const PLACEHOLDER_TYPES: readonly SettingType[] = ['generated', 'text', 'longtext', 'number', 'username', 'custom'];
const HOSTING_VALUES = ['', 'cloud', 'on-prem'];

class Findings {
  readonly problems: string[] = [];
  readonly warnings: string[] = [];
  constructor(private readonly source: string) {}

  problem(field: string, text: string, rule: string): void {
    this.problems.push(`${this.source}: ${field} ${text} (${rule})`);
  }

  warning(field: string, text: string, rule: string): void {
    this.warnings.push(`${this.source}: ${field} ${text} (${rule})`);
  }
}

/**
 * Checks `raw` (the parsed JSON of plugin.json) and returns the manifest with
 * its warnings, or throws a ManifestError listing every problem. `source`
 * names the file in messages.
 */
export function validateManifest(raw: unknown, source = 'plugin.json'): ValidatedManifest {
  const findings = new Findings(source);
  if (!isPlainObject(raw)) {
    throw new ManifestError([`${source}: the manifest must be a JSON object, not ${describe(raw)} (${FORMAT_RULE})`]);
  }
  const manifest = decodeStruct(raw, 'Manifest', '', findings) as unknown as Manifest;
  // Go leaves absent strings empty; the rules below read them that way.
  manifest.id ??= '';
  manifest.name ??= '';
  manifest.version ??= '';

  checkIdentity(manifest, findings);
  checkServer(manifest, findings);
  checkWebapp(manifest, findings);
  checkSettingsSchema(manifest, findings);

  if (findings.problems.length > 0) throw new ManifestError(findings.problems);
  return { manifest, warnings: findings.warnings };
}

// --- decoding: the shape Go's encoding/json accepts for model.Manifest -------

function decodeStruct(value: Record<string, unknown>, structName: string, path: string, findings: Findings): Record<string, unknown> {
  const fields = STRUCTS[structName]!;
  const decoded: Record<string, unknown> = {};
  for (const [key, fieldValue] of Object.entries(value)) {
    const fieldPath = path === '' ? key : `${path}.${key}`;
    const kind = fields[key];
    if (kind === undefined) {
      const sameButCase = Object.keys(fields).find((name) => name.toLowerCase() === key.toLowerCase());
      if (sameButCase === undefined) {
        findings.problem(fieldPath, `is not a field of model.${structName}`, `${FORMAT_RULE}; unknown fields are rejected like the starter template's DisallowUnknownFields`);
        continue;
      }
      // Go matches field names case-insensitively; decode it as Go would, and say so.
      findings.problem(fieldPath, `must be spelled "${sameButCase}"`, `${TOOLKIT_RULE}; Go would match it case-insensitively, the webapp and these scripts would not`);
      if (fieldValue !== null) {
        const decodedField = decodeField(fieldValue, fields[sameButCase]!, fieldPath, findings);
        if (decodedField !== undefined) decoded[sameButCase] = decodedField;
      }
      continue;
    }
    if (fieldValue === null) continue; // Go leaves the field at its zero value.
    const fieldDecoded = decodeField(fieldValue, kind, fieldPath, findings);
    if (fieldDecoded !== undefined) decoded[key] = fieldDecoded;
  }
  return decoded;
}

function decodeField(value: unknown, kind: FieldKind, path: string, findings: Findings): unknown {
  const typeProblem = (expected: string): undefined => {
    findings.problem(path, `must be ${expected}, not ${describe(value)}`, `${FORMAT_RULE}; model.Manifest field type`);
    return undefined;
  };
  if (kind === 'any') return value;
  if (kind === 'string') return typeof value === 'string' ? value : typeProblem('a string');
  if (kind === 'bool') return typeof value === 'boolean' ? value : typeProblem('true or false');
  if (kind === 'object') return isPlainObject(value) ? value : typeProblem('an object');
  if (kind === 'stringMap') {
    if (!isPlainObject(value)) return typeProblem('an object of strings');
    const map: Record<string, string> = {};
    for (const [key, entry] of Object.entries(value)) {
      if (entry === null || typeof entry === 'string') map[key] = entry ?? '';
      else findings.problem(`${path}${jsonKey(key)}`, `must be a string, not ${describe(entry)}`, `${FORMAT_RULE}; model.Manifest field type`);
    }
    return map;
  }
  if ('struct' in kind) {
    return isPlainObject(value) ? decodeStruct(value, kind.struct, path, findings) : typeProblem('an object');
  }
  if (!Array.isArray(value)) return typeProblem('an array');
  const items: Record<string, unknown>[] = [];
  value.forEach((item, index) => {
    const itemPath = `${path}[${index}]`;
    if (isPlainObject(item)) items.push(decodeStruct(item, kind.structArray, itemPath, findings));
    else findings.problem(itemPath, `must be an object, not ${describe(item)}`, `${FORMAT_RULE}; a null entry crashes Mattermost's own validation`);
  });
  return items;
}

// --- Manifest.IsValid: id, name, URLs, versions ------------------------------

function checkIdentity(manifest: Manifest, findings: Findings): void {
  const id = manifest.id;
  if (!/^[a-zA-Z0-9_.-]+$/.test(id) || id.length < 3 || id.length > 190) {
    findings.problem('id', `${JSON.stringify(id)} must be 3–190 characters of [a-zA-Z0-9-_.]`, MATTERMOST_RULE);
  } else if (id !== id.toLowerCase()) {
    findings.warning('id', `${JSON.stringify(id)} has upper-case letters; Mattermost lower-cases plugin ids when it reads a manifest, so the server knows this plugin as ${JSON.stringify(id.toLowerCase())}`, MATTERMOST_RULE);
  }

  if (manifest.name.trim() === '') findings.problem('name', 'is required and must not be blank', MATTERMOST_RULE);

  for (const field of ['homepage_url', 'support_url', 'release_notes_url'] as const) {
    const url = manifest[field];
    if (url === undefined || url === '') continue;
    const problem = httpUrlProblem(url);
    if (problem) findings.problem(field, `${JSON.stringify(url)} must be an absolute http:// or https:// URL with a host: ${problem}`, MATTERMOST_RULE);
  }

  if (manifest.version === '') {
    findings.problem('version', 'is required: the bundle is named <id>-<version>.tar.gz', TOOLKIT_RULE);
  } else {
    const problem = strictSemverProblem(manifest.version);
    if (problem) findings.problem('version', `${JSON.stringify(manifest.version)} must be a strict semantic version MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]: ${problem}`, MATTERMOST_RULE);
  }
  if (manifest.min_server_version !== undefined && manifest.min_server_version !== '') {
    const problem = strictSemverProblem(manifest.min_server_version);
    if (problem) {
      findings.problem('min_server_version', `${JSON.stringify(manifest.min_server_version)} must be a strict semantic version MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]: ${problem}`, MATTERMOST_RULE);
    }
  }

  if (manifest.icon_path !== undefined && manifest.icon_path !== '') {
    checkBundlePath('icon_path', manifest.icon_path, findings);
    if (!manifest.icon_path.toLowerCase().endsWith('.svg')) {
      findings.warning('icon_path', `${JSON.stringify(manifest.icon_path)} is not an .svg file; Mattermost supports only SVG icons (bitmap formats are not supported)`, MATTERMOST_RULE);
    }
  }
}

// --- toolkit rules: executables and the webapp bundle ------------------------

function checkServer(manifest: Manifest, findings: Findings): void {
  const server = manifest.server;
  if (server === undefined) return;
  const executables = server.executables ?? {};
  const hasSingle = server.executable !== undefined && server.executable !== '';
  if (Object.keys(executables).length === 0 && !hasSingle) {
    findings.problem('server', 'needs executables, e.g. { "linux-amd64": "server/dist/plugin-linux-amd64" }', `${TOOLKIT_RULE}; without one the server half cannot start`);
  }
  for (const [platform, path] of Object.entries(executables)) {
    const field = `server.executables${jsonKey(platform)}`;
    const match = /^([a-z0-9]+)-([a-z0-9]+)$/.exec(platform);
    if (!match || !GOOS.has(match[1]!) || !GOARCH.has(match[2]!)) {
      findings.problem(`server.executables key ${JSON.stringify(platform)}`, 'must be <os>-<arch> with Go\'s names, e.g. linux-amd64, linux-arm64, darwin-arm64, windows-amd64', `${TOOLKIT_RULE}; Mattermost picks the executable by runtime.GOOS-runtime.GOARCH`);
    }
    checkBundlePath(field, path, findings);
    if (match?.[1] === 'windows' && !path.endsWith('.exe')) {
      findings.problem(field, `${JSON.stringify(path)} must end in .exe for Windows`, `${TOOLKIT_RULE}; Mattermost's manifest documentation requires it`);
    }
  }
  if (hasSingle) checkBundlePath('server.executable', server.executable!, findings);
}

function checkWebapp(manifest: Manifest, findings: Findings): void {
  const webapp = manifest.webapp;
  if (webapp === undefined) return;
  if (webapp.bundle_path === undefined || webapp.bundle_path === '') {
    findings.problem('webapp.bundle_path', 'is required when webapp is present, e.g. "webapp/dist/main.js"', `${TOOLKIT_RULE}; the server would have no bundle to serve`);
    return;
  }
  checkBundlePath('webapp.bundle_path', webapp.bundle_path, findings);
}

/** A path inside the bundle: relative, "/"-separated, normalized, never above the plugin directory. */
function checkBundlePath(field: string, path: string, findings: Findings): void {
  const problem = bundlePathProblem(path);
  if (problem) findings.problem(field, `${JSON.stringify(path)} ${problem}`, `${TOOLKIT_RULE}; paths are relative to the plugin directory`);
}

export function bundlePathProblem(path: string): string | undefined {
  if (path === '') return 'must not be empty';
  if (path.includes('\\')) return 'must use "/" as separator, not "\\"';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'must be a relative path inside the plugin directory, not absolute';
  if (path.split('/').includes('..')) return 'must stay inside the plugin directory (no ".." segments)';
  if (posix.normalize(path) !== path || path.startsWith('./') || path.endsWith('/')) return 'must be a normalized file path (no "." or empty segments, no trailing "/")';
  return undefined;
}

// --- settings_schema: PluginSettingsSchema.isValid and typed settings -------

function checkSettingsSchema(manifest: Manifest, findings: Findings): void {
  const schema = manifest.settings_schema;
  if (schema === undefined) return;
  (schema.settings ?? []).forEach((setting, index) => checkSetting(setting, `settings_schema.settings[${index}]`, findings));
  (schema.sections ?? []).forEach((section, sectionIndex) => {
    const path = `settings_schema.sections[${sectionIndex}]`;
    if ((section.key ?? '') === '') findings.problem(`${path}.key`, 'is required for a section', MATTERMOST_RULE);
    (section.settings ?? []).forEach((setting, index) => checkSetting(setting, `${path}.settings[${index}]`, findings));
  });

  // Plugin configuration keys are case-insensitive (Mattermost's config stores them lower-cased).
  const seen = new Map<string, string>();
  for (const setting of allSettings(manifest)) {
    if (!setting.key) continue;
    const folded = setting.key.toLowerCase();
    const earlier = seen.get(folded);
    if (earlier !== undefined) {
      findings.problem(`settings key ${JSON.stringify(setting.key)}`, `duplicates ${JSON.stringify(earlier)}; setting keys must be unique regardless of case`, `${TOOLKIT_RULE}; Mattermost stores plugin settings under lower-cased keys`);
    } else {
      seen.set(folded, setting.key);
    }
  }
}

function checkSetting(setting: ManifestSetting, path: string, findings: Findings): void {
  const type = (setting.type as string | undefined) ?? '';
  if (!(SETTING_TYPES as readonly string[]).includes(type)) {
    findings.problem(`${path}.type`, `${JSON.stringify(type)} must be one of ${SETTING_TYPES.join(', ')}`, MATTERMOST_RULE);
    return;
  }
  const settingType = type as SettingType;
  if ((setting.regenerate_help_text ?? '') !== '' && settingType !== 'generated') {
    findings.problem(`${path}.regenerate_help_text`, `is only allowed on settings of type generated, not ${settingType}`, MATTERMOST_RULE);
  }
  if ((setting.placeholder ?? '') !== '' && !PLACEHOLDER_TYPES.includes(settingType)) {
    findings.problem(`${path}.placeholder`, `is only allowed on settings of type ${PLACEHOLDER_TYPES.join(', ')}, not ${settingType}`, MATTERMOST_RULE);
  }
  if (setting.options !== undefined) {
    if (settingType !== 'radio' && settingType !== 'dropdown') {
      findings.problem(`${path}.options`, `is only allowed on settings of type radio or dropdown, not ${settingType}`, MATTERMOST_RULE);
    } else {
      setting.options.forEach((option, index) => {
        for (const field of ['display_name', 'value'] as const) {
          if ((option[field] ?? '') === '') findings.problem(`${path}.options[${index}].${field}`, 'must not be empty', MATTERMOST_RULE);
        }
      });
    }
  } else if (settingType === 'radio' || settingType === 'dropdown') {
    findings.warning(`${path}.options`, `is missing: a ${settingType} setting offers nothing to choose`, TOOLKIT_RULE);
  }

  if ((setting.key ?? '') === '') {
    findings.problem(`${path}.key`, 'is required: it names the setting in the plugin configuration', TOOLKIT_RULE);
  }
  if (setting.hosting !== undefined && !HOSTING_VALUES.includes(setting.hosting)) {
    findings.problem(`${path}.hosting`, `${JSON.stringify(setting.hosting)} must be "cloud" or "on-prem" (or absent)`, `${TOOLKIT_RULE}; the values Mattermost documents`);
  }
  const coerced = coerceDefault(setting);
  if (!coerced.ok) {
    findings.problem(`${path}.default`, coerced.problem, `${TOOLKIT_RULE}; settingsDefaults are typed as ${SETTING_VALUE_KIND[settingType]}`);
  } else if (coerced.note) {
    findings.warning(`${path}.default`, coerced.note, TOOLKIT_RULE);
  }
  if (coerced.ok && setting.options && setting.default !== undefined && !setting.options.some((option) => option.value === setting.default)) {
    findings.warning(`${path}.default`, `${JSON.stringify(setting.default)} is not one of the option values`, TOOLKIT_RULE);
  }
}

// --- helpers -----------------------------------------------------------------

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `the ${typeof value} ${JSON.stringify(value)}`;
}

function jsonKey(key: string): string {
  return `[${JSON.stringify(key)}]`;
}
