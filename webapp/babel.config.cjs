// Babel compiles the webapp half for webpack (babel-loader); tsc only type-checks.
//
// JSX uses the automatic runtime, but the Mattermost webapp exposes React only as
// the `React` global, not `react/jsx-runtime`; webpack.config.cjs therefore
// points `react/jsx-runtime` at src/jsx_runtime.ts, which builds elements with
// the host's React.createElement.
module.exports = {
    presets: [
        ['@babel/preset-env', {
            // Browsers the Mattermost webapp itself supports; no polyfills are injected.
            targets: {chrome: '110', edge: '110', firefox: '115', safari: '16.4'},
            modules: false,
            bugfixes: true,
        }],
        ['@babel/preset-react', {runtime: 'automatic', development: false}],
        ['@babel/preset-typescript', {allExtensions: true, isTSX: true, onlyRemoveTypeImports: true}],
    ],
};
