// `react/jsx-runtime` for the production bundle. The Mattermost webapp gives
// plugins React only as the `React` global (webpack external), not its JSX
// runtime, so Babel's automatic-runtime calls land here and are turned into
// React.createElement calls on the host's React. webpack.config.cjs aliases
// `react/jsx-runtime` to this module; tests use React's own runtime.
import {createElement, Fragment} from 'react';
import type {ElementType, Key, ReactElement} from 'react';

type JsxProps = Record<string, unknown>;

function build(type: ElementType, props: JsxProps, key: Key | undefined, staticChildren: boolean): ReactElement {
    const {children, ...config} = props;
    if (key !== undefined) {
        config.key = key;
    }
    if (!('children' in props)) {
        return createElement(type, config);
    }
    // jsxs marks a literal list of children: spread them so React does not ask for keys.
    if (staticChildren && Array.isArray(children)) {
        return createElement(type, config, ...(children as unknown[]) as never[]);
    }
    return createElement(type, config, children as never);
}

export function jsx(type: ElementType, props: JsxProps, key?: Key): ReactElement {
    return build(type, props, key, false);
}

export function jsxs(type: ElementType, props: JsxProps, key?: Key): ReactElement {
    return build(type, props, key, true);
}

/** Development builds call jsxDEV(type, props, key, isStaticChildren, source, self). */
export function jsxDEV(type: ElementType, props: JsxProps, key: Key | undefined, isStaticChildren: boolean): ReactElement {
    return build(type, props, key, isStaticChildren);
}

export {Fragment};
