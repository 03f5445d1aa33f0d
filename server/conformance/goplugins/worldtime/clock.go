package main

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	_ "time/tzdata"
	"unicode" // the plugin must not depend on the host's zoneinfo
)

// loadZone resolves an IANA zone name exactly as written. "" and "Local" are
// not zone names here: the first means "use the default" to callers, the
// second would leak the plugin host's own zone.
func loadZone(name string) (*time.Location, error) {
	if name == "" || name == "Local" {
		return nil, fmt.Errorf("unknown time zone: %s", name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("unknown time zone: %s", name)
	}
	return loc, nil
}

// formatOffset renders a UTC offset in seconds as ±hh:mm.
func formatOffset(seconds int) string {
	sign := '+'
	if seconds < 0 {
		sign = '-'
		seconds = -seconds
	}
	return fmt.Sprintf("%c%02d:%02d", sign, seconds/3600, (seconds%3600)/60)
}

// display is "YYYY/MM/DD HH:mm:ss (<zone>, UTC±hh:mm)" for t in loc.
func display(t time.Time, zone string, loc *time.Location) string {
	local := t.In(loc)
	_, offset := local.Zone()
	return fmt.Sprintf("%s (%s, UTC%s)", local.Format("2006/01/02 15:04:05"), zone, formatOffset(offset))
}

// iso is "YYYY-MM-DDTHH:mm:ss.SSS±hh:mm", always with a numeric offset.
func iso(t time.Time, loc *time.Location) string {
	local := t.In(loc)
	_, offset := local.Zone()
	return local.Format("2006-01-02T15:04:05.000") + formatOffset(offset)
}

// appendedDisplay matches a message ending with " (<display>)".
var appendedDisplay = regexp.MustCompile(`(?s)^(.*) \((\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2} \([^()\s]+, UTC[+-]\d{2}:\d{2}\))\)$`)

// splitAppended returns the message without a trailing appended display, and
// the display ("" when there is none).
func splitAppended(message string) (string, string) {
	m := appendedDisplay.FindStringSubmatch(message)
	if m == nil {
		return message, ""
	}
	return m[1], m[2]
}

// zoneInMessage reports whether message contains trigger and, if so, the
// zone written right after its first occurrence as "<trigger>@<Zone>"
// ("" when none is written).
func zoneInMessage(message, trigger string) (zone string, found bool) {
	idx := strings.Index(message, trigger)
	if trigger == "" || idx < 0 {
		return "", false
	}
	rest := message[idx+len(trigger):]
	if !strings.HasPrefix(rest, "@") {
		return "", true
	}
	rest = rest[1:]
	if end := strings.IndexFunc(rest, unicode.IsSpace); end >= 0 {
		rest = rest[:end]
	}
	return rest, true
}
