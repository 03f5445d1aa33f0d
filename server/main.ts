/** The server half's entry point: the executable the server starts runs this. */
import { runPlugin } from './runtime';
import { settingsDefaults } from './src/manifest';
import { WorldTimePlugin } from './src/plugin';

void runPlugin(new WorldTimePlugin(), { settingsDefaults });
