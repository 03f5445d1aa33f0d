// The browser test's stand-in for a Mattermost server, served under a subpath
// (SiteURL http://127.0.0.1:<port>/company/mattermost) like a real deployment:
//
//   <subpath>/                               the host page (sets the session cookie)
//   <subpath>/static/harness.js              the host bundle (host_page.tsx, built here)
//   <subpath>/static/plugins/<id>/main.js    the built webapp bundle under test
//   <subpath>/plugins/<id>/<path>            plugin requests, handled like Mattermost:
//        the session cookie and X-Requested-With are checked and recorded, the cookie
//        and any client-sent Mattermost-User-Id are dropped, Mattermost-User-Id is set
//        for a valid session, the /plugins/<id> prefix is stripped, and the request
//        goes to routeBaseURL (the server half under plugin_http_host.ts); an
//        upstream that cannot be reached is a 502 with a JSON error.
import {readFile} from 'node:fs/promises';
import {createServer, request as httpRequest, type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';

import {build} from 'esbuild';

export type HostServerOptions = {
    pluginId: string;
    bundlePath: string;
    hostPageEntry: string;
    /** Where plugin requests go, /plugins/<id> stripped (the server half's ServeHTTP). */
    routeBaseURL: string;
    subpath?: string;
    sessionToken?: string;
    userId?: string;
    userTimezone?: {useAutomaticTimezone: string; automaticTimezone: string; manualTimezone: string};
};

export type SeenPluginRequest = {
    path: string;
    sessionCookie: boolean;
    xRequestedWith: string | undefined;
    authenticated: boolean;
};

export type HostServer = {
    siteURL: string;
    seen: SeenPluginRequest[];
    close(): Promise<void>;
};

export const SESSION_COOKIE = 'MMAUTHTOKEN';

function readCookie(req: IncomingMessage, name: string): string | undefined {
    for (const part of (req.headers.cookie ?? '').split(';')) {
        const [key, ...value] = part.trim().split('=');
        if (key === name) {
            return value.join('=');
        }
    }
    return undefined;
}

async function buildHostBundle(entry: string): Promise<string> {
    const result = await build({
        entryPoints: [entry],
        bundle: true,
        write: false,
        format: 'iife',
        platform: 'browser',
        target: 'chrome110',
        jsx: 'automatic',
        // Development React, so key and hook misuse in the plugin shows up as console errors.
        define: {'process.env.NODE_ENV': '"development"'},
        logLevel: 'silent',
    });
    return result.outputFiles[0].text;
}

function hostPage(options: Required<Omit<HostServerOptions, 'routeBaseURL' | 'hostPageEntry' | 'bundlePath'>>, siteURL: string): string {
    const config = {
        pluginId: options.pluginId,
        siteURL,
        bundleURL: `${options.subpath}/static/plugins/${options.pluginId}/main.js`,
        userId: options.userId,
        userTimezone: options.userTimezone,
    };
    return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Mattermost plugin host harness</title>
<script>window.basename = ${JSON.stringify(options.subpath)}; window.__HARNESS_CONFIG__ = ${JSON.stringify(config)};</script>
<script src="${options.subpath}/static/harness.js"></script>
</head>
<body><div id="root"></div></body>
</html>`;
}

function forward(req: IncomingMessage, res: ServerResponse, target: URL, headers: Record<string, string>): void {
    const upstream = httpRequest(target, {method: req.method, headers}, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
    });
    upstream.on('error', (err) => {
        res.writeHead(502, {'Content-Type': 'application/json'});
        res.end(JSON.stringify({error: `route upstream ${target.origin} failed: ${err.message}`}));
    });
    req.pipe(upstream);
}

export async function startHostServer(opts: HostServerOptions): Promise<HostServer> {
    const options = {
        subpath: '/company/mattermost',
        sessionToken: 'e2e-session-token',
        userId: 'e2e-user-id',
        userTimezone: {useAutomaticTimezone: 'false', automaticTimezone: '', manualTimezone: 'Asia/Tokyo'},
        ...opts,
    };
    const hostBundle = await buildHostBundle(options.hostPageEntry);
    const pluginBundle = await readFile(options.bundlePath);
    const pluginPrefix = `${options.subpath}/plugins/${options.pluginId}`;
    const seen: SeenPluginRequest[] = [];
    let siteURL = '';

    const server = createServer((req, res) => {
        const url = new URL(req.url ?? '/', 'http://host');
        if (url.pathname === `${options.subpath}/` && req.method === 'GET') {
            res.writeHead(200, {
                'Content-Type': 'text/html; charset=utf-8',
                'Set-Cookie': `${SESSION_COOKIE}=${options.sessionToken}; Path=${options.subpath}; HttpOnly; SameSite=Lax`,
            });
            res.end(hostPage(options, siteURL));
        } else if (url.pathname === '/favicon.ico') {
            res.writeHead(204);
            res.end();
        } else if (url.pathname === `${options.subpath}/static/harness.js`) {
            res.writeHead(200, {'Content-Type': 'text/javascript'});
            res.end(hostBundle);
        } else if (url.pathname === `${options.subpath}/static/plugins/${options.pluginId}/main.js`) {
            res.writeHead(200, {'Content-Type': 'text/javascript'});
            res.end(pluginBundle);
        } else if (url.pathname.startsWith(`${pluginPrefix}/`)) {
            const sessionCookie = readCookie(req, SESSION_COOKIE) === options.sessionToken;
            const xRequestedWith = req.headers['x-requested-with'] as string | undefined;
            const authenticated = sessionCookie && xRequestedWith === 'XMLHttpRequest';
            const path = url.pathname.slice(pluginPrefix.length) + url.search;
            seen.push({path, sessionCookie, xRequestedWith, authenticated});
            const headers: Record<string, string> = {};
            for (const [name, value] of Object.entries(req.headers)) {
                if (typeof value === 'string' && !['cookie', 'host', 'mattermost-user-id', 'mattermost-plugin-id'].includes(name)) {
                    headers[name] = value;
                }
            }
            if (authenticated) {
                headers['Mattermost-User-Id'] = options.userId;
            }
            forward(req, res, new URL(options.routeBaseURL.replace(/\/+$/, '') + path), headers);
        } else {
            res.writeHead(404, {'Content-Type': 'text/plain'});
            res.end(`not found: ${url.pathname}`);
        }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const {port} = server.address() as AddressInfo;
    siteURL = `http://127.0.0.1:${port}${options.subpath}`;
    return {
        siteURL,
        seen,
        close: () => new Promise((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
        }),
    };
}
