/**
 * Errors of the executable builder. Every failure the builder can foresee
 * (bad platform, missing entry, tampered download, native addon, failing
 * tool) is an `ExecutableBuildError` whose message says what was wrong and
 * where; the CLI prints the message alone, without a stack.
 */

export class ExecutableBuildError extends Error {
  override name = 'ExecutableBuildError';
}

/** A `<os>-<arch>` key the builder has no pinned Node base for. */
export class UnsupportedPlatformError extends ExecutableBuildError {
  override name = 'UnsupportedPlatformError';
}

/** A downloaded or cached Node base whose bytes differ from the pin. */
export class IntegrityError extends ExecutableBuildError {
  override name = 'IntegrityError';
}

/** The server entry imports a native addon, which a SEA cannot load. */
export class NativeAddonError extends ExecutableBuildError {
  override name = 'NativeAddonError';
}
