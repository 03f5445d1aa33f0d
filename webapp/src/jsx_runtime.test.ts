// The bundle's jsx-runtime stand-in must build the same elements as React's own.
import {createRef, Fragment as ReactFragment, type ReactElement} from 'react';
import * as react from 'react/jsx-runtime';
import {describe, expect, it} from 'vitest';

import * as ours from './jsx_runtime';

function shape(element: ReactElement) {
    // `ref` is on React 18 elements at run time, though not in their type.
    return {type: element.type, key: element.key, ref: (element as unknown as {ref: unknown}).ref, props: element.props};
}

function Component(props: {label: string}) {
    return props.label;
}

describe('jsx_runtime', () => {
    const ref = createRef<HTMLDivElement>();
    const cases: Array<[string, 'jsx' | 'jsxs', unknown, Record<string, unknown>, string?]> = [
        ['no children', 'jsx', 'br', {}],
        ['one child', 'jsx', 'p', {className: 'c', children: 'text'}],
        ['a key', 'jsx', 'li', {children: 'x'}, 'k1'],
        ['a ref', 'jsx', 'div', {ref, id: 'd'}],
        ['static children', 'jsxs', 'div', {children: ['a', 'b', 'c']}],
        ['a dynamic list as one child', 'jsx', 'ul', {children: [['x']]}],
        ['a component', 'jsx', Component, {label: 'hi'}],
        ['a fragment', 'jsxs', ReactFragment, {children: ['a', 'b']}],
    ];

    it.each(cases)('matches React for %s', (_name, fn, type, props, key) => {
        const theirs = react[fn](type as never, {...props}, key);
        const mine = ours[fn](type as never, {...props}, key);
        expect(shape(mine)).toEqual(shape(theirs));
    });

    it('exports the same Fragment', () => {
        expect(ours.Fragment).toBe(ReactFragment);
    });
});
