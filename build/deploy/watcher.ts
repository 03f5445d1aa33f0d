// Rebuild and redeploy on change. Watches the sources of both halves, the
// manifest and the static files; after a quiet spell (debounce) runs only the
// make targets the changes need, then `bundle`, then deploys. A failed build
// or deploy is reported and the loop waits for the next change; changes made
// while a build runs are picked up right after it.
//
//   plugin.json              -> make server webapp bundle   (both regenerate the manifest module)
//   server/src, server/runtime -> make server bundle
//   webapp/src               -> make webapp bundle
//   assets, public           -> make bundle

import { watch, type FSWatcher } from 'node:fs';
import { access } from 'node:fs/promises';
import { join } from 'node:path';

/** Paths watched, relative to the project root; directories recursively. */
export const WATCHED_DIRECTORIES = ['server/src', 'server/runtime', 'webapp/src', 'assets', 'public'];
export const WATCHED_FILES = ['plugin.json'];

// Written by `make apply` itself (rewriting them must not start another build), tests, editor scratch files.
const IGNORED = [
  /^(server|webapp)\/src\/manifest\.ts$/,
  /\.test\.tsx?$/,
  /(^|\/)(\.#[^/]*|[^/]*~|[^/]*\.sw[a-p]|4913)$/,
  /(^|\/)(node_modules|dist)(\/|$)/,
];

export function isRelevant(path: string): boolean {
  if (!WATCHED_FILES.includes(path) && !WATCHED_DIRECTORIES.some((dir) => path === dir || path.startsWith(`${dir}/`))) return false;
  return !IGNORED.some((pattern) => pattern.test(path));
}

/** The make targets that bring the bundle up to date after `changed` (paths relative to the root). */
export function targetsFor(changed: Iterable<string>): string[] {
  let server = false;
  let webapp = false;
  let any = false;
  for (const path of changed) {
    if (!isRelevant(path)) continue;
    any = true;
    if (path === 'plugin.json') server = webapp = true;
    else if (path.startsWith('server/')) server = true;
    else if (path.startsWith('webapp/')) webapp = true;
  }
  if (!any) return [];
  return [...(server ? ['server'] : []), ...(webapp ? ['webapp'] : []), 'bundle'];
}

export interface WatchLoopOptions {
  /** Runs `make <targets>`; resolves true when it succeeded. */
  runMake: (targets: string[]) => Promise<boolean>;
  /** Deploys the bundle; throws on failure. */
  deploy: () => Promise<void>;
  log: (line: string) => void;
  debounceMs?: number;
}

/**
 * The debounce-build-deploy loop, fed with changed paths by `notify`.
 * `idle()` resolves when no build is running or pending (for tests and shutdown).
 */
export class WatchLoop {
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: WatchLoopOptions) {}

  notify(path: string): void {
    if (!isRelevant(path)) return;
    this.pending.add(path);
    if (this.running) return; // picked up when the current build ends
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.start(), this.options.debounceMs ?? 300);
  }

  /** Builds and deploys now with the given targets (the first round, at start-up). */
  async runNow(targets: string[]): Promise<void> {
    await this.cycle(targets);
  }

  idle(): Promise<void> {
    if (!this.running && this.timer === undefined && this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }

  private start(): void {
    this.timer = undefined;
    const changed = [...this.pending];
    this.pending.clear();
    const targets = targetsFor(changed);
    this.running = this.cycle(targets, changed).finally(() => {
      this.running = undefined;
      if (this.pending.size > 0) {
        this.timer = setTimeout(() => this.start(), this.options.debounceMs ?? 300);
      } else {
        for (const resolve of this.idleWaiters.splice(0)) resolve();
      }
    });
  }

  private async cycle(targets: string[], changed: string[] = []): Promise<void> {
    const { log } = this.options;
    if (targets.length === 0) return;
    if (changed.length > 0) log(`changed: ${changed.slice(0, 5).join(', ')}${changed.length > 5 ? ` and ${changed.length - 5} more` : ''}`);
    log(`make ${targets.join(' ')}`);
    if (!(await this.options.runMake(targets))) {
      log('build failed; fix it and save again (still watching)');
      return;
    }
    try {
      await this.options.deploy();
      log('deployed; watching for changes');
    } catch (error) {
      log(`deploy failed: ${(error as Error).message} (still watching)`);
    }
  }
}

/** Starts file watchers that feed `loop`; returns a function that closes them. */
export async function watchProject(root: string, loop: WatchLoop, log: (line: string) => void): Promise<() => void> {
  const watchers: FSWatcher[] = [];
  for (const dir of WATCHED_DIRECTORIES) {
    try {
      await access(join(root, dir));
    } catch {
      continue; // e.g. no public/ folder: nothing to watch there
    }
    const watcher = watch(join(root, dir), { recursive: true }, (_event, name) => {
      if (name) loop.notify(`${dir}/${name.toString().split('\\').join('/')}`);
    });
    watcher.on('error', (error) => log(`watching ${dir} failed: ${error.message}`));
    watchers.push(watcher);
  }
  // The root itself, not plugin.json: editors that save by renaming would end a watch on the file.
  const rootWatcher = watch(root, (_event, name) => {
    if (name && WATCHED_FILES.includes(name.toString())) loop.notify(name.toString());
  });
  watchers.push(rootWatcher);
  return () => {
    for (const watcher of watchers) watcher.close();
  };
}
