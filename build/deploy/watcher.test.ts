// The watch loop: which targets a change needs, debouncing, carrying on after
// failures, changes during a build; and the real file watchers on a temp tree.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { WatchLoop, isRelevant, targetsFor, watchProject } from './watcher';

describe('targetsFor', () => {
  it.each([
    [['server/src/plugin.ts'], ['server', 'bundle']],
    [['server/runtime/gob/decoder.ts'], ['server', 'bundle']],
    [['webapp/src/index.tsx'], ['webapp', 'bundle']],
    [['plugin.json'], ['server', 'webapp', 'bundle']],
    [['assets/icon.svg'], ['bundle']],
    [['public/help.html'], ['bundle']],
    [['webapp/src/a.tsx', 'server/src/b.ts', 'assets/c.svg'], ['server', 'webapp', 'bundle']],
    [['server/src/manifest.ts'], []],
    [['webapp/src/manifest.ts'], []],
    [['server/src/plugin.test.ts'], []],
    [['server/src/.plugin.ts.swp', 'server/src/plugin.ts~', 'webapp/src/.#index.tsx', 'server/src/4913'], []],
    [['server/dist/plugin-linux-amd64', 'webapp/dist/main.js', 'README.md', 'build/bundle/cli.ts'], []],
  ])('%j -> %j', (changed, targets) => {
    expect(targetsFor(changed)).toEqual(targets);
  });

  it('ignores paths outside the watched folders', () => {
    expect(isRelevant('server/srcx/a.ts')).toBe(false);
    expect(isRelevant('server/src/a.ts')).toBe(true);
  });
});

function recordingLoop(makeResults: boolean[] = [], deployFailures = 0) {
  const makes: string[][] = [];
  const logs: string[] = [];
  let deploys = 0;
  let failuresLeft = deployFailures;
  let releaseBuild: (() => void) | undefined;
  let holdBuilds = false;
  const loop = new WatchLoop({
    debounceMs: 30,
    log: (line) => logs.push(line),
    runMake: async (targets) => {
      makes.push(targets);
      if (holdBuilds) await new Promise<void>((resolve) => (releaseBuild = resolve));
      return makeResults.shift() ?? true;
    },
    deploy: async () => {
      deploys++;
      if (failuresLeft-- > 0) throw new Error('cannot reach the Mattermost server');
    },
  });
  return {
    loop,
    makes,
    logs,
    deploys: () => deploys,
    hold: (on: boolean) => (holdBuilds = on),
    release: () => releaseBuild?.(),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('WatchLoop', () => {
  it('debounces a burst of changes into one build and one deploy', async () => {
    const t = recordingLoop();
    t.loop.notify('server/src/a.ts');
    t.loop.notify('server/src/b.ts');
    t.loop.notify('webapp/src/c.tsx');
    await t.loop.idle();
    expect(t.makes).toEqual([['server', 'webapp', 'bundle']]);
    expect(t.deploys()).toBe(1);
    expect(t.logs).toEqual(['changed: server/src/a.ts, server/src/b.ts, webapp/src/c.tsx', 'make server webapp bundle', 'deployed; watching for changes']);
  });

  it('keeps going after a failed build and a failed deploy', async () => {
    const t = recordingLoop([false, true, true], 1);
    t.loop.notify('server/src/a.ts');
    await t.loop.idle();
    expect(t.deploys()).toBe(0);
    expect(t.logs.at(-1)).toBe('build failed; fix it and save again (still watching)');

    t.loop.notify('server/src/a.ts');
    await t.loop.idle();
    expect(t.logs.at(-1)).toBe('deploy failed: cannot reach the Mattermost server (still watching)');

    t.loop.notify('assets/icon.svg');
    await t.loop.idle();
    expect(t.makes).toEqual([['server', 'bundle'], ['server', 'bundle'], ['bundle']]);
    expect(t.deploys()).toBe(2);
    expect(t.logs.at(-1)).toBe('deployed; watching for changes');
  });

  it('builds again for changes made during a build', async () => {
    const t = recordingLoop();
    t.hold(true);
    t.loop.notify('server/src/a.ts');
    while (t.makes.length === 0) await sleep(5);
    t.loop.notify('webapp/src/b.tsx');
    await sleep(60); // longer than the debounce: nothing starts while a build runs
    expect(t.makes).toHaveLength(1);
    t.hold(false);
    t.release();
    await t.loop.idle();
    expect(t.makes).toEqual([['server', 'bundle'], ['webapp', 'bundle']]);
  });

  it('does nothing for irrelevant changes', async () => {
    const t = recordingLoop();
    t.loop.notify('server/src/manifest.ts');
    t.loop.notify('README.md');
    await t.loop.idle();
    expect(t.makes).toEqual([]);
  });
});

describe('watchProject', () => {
  let root: string | undefined;
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('feeds real file changes into the loop', async () => {
    root = await mkdtemp(join(tmpdir(), 'watch-test-'));
    await mkdir(join(root, 'server/src/deep'), { recursive: true });
    await mkdir(join(root, 'webapp/src'), { recursive: true });
    await writeFile(join(root, 'plugin.json'), '{}');
    const t = recordingLoop();
    const close = await watchProject(root, t.loop, () => {});
    try {
      await writeFile(join(root, 'server/src/deep/hooks.ts'), 'export {};');
      while (t.makes.length === 0) await sleep(10);
      await t.loop.idle();
      // One write may reach the watcher as several events; each build is for the server only.
      expect(t.makes.every((targets) => targets.join() === 'server,bundle')).toBe(true);

      await writeFile(join(root, 'server/src/manifest.ts'), '// generated');
      await writeFile(join(root, 'plugin.json'), '{"id": 1}');
      while (!t.makes.some((targets) => targets.includes('webapp'))) await sleep(10);
      await t.loop.idle();
      expect(t.makes.at(-1)).toEqual(['server', 'webapp', 'bundle']);
    } finally {
      close();
      t.loop.stop();
    }
  });
});
