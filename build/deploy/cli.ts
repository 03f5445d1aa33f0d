// deploy | enable | disable | reset the plugin on a running server (run from
// the project root). Connection settings come from the environment; see
// connection.ts (local-mode socket, or site URL with a token or a login).

import { runCli } from '../lib/cli';
import { ToolkitError } from '../lib/errors';
import { runDeployCommand, type DeployCommand } from './deploy';

const COMMANDS: DeployCommand[] = ['deploy', 'enable', 'disable', 'reset'];
const USAGE = `usage: tsx build/deploy/cli.ts ${COMMANDS.join('|')}`;

runCli(async () => {
  const command = process.argv[2];
  if (!COMMANDS.includes(command as DeployCommand)) throw new ToolkitError(command ? `unknown command "${command}"; ${USAGE}` : USAGE);
  await runDeployCommand(command as DeployCommand, { root: process.cwd(), env: process.env, log: (line) => console.log(line) });
});
