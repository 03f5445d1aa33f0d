import {describe, expect, it} from 'vitest';

import {REGISTRY_KEY_ORDER, REGISTRY_NO_ARG_METHODS, REGISTRY_OBJECT_ONLY_KEYS} from './key_order';
import facts from './upstream_registry_facts.json';

describe('registry key table against upstream registry.ts facts', () => {
    it('records where the facts were read', () => {
        expect(facts.source.file).toBe('webapp/channels/src/plugins/registry.ts');
        expect(facts.source.commit).toMatch(/^[0-9a-f]{40}$/);
        expect(facts.source.repository).not.toBe('');
    });

    it('has exactly the upstream reArg methods', () => {
        expect(Object.keys(REGISTRY_KEY_ORDER).sort()).toEqual(Object.keys(facts.reArgMethods).sort());
    });

    it.each(Object.entries(facts.reArgMethods))('%s takes its arguments in upstream order', (method, keys) => {
        expect(REGISTRY_KEY_ORDER[method as keyof typeof REGISTRY_KEY_ORDER]).toEqual(keys);
    });

    it('has the object-only and no-argument methods upstream has', () => {
        expect(REGISTRY_OBJECT_ONLY_KEYS).toEqual(facts.objectOnlyMethods);
        expect([...REGISTRY_NO_ARG_METHODS].sort()).toEqual([...facts.noArgMethods].sort());
    });

    // The starter template's typings get these three object forms wrong; upstream's
    // reArg would then pass the whole object as the first positional argument.
    it('uses the runtime keys the starter template types get wrong', () => {
        expect(REGISTRY_KEY_ORDER.registerPostTypeComponent).toEqual(['type', 'component']);
        expect(REGISTRY_KEY_ORDER.registerCallButtonAction).toContain('action');
        expect(REGISTRY_KEY_ORDER.registerCallButtonAction).not.toContain('fn');
        expect(REGISTRY_KEY_ORDER.registerChannelIntroButtonAction).toEqual(['icon', 'action', 'text']);
    });
});
