// Loads Client4 from @mattermost/client. The package is CommonJS and exports
// Client4 through a getter Node's ESM loader cannot see, so it is required.

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const { Client4 } = require('@mattermost/client') as typeof import('@mattermost/client');
export type Client4 = InstanceType<typeof Client4>;
