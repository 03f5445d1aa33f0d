// The real server half behind a URL, for the browser test: builds the Go
// program server/conformance/cmd/plugin-http-host, which installs the plugin
// bundle into Mattermost's own plugin host (plugin.Environment) and serves
//   /<path>               the plugin's ServeHTTP, as the server forwards a request
//                         after authentication (/plugins/<id> already stripped)
//   POST /__host/posts    a post through MessageWillBePosted, as App.CreatePost runs it
//   GET  /__host/events   the websocket messages the plugin published
//   GET  /__host/calls    the plugin API calls ({method, unexpected})
// It prints `listening http://127.0.0.1:PORT` once the plugin is active and
// stops (deactivating the plugin) when its stdin closes: close() does that,
// and a test process that dies takes the host along.
import {spawn} from 'node:child_process';
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';

import type {WebSocketMessage} from '../../../src/test_support/fake_host';
import {MissingPrerequisiteError, PLUGIN_HTTP_HOST_PACKAGE, REPO_ROOT} from '../paths';

export class PluginHostError extends Error {
    override name = 'PluginHostError';
}

const GO = process.env.GO ?? 'go';
/** A cold build compiles the pinned Mattermost module: minutes on 2 cores. */
const BUILD_TIMEOUT_MS = 280_000;
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

/** `go build`s the host into outDir and returns the executable's path. */
export async function buildPluginHttpHost(outDir: string): Promise<string> {
    const output = join(outDir, 'plugin-http-host');
    const child = spawn(GO, ['build', '-o', output, PLUGIN_HTTP_HOST_PACKAGE], {cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe']});
    let log = '';
    child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), BUILD_TIMEOUT_MS);
    try {
        const code = await new Promise<number | null>((resolve, reject) => {
            child.on('error', reject);
            child.on('exit', (exitCode) => resolve(exitCode));
        });
        if (code !== 0) {
            throw new PluginHostError(`go build ${PLUGIN_HTTP_HOST_PACKAGE} failed (exit ${code ?? `killed after ${BUILD_TIMEOUT_MS} ms`}):\n${log}`);
        }
    } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
            throw new MissingPrerequisiteError(`the Go toolchain (${GO}) is not on PATH: install Go or set GO to its path`);
        }
        throw err;
    } finally {
        clearTimeout(timer);
    }
    return output;
}

export type HostPost = {channel_id: string; user_id: string; message: string};
export type HostCall = {method: string; unexpected: boolean};
export type HostAnswer = {status: number; body: unknown};

export type PluginHttpHost = {
    /** Where the page server forwards plugin requests. */
    baseURL: string;
    /** Runs MessageWillBePosted (then MessageHasBeenPosted); 201 with the saved post or 400 with the rejection. */
    post(post: HostPost): Promise<HostAnswer>;
    events(): Promise<WebSocketMessage[]>;
    calls(): Promise<HostCall[]>;
    /** Closes stdin and waits for the host to deactivate the plugin and exit; resolves with its exit status. */
    close(): Promise<number | null>;
};

export type PluginHttpHostOptions = {
    executable: string;
    bundle: string;
    /** host.log (the host's and the plugin's log lines), process.log, stderr.log. */
    logDir: string;
    /** The SiteURL's path, which the plugin sees at the start of RequestURI. */
    sitePath: string;
};

async function getJSON<T>(url: string): Promise<T> {
    const response = await fetch(url);
    if (!response.ok) {
        throw new PluginHostError(`GET ${url}: ${response.status} ${await response.text()}`);
    }
    return await response.json() as T;
}

export async function startPluginHttpHost(options: PluginHttpHostOptions): Promise<PluginHttpHost> {
    mkdirSync(options.logDir, {recursive: true});
    const child = spawn(
        options.executable,
        ['-bundle', options.bundle, '-log-dir', options.logDir, '-site-path', options.sitePath],
        {cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe']},
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    const baseURL = await new Promise<string>((resolve, reject) => {
        let stdout = '';
        let settled = false;
        const fail = (why: string) => {
            if (!settled) {
                settled = true;
                child.kill('SIGKILL');
                reject(new PluginHostError(`plugin-http-host ${why}; stderr:\n${stderr}\n(logs in ${options.logDir})`));
            }
        };
        const timer = setTimeout(() => fail(`printed no listening line within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
        child.on('error', (err) => {
            clearTimeout(timer);
            fail(`did not start: ${err.message}`);
        });
        child.stdout.on('data', (chunk: Buffer) => {
            stdout += chunk.toString();
            const newline = stdout.indexOf('\n');
            if (newline < 0 || settled) {
                return;
            }
            clearTimeout(timer);
            const match = /^listening (http:\/\/127\.0\.0\.1:\d+)$/.exec(stdout.slice(0, newline));
            if (match) {
                settled = true;
                resolve(match[1]);
            } else {
                fail(`printed ${JSON.stringify(stdout.slice(0, newline))} instead of "listening http://127.0.0.1:PORT"`);
            }
        });
        void exited.then((code) => {
            clearTimeout(timer);
            fail(`exited with status ${code} before listening`);
        });
    });

    let closing: Promise<number | null> | undefined;
    const close = () => closing ??= (async () => {
        child.stdin.end();
        const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS).unref());
        const result = await Promise.race([exited, timeout]);
        writeFileSync(join(options.logDir, 'stderr.log'), stderr);
        if (result === 'timeout') {
            child.kill('SIGKILL');
            throw new PluginHostError(`plugin-http-host still running ${STOP_TIMEOUT_MS} ms after its stdin closed (logs in ${options.logDir})`);
        }
        return result;
    })();

    return {
        baseURL,
        async post(post) {
            const response = await fetch(`${baseURL}/__host/posts`, {
                method: 'POST',
                headers: {'Content-Type': 'application/json'},
                body: JSON.stringify(post),
            });
            return {status: response.status, body: await response.json() as unknown};
        },
        events: () => getJSON<WebSocketMessage[]>(`${baseURL}/__host/events`),
        calls: () => getJSON<HostCall[]>(`${baseURL}/__host/calls`),
        close,
    };
}
