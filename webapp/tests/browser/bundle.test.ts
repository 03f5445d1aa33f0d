// The built bundle leans on the webapp's globals instead of carrying its own
// copies of React and friends.
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {join} from 'node:path';

import {describe, expect, it} from 'vitest';

import {REPO_ROOT, requireBuiltBundle} from './paths';

const require = createRequire(import.meta.url);
const {MATTERMOST_GLOBALS} = require(join(REPO_ROOT, 'webapp', 'webpack.config.cjs')) as {MATTERMOST_GLOBALS: Record<string, string>};

// Strings found only in each library's own production code (checked below, so
// that "not found in main.js" means something).
const LIBRARY_FINGERPRINTS: Record<string, {file: string; strings: string[]}> = {
    react: {file: 'react/cjs/react.production.min.js', strings: ['__SECRET_INTERNALS_DO_NOT_USE_OR_YOU_WILL_BE_FIRED', 'ReactCurrentDispatcher']},
    'react-dom': {file: 'react-dom/cjs/react-dom.production.min.js', strings: ['__reactContainer$']},
    redux: {file: 'redux/dist/cjs/redux.cjs', strings: ['@@redux/INIT']},
    'react-redux': {file: 'react-redux/dist/cjs/react-redux.production.min.cjs', strings: ['ReactReduxContext']},
};

describe('webapp/dist/main.js', () => {
    const bundle = requireBuiltBundle();

    it.each(Object.entries(LIBRARY_FINGERPRINTS))('does not bundle %s', (_library, {file, strings}) => {
        const libraryCode = readFileSync(join(REPO_ROOT, 'node_modules', file), 'utf8');
        for (const fingerprint of strings) {
            expect(libraryCode).toContain(fingerprint);
            expect(bundle).not.toContain(fingerprint);
        }
    });

    it('reads React from the webapp\'s global', () => {
        expect(bundle).toContain('window.React');
    });

    it('touches no window globals but the Mattermost externals and the plugin API', () => {
        const used = new Set([...bundle.matchAll(/window\.([A-Za-z_$][\w$]*)/g)].map((m) => m[1]));
        const allowed = new Set([...Object.values(MATTERMOST_GLOBALS), 'registerPlugin', 'basename']);
        expect([...used].filter((name) => !allowed.has(name))).toEqual([]);
    });

    it('stays small', () => {
        expect(bundle.length).toBeLessThan(64 * 1024);
    });
});
