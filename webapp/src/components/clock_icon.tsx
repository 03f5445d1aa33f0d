// The channel header button's icon: a clock, drawn in the header's text colour.
export function ClockIcon() {
    return (
        <svg
            aria-hidden='true'
            width='16'
            height='16'
            viewBox='0 0 16 16'
            fill='none'
            stroke='currentColor'
            strokeWidth='1.5'
            strokeLinecap='round'
        >
            <circle cx='8' cy='8' r='6.5'/>
            <path d='M8 4.5V8l2.5 1.5'/>
        </svg>
    );
}
