// A select of IANA time zones.
import {useId} from 'react';

import {zoneOptions} from '../timezones';

type Props = {
    value: string;
    onChange: (zone: string) => void;
    zones?: readonly string[];
};

export function ZonePicker({value, onChange, zones}: Props) {
    const id = useId();
    return (
        <div style={{margin: '12px 0'}}>
            <label htmlFor={id} style={{display: 'block', fontWeight: 600, marginBottom: 4}}>{'Time zone'}</label>
            <select
                id={id}
                value={value}
                onChange={(e) => onChange(e.target.value)}
                style={{width: '100%', padding: 4}}
            >
                {zoneOptions(value, zones).map((zone) => (
                    <option key={zone} value={zone}>{zone}</option>
                ))}
            </select>
        </div>
    );
}
