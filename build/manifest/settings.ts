// How a settings_schema setting maps to a typed configuration value: the
// TypeScript type of each setting type and the setting's default coerced to it.
// Shared by validation (which reports defaults that cannot be coerced) and
// generation (which emits PluginSettings and settingsDefaults).

import type { Manifest, ManifestSetting, SettingType } from './types';

export type SettingValueKind = 'boolean' | 'number' | 'string' | 'unknown';

export const SETTING_VALUE_KIND: Record<SettingType, SettingValueKind> = {
  bool: 'boolean',
  number: 'number',
  text: 'string',
  longtext: 'string',
  dropdown: 'string',
  radio: 'string',
  generated: 'string',
  username: 'string',
  custom: 'unknown',
};

/** The zero value a setting without a default gets in the typed configuration, as a Go struct field would. */
const ZERO_VALUE: Record<SettingValueKind, unknown> = { boolean: false, number: 0, string: '', unknown: null };

export type CoercedDefault =
  | { ok: true; value: unknown; note?: string }
  | { ok: false; problem: string };

/**
 * The setting's default as a value of its kind. Mattermost stores `default`
 * as any JSON value; its own doc example writes a bool default as "false", so
 * "true"/"false" and numeric strings are accepted with a note.
 */
export function coerceDefault(setting: ManifestSetting): CoercedDefault {
  const kind = SETTING_VALUE_KIND[setting.type];
  const value = setting.default;
  if (value === undefined) return { ok: true, value: ZERO_VALUE[kind] };
  switch (kind) {
    case 'unknown':
      return { ok: true, value };
    case 'boolean':
      if (typeof value === 'boolean') return { ok: true, value };
      if (value === 'true' || value === 'false') {
        return { ok: true, value: value === 'true', note: `is the string ${JSON.stringify(value)}; the typed configuration uses the boolean ${value}` };
      }
      return { ok: false, problem: `must be true or false for a bool setting, not ${JSON.stringify(value)}` };
    case 'number':
      if (typeof value === 'number' && Number.isFinite(value)) return { ok: true, value };
      if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
        return { ok: true, value: Number(value), note: `is the string ${JSON.stringify(value)}; the typed configuration uses the number ${Number(value)}` };
      }
      return { ok: false, problem: `must be a number for a number setting, not ${JSON.stringify(value)}` };
    case 'string':
      if (typeof value === 'string') return { ok: true, value };
      return { ok: false, problem: `must be a string for a ${setting.type} setting, not ${JSON.stringify(value)}` };
  }
}

/** Every setting of the schema, top-level first, then each section's, in file order. */
export function allSettings(manifest: Manifest): ManifestSetting[] {
  const schema = manifest.settings_schema;
  if (!schema) return [];
  return [...(schema.settings ?? []), ...(schema.sections ?? []).flatMap((section) => section.settings ?? [])];
}
