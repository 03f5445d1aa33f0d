// Where the plugin's own server routes live, seen from the browser:
// <site path>/plugins/<plugin id>. Mattermost may run under a subpath such as
// /company/mattermost, so the path comes from the configured SiteURL (its
// pathname only, so requests stay on the origin the page came from, with its
// session cookie), else from window.basename, which the webapp sets to the
// subpath it was served under.
import type {GlobalState} from '@mattermost/types/store';

import manifest from '../manifest';

declare global {
    interface Window {
        basename?: string;
    }
}

function withoutTrailingSlash(path: string): string {
    return path.replace(/\/+$/, '');
}

/** The subpath Mattermost is served under ('' at the root of the origin). */
export function siteSubpath(siteURL: string | undefined, basename: string | undefined): string {
    if (siteURL) {
        try {
            return withoutTrailingSlash(new URL(siteURL).pathname);
        } catch {
            // A SiteURL that is not an absolute URL says nothing about the subpath.
        }
    }
    return basename ? withoutTrailingSlash(basename) : '';
}

export function pluginRouteBase(siteURL: string | undefined, basename: string | undefined, pluginId: string = manifest.id): string {
    return `${siteSubpath(siteURL, basename)}/plugins/${pluginId}`;
}

/** The route base for the webapp this plugin runs in. */
export function getPluginRouteBase(state: GlobalState): string {
    const siteURL = state.entities?.general?.config?.SiteURL;
    return pluginRouteBase(siteURL, typeof window === 'undefined' ? undefined : window.basename);
}
