// Generates the typed manifest module both halves import (server/src/manifest.ts
// and webapp/src/manifest.ts), so neither copies id, version or settings by hand:
//   default export  the manifest, typed PluginManifest (@mattermost/types/plugins)
//   id, version     literal constants (id lower-cased, as the server knows it)
//   PluginSettings  one property per settings_schema setting, typed by its type
//   settingsDefaults  each setting's default, coerced to that type
// PluginManifest requires some fields plugin.json may omit (server.executable,
// the schema's header/footer, each setting's help_text/placeholder/default);
// they are filled with the zero values Mattermost's Go server gives them.
// Fields the Go manifest has and the TypeScript type lacks (a setting's
// `secret`, executables for platforms beyond linux-amd64, darwin-amd64 and
// windows-amd64) are kept, with a cast on just that object.

import { SETTING_VALUE_KIND, allSettings, coerceDefault } from './settings';
import type { Manifest, ManifestSection, ManifestSetting } from './types';

export const GENERATED_HEADER = '// generated from plugin.json by build/manifest; do not edit.';

/** Paths of the generated modules, relative to the project root. */
export const GENERATED_MODULES = ['server/src/manifest.ts', 'webapp/src/manifest.ts'] as const;

// Executable keys PluginManifestServer names; others need the cast.
const TYPED_PLATFORMS = new Set(['linux-amd64', 'darwin-amd64', 'windows-amd64']);

/** A value emitted as `<value> as <type>`. */
class Cast {
  constructor(
    readonly value: unknown,
    readonly type: string,
  ) {}
}

export function renderManifestModule(manifest: Manifest): string {
  const settings = allSettings(manifest).filter((setting) => setting.key !== '');
  const typed = typedManifest(manifest);
  const needsExecutablesCast = typed.usesCast.has('PluginExecutables');
  const needsSettingCast = typed.usesCast.has('PluginSetting');

  const typeImports = ['PluginManifest', ...(needsExecutablesCast ? ['PluginManifestServer'] : []), ...(needsSettingCast ? ['PluginSetting'] : [])];
  const lines: string[] = [
    GENERATED_HEADER,
    '// Run `make apply` (any build target does) after changing plugin.json.',
    '',
    `import type { ${typeImports.join(', ')} } from '@mattermost/types/plugins';`,
    '',
  ];
  if (needsExecutablesCast) {
    lines.push(
      "// PluginManifestServer names only linux-amd64, darwin-amd64 and windows-amd64;",
      '// Mattermost accepts an executable for any <os>-<arch>.',
      "type PluginExecutables = NonNullable<PluginManifestServer['executables']>;",
      '',
    );
  }
  if (needsSettingCast) {
    lines.push("// Settings with `secret` (a field of Mattermost's Go manifest that PluginSetting lacks) are cast.", '');
  }
  lines.push(
    '/** The plugin manifest (plugin.json), with the fields PluginManifest requires filled as the server fills them. */',
    `const manifest: PluginManifest = ${toSource(typed.value, 0)};`,
    '',
    'export default manifest;',
    '',
    '/** The plugin id, lower-cased as Mattermost knows it. */',
    `export const id = ${quote(manifest.id.toLowerCase())};`,
    '',
    '/** The plugin version from plugin.json. */',
    `export const version = ${quote(manifest.version)};`,
    '',
  );

  if (settings.length === 0) {
    lines.push('/** The plugin declares no settings in settings_schema. */', 'export type PluginSettings = Record<string, never>;', '');
  } else {
    lines.push('/** The plugin configuration: one property per setting in settings_schema. */', 'export interface PluginSettings {');
    for (const setting of settings) {
      lines.push(`  /** ${docText(setting)} */`, `  ${propertyName(setting.key)}: ${SETTING_VALUE_KIND[setting.type]};`);
    }
    lines.push('}', '');
  }

  lines.push('/** Each setting\'s default from plugin.json; the type\'s zero value where it has none. */', 'export const settingsDefaults: PluginSettings = {');
  for (const setting of settings) {
    const coerced = coerceDefault(setting);
    // Validation has rejected defaults that cannot be coerced.
    const value = coerced.ok ? coerced.value : null;
    lines.push(`  ${propertyName(setting.key)}: ${toSource(value, 1)},`);
  }
  lines.push('};', '');
  return lines.join('\n');
}

/** The manifest in PluginManifest's shape, and which casts it needed. */
function typedManifest(manifest: Manifest): { value: Record<string, unknown>; usesCast: Set<string> } {
  const usesCast = new Set<string>();
  const setting = (s: ManifestSetting): unknown => {
    const value = definedOnly({
      key: s.key,
      display_name: s.display_name ?? '',
      type: s.type,
      help_text: s.help_text ?? '',
      regenerate_help_text: s.regenerate_help_text,
      placeholder: s.placeholder ?? '',
      default: s.default ?? null,
      options: s.options,
      hosting: s.hosting,
      secret: s.secret,
    });
    if (s.secret === undefined) return value;
    usesCast.add('PluginSetting');
    return new Cast(value, 'PluginSetting');
  };
  const section = (s: ManifestSection): unknown =>
    definedOnly({
      key: s.key,
      title: s.title,
      subtitle: s.subtitle,
      settings: (s.settings ?? []).map(setting),
      header: s.header,
      footer: s.footer,
      custom: s.custom,
      fallback: s.fallback,
    });

  let server: Record<string, unknown> | undefined;
  if (manifest.server) {
    let executables: unknown = manifest.server.executables;
    const platforms = Object.keys(manifest.server.executables ?? {});
    if (platforms.some((platform) => !TYPED_PLATFORMS.has(platform))) {
      usesCast.add('PluginExecutables');
      executables = new Cast(executables, 'PluginExecutables');
    }
    server = definedOnly({ executables, executable: manifest.server.executable ?? '' });
  }
  const schema = manifest.settings_schema;
  const value = definedOnly({
    id: manifest.id.toLowerCase(),
    name: manifest.name,
    description: manifest.description,
    homepage_url: manifest.homepage_url,
    support_url: manifest.support_url,
    release_notes_url: manifest.release_notes_url,
    icon_path: manifest.icon_path,
    version: manifest.version,
    min_server_version: manifest.min_server_version,
    server,
    webapp: manifest.webapp && { bundle_path: manifest.webapp.bundle_path },
    settings_schema:
      schema &&
      definedOnly({
        header: schema.header ?? '',
        footer: schema.footer ?? '',
        settings: (schema.settings ?? []).map(setting),
        sections: schema.sections?.map(section),
      }),
    props: manifest.props,
  });
  return { value, usesCast };
}

function definedOnly(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

// --- TypeScript source for JSON-like values ---------------------------------

function toSource(value: unknown, depth: number): string {
  if (value instanceof Cast) return `${toSource(value.value, depth)} as ${value.type}`;
  if (typeof value === 'string') return quote(value);
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  const inner = '  '.repeat(depth + 1);
  const outer = '  '.repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => `${inner}${toSource(item, depth + 1)},`).join('\n')}\n${outer}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([key, item]) => `${inner}${propertyName(key)}: ${toSource(item, depth + 1)},`).join('\n')}\n${outer}}`;
}

function propertyName(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : quote(key);
}

function quote(text: string): string {
  const escaped = JSON.stringify(text).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
  return `'${escaped}'`;
}

function docText(setting: ManifestSetting): string {
  const summary = [setting.display_name, setting.help_text].filter((text): text is string => !!text).join(': ');
  const text = `${summary ? `${summary} ` : ''}(${setting.type})`.replace(/\s+/g, ' ');
  return text.replace(/\*\//g, '*\\/');
}
