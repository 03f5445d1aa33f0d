// Type-level tests: `npx tsc -p webapp/tsconfig.json` checks the @ts-expect-error
// lines (an unused one is an error); vitest runs the calls on a fake registry.
import {describe, expect, expectTypeOf, it} from 'vitest';

import {createHostStore} from '../test_support/fake_host';
import {FakeRegistry} from '../test_support/fake_host';

import type {ObjectForm, PluginRegistry, PositionalForm} from './types';

function Component() {
    return null;
}

describe('PluginRegistry typings', () => {
    const fake = new FakeRegistry('com.example.types', createHostStore());
    const registry: PluginRegistry = fake.registry;
    const action = () => undefined;

    it('accepts both call forms and returns the id', () => {
        const positional = registry.registerChannelHeaderButtonAction('icon', action, 'text', 'tip');
        const object = registry.registerChannelHeaderButtonAction({icon: 'icon', action, dropdownText: 'text', tooltipText: 'tip'});
        expectTypeOf(positional).toEqualTypeOf<string>();
        expectTypeOf(object).toEqualTypeOf<string>();
        const [first, second] = fake.registered('registerChannelHeaderButtonAction');
        expect(first.args).toEqual(second.args);
    });

    it('rejects the keys the starter template types use', () => {
        // @ts-expect-error upstream's key is `type`, not `typeName`
        registry.registerPostTypeComponent({typeName: 'custom_time', component: Component});
        // @ts-expect-error upstream's key is `action`, not `fn`
        registry.registerCallButtonAction({button: 'b', dropdownButton: 'd', fn: action});
        // @ts-expect-error upstream's key is `text`, not `tooltipText`
        registry.registerChannelIntroButtonAction({icon: 'i', action, tooltipText: 't'});
        // The runtime consequence: each object became the first positional argument.
        const [postType] = fake.registered('registerPostTypeComponent');
        expect(postType.args.component).toBeUndefined();
    });

    it('derives the object form from the key table', () => {
        expectTypeOf<keyof ObjectForm<'registerPostTypeComponent'>>().toEqualTypeOf<'type' | 'component'>();
        expectTypeOf<keyof ObjectForm<'registerCallButtonAction'>>()
            .toEqualTypeOf<'button' | 'dropdownButton' | 'action' | 'icon' | 'dropdownText'>();
    });

    it('lets only trailing optional arguments be left out', () => {
        expectTypeOf<PositionalForm<'registerChannelHeaderMenuAction'>>().toMatchTypeOf<[unknown, unknown, unknown?]>();
        registry.registerChannelHeaderMenuAction('text', (channelId: string) => void channelId);
        // @ts-expect-error action is required
        registry.registerChannelHeaderMenuAction('text');
        expect(fake.registered('registerChannelHeaderMenuAction')).toHaveLength(2);
    });

    it('types return values that are not ids', () => {
        expectTypeOf(registry.registerReducer).returns.toEqualTypeOf<void>();
        const rhs = registry.registerRightHandSidebarComponent(Component, 'Title');
        expectTypeOf(rhs).toHaveProperty('toggleRHSPlugin');
        expectTypeOf(registry.unregisterReconnectHandler).returns.toEqualTypeOf<void>();
    });
});
