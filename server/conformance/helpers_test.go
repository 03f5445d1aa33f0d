package conformance_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
)

// hookContext is the Context the server passes with a hook call.
func hookContext() *plugin.Context {
	return &plugin.Context{RequestId: model.NewId(), IPAddress: "127.0.0.1", UserAgent: "conformance"}
}

// pluginRequest builds a request as the server forwards it to ServeHTTP:
// /plugins/<id> stripped from the path, RequestURI still the original.
func pluginRequest(id, method, target string, body []byte, header http.Header) *http.Request {
	var rd io.Reader = http.NoBody
	if body != nil {
		rd = bytes.NewReader(body)
	}
	r := httptest.NewRequest(method, target, rd)
	r.RequestURI = "/plugins/" + id + target
	for k, v := range header {
		r.Header[k] = v
	}
	return r
}

// serve calls the ServeHTTP hook through the host with a ResponseRecorder.
func (f *fixture) serve(method, target string, body []byte, header http.Header) *httptest.ResponseRecorder {
	f.t.Helper()
	rec := httptest.NewRecorder()
	f.hooks.ServeHTTP(hookContext(), rec, pluginRequest(f.id, method, target, body, header))
	return rec
}

func userHeader(id string) http.Header {
	return http.Header{"Mattermost-User-Id": {id}}
}

var displayPattern = regexp.MustCompile(`^(\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}) \(([^()\s]+), UTC([+-]\d{2}):(\d{2})\)$`)

// checkDisplay verifies a display string names zone and shows a time between
// before and after (whole seconds) with the zone's offset at that time.
func checkDisplay(t *testing.T, display, zone string, before, after time.Time) {
	t.Helper()
	m := displayPattern.FindStringSubmatch(display)
	if m == nil {
		t.Errorf("display %q does not match YYYY/MM/DD HH:mm:ss (Zone, UTC±hh:mm)", display)
		return
	}
	if m[2] != zone {
		t.Errorf("display %q names zone %q, want %q", display, m[2], zone)
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatal(err)
	}
	shown, err := time.ParseInLocation("2006/01/02 15:04:05", m[1], loc)
	if err != nil {
		t.Errorf("display %q: %v", display, err)
		return
	}
	if shown.Before(before.Truncate(time.Second)) || shown.After(after) {
		t.Errorf("display %q shows %s, outside the call's [%s, %s]", display, shown, before, after)
	}
	_, offset := shown.Zone()
	if want := formatOffset(offset); "UTC"+m[3]+":"+m[4] != "UTC"+want {
		t.Errorf("display %q has offset UTC%s:%s, want UTC%s", display, m[3], m[4], want)
	}
}

func formatOffset(seconds int) string {
	sign := "+"
	if seconds < 0 {
		sign, seconds = "-", -seconds
	}
	return fmt.Sprintf("%s%02d:%02d", sign, seconds/3600, seconds%3600/60)
}
