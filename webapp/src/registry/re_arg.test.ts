import {createElement} from 'react';
import {describe, expect, it} from 'vitest';

import {isPlainObject, normalizeRegistryCall, reArgs} from './re_arg';

describe('reArgs (upstream reArg semantics)', () => {
    const keys = ['icon', 'action', 'dropdownText', 'tooltipText'];

    it('passes a single object whose keys all belong to the key list', () => {
        const action = () => undefined;
        expect(reArgs(keys, [{icon: 'i', action}])).toEqual({icon: 'i', action});
    });

    it('zips positional arguments onto the key list, missing ones undefined', () => {
        expect(reArgs(keys, ['i', 'a', 'd'])).toEqual({icon: 'i', action: 'a', dropdownText: 'd', tooltipText: undefined});
    });

    it('treats an object with an unknown key as the first positional argument', () => {
        const wrong = {icon: 'i', fn: () => undefined};
        expect(reArgs(keys, [wrong])).toEqual({icon: wrong, action: undefined, dropdownText: undefined, tooltipText: undefined});
    });

    it('treats a React element, a function and a class instance as positional', () => {
        const element = createElement('span');
        expect(reArgs(['component'], [element])).toEqual({component: element});
        const fn = () => null;
        expect(reArgs(['component'], [fn])).toEqual({component: fn});
        const date = new Date(0);
        expect(reArgs(['component'], [date])).toEqual({component: date});
    });

    it('treats two objects as two positional arguments', () => {
        const a = {type: 'custom_x'};
        const b = {component: 1};
        expect(reArgs(['type', 'component'], [a, b])).toEqual({type: a, component: b});
    });

    it('recognises plain objects like lodash does for same-realm values', () => {
        expect(isPlainObject({})).toBe(true);
        expect(isPlainObject(Object.create(null))).toBe(true);
        expect(isPlainObject([])).toBe(false);
        expect(isPlainObject(null)).toBe(false);
        expect(isPlainObject(new (class Thing {})())).toBe(false);
    });

    it('normalises a registry call with the method key table', () => {
        const component = () => null;
        expect(normalizeRegistryCall('registerPostTypeComponent', ['custom_time', component]))
            .toEqual({type: 'custom_time', component});
        expect(normalizeRegistryCall('registerPostTypeComponent', [{type: 'custom_time', component}]))
            .toEqual({type: 'custom_time', component});
    });
});
