// Entry point of webapp/dist/main.js: hands the plugin to the Mattermost webapp,
// which then calls initialize(registry, store).
import manifest from './manifest';
import {WorldTimePlugin, type PluginLifecycle} from './plugin';

declare global {
    interface Window {
        registerPlugin(pluginId: string, plugin: PluginLifecycle): void;
    }
}

window.registerPlugin(manifest.id, new WorldTimePlugin());
