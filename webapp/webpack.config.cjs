// Builds the webapp half into webapp/dist/main.js, the file plugin.json's
// webapp.bundle_path names. Run from the repository root:
//   webpack --config webapp/webpack.config.cjs --mode=production
//
// Libraries the Mattermost webapp already loads are externals: the bundle reads
// them from the globals the webapp sets in webapp/channels/src/plugins/export.ts,
// so the plugin shares the host's React (one React per page, hooks work) and
// stays small.
const path = require('node:path');

/** module name → global set by the Mattermost webapp (plugins/export.ts). */
const MATTERMOST_GLOBALS = {
    react: 'React',
    'react-dom': 'ReactDOM',
    'react-intl': 'ReactIntl',
    redux: 'Redux',
    'react-redux': 'ReactRedux',
    'react-bootstrap': 'ReactBootstrap',
    'react-router-dom': 'ReactRouterDom',
    'prop-types': 'PropTypes',
    luxon: 'Luxon',
};

function config(_env, argv) {
    const development = argv.mode === 'development';
    return {
        mode: development ? 'development' : 'production',
        context: __dirname,
        entry: path.join(__dirname, 'src', 'index.tsx'),
        resolve: {
            extensions: ['.ts', '.tsx', '.js', '.jsx'],
            alias: {
                // The host has no jsx-runtime global: build elements with its React.
                'react/jsx-runtime$': path.join(__dirname, 'src', 'jsx_runtime.ts'),
                'react/jsx-dev-runtime$': path.join(__dirname, 'src', 'jsx_runtime.ts'),
            },
        },
        module: {
            rules: [{
                test: /\.[jt]sx?$/,
                exclude: /node_modules/,
                use: {
                    loader: 'babel-loader',
                    options: {configFile: path.join(__dirname, 'babel.config.cjs')},
                },
            }],
        },
        externals: MATTERMOST_GLOBALS,
        externalsType: 'window',
        output: {
            path: path.join(__dirname, 'dist'),
            filename: 'main.js',
            // Mattermost serves the bundle from /static/plugins/<id>/; nothing is
            // loaded relative to it, so no public path is baked in.
            publicPath: '',
            clean: true,
        },
        devtool: development ? 'eval-source-map' : false,
        performance: {hints: false},
    };
}

module.exports = config;
module.exports.MATTERMOST_GLOBALS = MATTERMOST_GLOBALS;
