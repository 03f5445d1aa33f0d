// plugin.json on the command line (run from the project root):
//   apply      validate, then generate server/src/manifest.ts and webapp/src/manifest.ts
//   check      validate only
//   id         print the plugin id as plugin.json spells it (the bundle's name and top folder)
//   version    print the version
//   platforms  print the <os>-<arch> keys of server.executables, one a line
// Problems are printed one a line, naming the field and the rule; exit 1.

import { runCli } from '../lib/cli';
import { ToolkitError } from '../lib/errors';
import { applyManifest } from './apply';
import { loadManifest, platformsOf } from './load';

const USAGE = 'usage: tsx build/manifest/cli.ts apply|check|id|version|platforms';

runCli(async () => {
  const command = process.argv[2];
  const root = process.cwd();
  switch (command) {
    case 'apply': {
      const { warnings, written } = await applyManifest(root);
      printWarnings(warnings);
      console.log(written.length > 0 ? `plugin.json is valid; wrote ${written.join(', ')}` : 'plugin.json is valid; generated modules are up to date');
      return;
    }
    case 'check': {
      const { warnings } = await loadManifest(root);
      printWarnings(warnings);
      console.log('plugin.json is valid');
      return;
    }
    case 'id':
    case 'version':
    case 'platforms': {
      const { manifest } = await loadManifest(root);
      const output = command === 'id' ? manifest.id : command === 'version' ? manifest.version : platformsOf(manifest).join('\n');
      if (output !== '') console.log(output);
      return;
    }
    default:
      throw new ToolkitError(command === undefined ? USAGE : `unknown command "${command}"; ${USAGE}`);
  }
});

function printWarnings(warnings: string[]): void {
  for (const warning of warnings) console.warn(`warning: ${warning}`);
}
