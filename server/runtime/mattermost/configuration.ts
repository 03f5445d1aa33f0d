/**
 * The plugin's settings as the author declared them in plugin.json. The host
 * answers LoadPluginConfiguration with the JSON of its stored map, whose keys
 * Mattermost lower-cases; Go plugins decode it into a struct, which matches
 * keys regardless of case. Missing, null or empty values take the manifest's
 * defaults.
 */

export function settingsFromJSON<Settings extends object>(json: Uint8Array | null | undefined, defaults: Settings): Settings {
  const stored = parseObject(json);
  const result: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  const declared = new Map(Object.keys(defaults).map((key) => [key.toLowerCase(), key]));
  for (const [key, value] of Object.entries(stored)) {
    const name = declared.get(key.toLowerCase()) ?? key;
    if (value === null || value === undefined || (value === '' && declared.has(key.toLowerCase()))) continue;
    result[name] = value;
  }
  return result as Settings;
}

function parseObject(json: Uint8Array | null | undefined): Record<string, unknown> {
  if (!json || json.length === 0) return {};
  const text = new TextDecoder().decode(json);
  const parsed: unknown = JSON.parse(text);
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
}
