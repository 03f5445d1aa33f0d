// Upstream's argument convention for registry methods (reArg in the Mattermost
// webapp's utils/func.ts), reimplemented for our fakes and the browser harness:
// a call with exactly one plain-object argument whose keys all belong to the
// method's key list passes that object through; any other call is zipped onto
// the key list. An object with even one unknown key therefore becomes the first
// positional argument; upstream does this silently, which is why the key table
// must match upstream exactly.
import {REGISTRY_KEY_ORDER, type ReArgMethodName} from './key_order';

/** Like lodash's isPlainObject for same-realm values: an object literal or Object.create(null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
    if (typeof value !== 'object' || value === null) {
        return false;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    return proto === null || proto === Object.prototype;
}

/** Normalise a call's arguments to the object the upstream method body receives. */
export function reArgs(keyOrder: readonly string[], args: readonly unknown[]): Record<string, unknown> {
    if (args.length === 1 && isPlainObject(args[0])) {
        const only = args[0];
        if (Object.keys(only).every((key) => keyOrder.includes(key))) {
            return only;
        }
    }
    const zipped: Record<string, unknown> = {};
    keyOrder.forEach((key, index) => {
        zipped[key] = args[index];
    });
    return zipped;
}

export function normalizeRegistryCall(method: ReArgMethodName, args: readonly unknown[]): Record<string, unknown> {
    return reArgs(REGISTRY_KEY_ORDER[method], args);
}
