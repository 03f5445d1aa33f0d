// The validator against the shared cases (testdata/manifests.json), whose
// "mattermost" verdicts manifest_conformance_test.go checks against
// Mattermost's own model.Manifest; plus the exact one-line messages.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { ManifestError, validateManifest } from './validate';
import { parseManifest, platformsOf } from './load';

interface ManifestCase {
  name: string;
  mattermost: boolean;
  toolkit: 'valid' | 'invalid';
  field?: string;
  manifest: unknown;
}

const cases = JSON.parse(readFileSync(join(import.meta.dirname, 'testdata/manifests.json'), 'utf8')) as ManifestCase[];

function problemsOf(raw: unknown): string[] {
  try {
    validateManifest(raw);
    return [];
  } catch (error) {
    if (error instanceof ManifestError) return error.problems;
    throw error;
  }
}

describe('shared manifest cases', () => {
  it('has the full list', () => {
    expect(cases.length).toBeGreaterThanOrEqual(140);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    // Whatever Mattermost rejects, the toolkit rejects too.
    if (!c.mattermost) expect(c.toolkit).toBe('invalid');
    const problems = problemsOf(c.manifest);
    if (c.toolkit === 'valid') {
      expect(problems).toEqual([]);
      return;
    }
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) {
      expect(problem).not.toContain('\n');
      expect(problem).toMatch(/^plugin\.json: .+ \((Mattermost manifest rule|Mattermost manifest format|toolkit rule)[^)]*\)$/);
    }
    expect(problems.some((problem) => problem.startsWith(`plugin.json: ${c.field} `))).toBe(true);
    // Cases Mattermost accepts fail only on a toolkit rule, and the reverse.
    const rules = problems.map((problem) => (problem.includes('(toolkit rule') ? 'toolkit' : 'mattermost'));
    expect(rules.includes('mattermost')).toBe(!c.mattermost);
  });
});

describe('messages', () => {
  const base = { id: 'com.example.demo', name: 'Demo', version: '1.0.0' };

  it('names the field and the rule on one line', () => {
    expect(problemsOf({ ...base, id: 'ab' })).toEqual(['plugin.json: id "ab" must be 3–190 characters of [a-zA-Z0-9-_.] (Mattermost manifest rule)']);
    expect(problemsOf({ ...base, name: '' })).toEqual(['plugin.json: name is required and must not be blank (Mattermost manifest rule)']);
    expect(problemsOf({ ...base, version: '1.0' })).toEqual([
      'plugin.json: version "1.0" must be a strict semantic version MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]: invalid semantic version (Mattermost manifest rule)',
    ]);
    expect(problemsOf({ ...base, homepage_url: 'ftp://x' })).toEqual([
      'plugin.json: homepage_url "ftp://x" must be an absolute http:// or https:// URL with a host: it must start with http:// or https:// (Mattermost manifest rule)',
    ]);
    expect(problemsOf({ ...base, backend: {} })).toEqual([
      "plugin.json: backend is not a field of model.Manifest (Mattermost manifest format; unknown fields are rejected like the starter template's DisallowUnknownFields)",
    ]);
    expect(problemsOf({ ...base, settings_schema: { settings: [{ key: 'A', type: 'bool', placeholder: 'x' }] } })).toEqual([
      'plugin.json: settings_schema.settings[0].placeholder is only allowed on settings of type generated, text, longtext, number, username, custom, not bool (Mattermost manifest rule)',
    ]);
    expect(problemsOf({ ...base, server: { executables: { 'linux-amd64': '../x' } } })).toEqual([
      'plugin.json: server.executables["linux-amd64"] "../x" must stay inside the plugin directory (no ".." segments) (toolkit rule; paths are relative to the plugin directory)',
    ]);
  });

  it('collects every problem, in field order', () => {
    const problems = problemsOf({ id: 'x', name: ' ', version: 'one', settings_schema: { settings: [{ key: 'K', type: 'nope' }] } });
    expect(problems.map((problem) => problem.split(' ')[1])).toEqual(['id', 'name', 'version', 'settings_schema.settings[0].type']);
  });

  it('rejects a manifest that is not an object', () => {
    expect(problemsOf([])).toEqual(['plugin.json: the manifest must be a JSON object, not an array (Mattermost manifest format)']);
  });

  it('reports JSON syntax errors with line and column', () => {
    expect(() => parseManifest('{\n  "id": "com.example.demo",\n  "name": }')).toThrow(/^plugin\.json: is not valid JSON: unexpected "}" at line 3, column 11 /);
  });

  it('warns about an upper-case id and coerced defaults without failing', () => {
    const { manifest, warnings } = validateManifest({
      ...base,
      id: 'Com.Example.Demo',
      settings_schema: { settings: [{ key: 'On', type: 'bool', default: 'true' }, { key: 'Pick', type: 'radio' }] },
    });
    expect(manifest.id).toBe('Com.Example.Demo');
    expect(warnings).toEqual([
      'plugin.json: id "Com.Example.Demo" has upper-case letters; Mattermost lower-cases plugin ids when it reads a manifest, so the server knows this plugin as "com.example.demo" (Mattermost manifest rule)',
      'plugin.json: settings_schema.settings[0].default is the string "true"; the typed configuration uses the boolean true (toolkit rule)',
      'plugin.json: settings_schema.settings[1].options is missing: a radio setting offers nothing to choose (toolkit rule)',
    ]);
  });

  it('lists the platforms from server.executables, sorted', () => {
    const { manifest } = validateManifest({ ...base, server: { executables: { 'linux-arm64': 'a', 'darwin-arm64': 'b', 'linux-amd64': 'c' } } });
    expect(platformsOf(manifest)).toEqual(['darwin-arm64', 'linux-amd64', 'linux-arm64']);
  });

  it('accepts the project plugin.json', () => {
    const text = readFileSync(join(import.meta.dirname, '../../plugin.json'), 'utf8');
    const { manifest, warnings } = parseManifest(text);
    expect(warnings).toEqual([]);
    expect(platformsOf(manifest)).toEqual(['linux-amd64']);
  });
});
