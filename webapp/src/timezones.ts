// The zones the picker offers: the IANA zones this browser knows.
export function supportedTimeZones(): string[] {
    const intl = Intl as typeof Intl & {supportedValuesOf?: (key: 'timeZone') => string[]};
    return typeof intl.supportedValuesOf === 'function' ? intl.supportedValuesOf('timeZone') : [];
}

/** The picker's options: the supported zones, plus the selected one if the list lacks it (e.g. "UTC"). */
export function zoneOptions(selected: string, supported: readonly string[] = supportedTimeZones()): string[] {
    return supported.includes(selected) ? [...supported] : [selected, ...supported];
}
