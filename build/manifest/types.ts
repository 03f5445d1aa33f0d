// The plugin manifest as the toolkit holds it after validation: the fields of
// Mattermost's model.Manifest (server/public v0.4.4, model/manifest.go) with
// their JSON names, nulls dropped. Values keep plugin.json's spelling; nothing
// is defaulted here (the generated modules fill what @mattermost/types needs).

export const SETTING_TYPES = ['bool', 'dropdown', 'generated', 'radio', 'text', 'longtext', 'number', 'username', 'custom'] as const;
export type SettingType = (typeof SETTING_TYPES)[number];

export interface ManifestOption {
  display_name: string;
  value: string;
}

export interface ManifestSetting {
  key: string;
  display_name?: string;
  type: SettingType;
  help_text?: string;
  regenerate_help_text?: string;
  placeholder?: string;
  default?: unknown;
  options?: ManifestOption[];
  hosting?: string;
  secret?: boolean;
}

export interface ManifestSection {
  key: string;
  title?: string;
  subtitle?: string;
  settings?: ManifestSetting[];
  header?: string;
  footer?: string;
  custom?: boolean;
  fallback?: boolean;
}

export interface ManifestSettingsSchema {
  header?: string;
  footer?: string;
  settings?: ManifestSetting[];
  sections?: ManifestSection[];
}

export interface Manifest {
  id: string;
  name: string;
  description?: string;
  homepage_url?: string;
  support_url?: string;
  release_notes_url?: string;
  icon_path?: string;
  version: string;
  min_server_version?: string;
  server?: { executables?: Record<string, string>; executable?: string };
  webapp?: { bundle_path: string };
  settings_schema?: ManifestSettingsSchema;
  props?: Record<string, unknown>;
}

/** A validated manifest with the non-fatal findings (upper-case id, coerced defaults, …). */
export interface ValidatedManifest {
  manifest: Manifest;
  warnings: string[];
}
