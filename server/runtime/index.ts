/**
 * The toolkit's server runtime, as plugin authors see it: extend
 * MattermostPlugin, implement Hooks, call runPlugin. Model types are the
 * generated Mattermost models (JSON field names, like @mattermost/types).
 */
import './goplugin/console';
import './source-maps';

export { runPlugin, type RunOptions } from './mattermost/run';
export { MattermostPlugin, rejectPost, dismissPost, PostRejection, DISMISS_POST_ERROR, type Hooks, type PostDecision } from './mattermost/plugin';
export { AppError } from './mattermost/errors';
export { PluginApiError } from './mattermost/methodTable';
export type { MattermostAPI } from './mattermost/api-client';
export type { Logger, LogFields } from './goplugin/hclog';
export type * from './mattermost/generated/models';
