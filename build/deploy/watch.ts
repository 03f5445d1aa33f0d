// `make watch`: build and deploy once, then rebuild and redeploy on every
// change (see watcher.ts for what is watched and which targets run). Deploy
// settings come from the environment as for `make deploy`. Stop with Ctrl-C.

import { spawn } from 'node:child_process';

import { runCli } from '../lib/cli';
import { runDeployCommand } from './deploy';
import { WatchLoop, watchProject } from './watcher';

runCli(async () => {
  const root = process.cwd();
  const log = (line: string): void => console.log(`[watch] ${line}`);
  const make = process.env.MAKE || 'make';

  const loop = new WatchLoop({
    log,
    runMake: (targets) =>
      new Promise((resolve) => {
        const child = spawn(make, targets, { cwd: root, stdio: 'inherit' });
        child.on('error', (error) => {
          log(`cannot run ${make}: ${error.message}`);
          resolve(false);
        });
        child.on('exit', (code) => resolve(code === 0));
      }),
    deploy: () => runDeployCommand('deploy', { root, env: process.env, log }),
  });

  const close = await watchProject(root, loop, log);
  await loop.runNow(['server', 'webapp', 'bundle']);

  await new Promise<void>((resolve) => {
    const stop = (): void => {
      log('stopping');
      close();
      loop.stop();
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
});
