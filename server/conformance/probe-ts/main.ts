/** Entry point of the Probe plugin's executable. */
import { runPlugin } from '../../runtime';
import { ProbePlugin } from './probe';

void runPlugin(new ProbePlugin(), { settingsDefaults: {} });
