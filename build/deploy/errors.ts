// Deploy failures, each with a message that says what the server (or the
// network) answered and what to change. Status codes and error ids are those
// of Mattermost's api4 plugin and user handlers.

import { ToolkitError } from '../lib/errors';
import { formatBytes } from '../lib/cli';
import type { HttpResponse } from './http';

export class DeployError extends ToolkitError {}

/** Mattermost's model.AppError as the API sends it. */
export interface AppErrorBody {
  id?: string;
  message?: string;
  detailed_error?: string;
  status_code?: number;
}

export function appErrorOf(response: HttpResponse): AppErrorBody | undefined {
  try {
    const body = JSON.parse(response.body.toString('utf8')) as unknown;
    return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as AppErrorBody) : undefined;
  } catch {
    return undefined;
  }
}

/** "501 app.plugin.upload_disabled.app_error: Plugins and/or plugin uploads have been disabled." */
export function describeAnswer(response: HttpResponse): string {
  const appError = appErrorOf(response);
  if (appError?.id || appError?.message) {
    const detail = appError.detailed_error ? ` (${appError.detailed_error})` : '';
    return `${response.status} ${appError.id ?? ''}: ${appError.message ?? ''}${detail}`.replace(' :', ':');
  }
  const text = response.body.toString('utf8').replace(/\s+/g, ' ').trim().slice(0, 200);
  return text ? `${response.status}: ${text}` : `${response.status}`;
}

export type Action = 'login' | 'upload' | 'enable' | 'disable' | 'status';

/** The DeployError for a non-2xx answer to `action`. */
export function failureFor(action: Action, response: HttpResponse, context: { pluginId?: string; bundleBytes?: number; username?: string } = {}): DeployError {
  const answer = describeAnswer(response);
  const id = appErrorOf(response)?.id;
  const bodyText = response.body.toString('utf8');

  if (action === 'upload' && (response.status === 413 || bodyText.includes('request body too large'))) {
    const size = context.bundleBytes === undefined ? '' : ` (${formatBytes(context.bundleBytes)})`;
    return new DeployError(
      `the server refused the bundle${size} as too large (${answer}). Raise FileSettings.MaxFileSize on the server and the upload limit of any proxy in front of it (nginx: client_max_body_size), or make smaller bundles with BUNDLE_PER_PLATFORM=1.`,
    );
  }
  if (action === 'upload' && response.status === 501) {
    return new DeployError(
      `plugin uploads are disabled on the server (${answer}). Set PluginSettings.Enable and PluginSettings.EnableUploads to true and PluginSettings.RequirePluginSignature to false (System Console > Plugins > Plugin Management, or config.json), or deploy over local mode (MM_LOCALSOCKETPATH).`,
    );
  }
  if (response.status === 501) {
    return new DeployError(`plugins are disabled on the server (${answer}). Set PluginSettings.Enable to true.`);
  }
  if (action === 'login' && response.status === 401) {
    return new DeployError(`login as ${context.username ?? 'the admin'} failed (${answer}). Check MM_ADMIN_USERNAME and MM_ADMIN_PASSWORD.`);
  }
  if (response.status === 401) {
    return new DeployError(`the server did not accept the credentials (${answer}). Check MM_ADMIN_TOKEN, or MM_ADMIN_USERNAME and MM_ADMIN_PASSWORD.`);
  }
  if (response.status === 403 && id === 'api.context.permissions.app_error') {
    return new DeployError(`the account may not manage plugins (${answer}). Use a system admin's token or login (permission sysconsole_write_plugins).`);
  }
  if (action === 'enable') {
    return new DeployError(`the server could not enable ${context.pluginId ?? 'the plugin'} (${answer})`);
  }
  return new DeployError(`${action} failed: the server answered ${answer}`);
}
