package main

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin/plugintest"
	"github.com/stretchr/testify/mock"
)

var fixed = time.Date(2026, 11, 22, 10, 15, 30, 123_000_000, time.UTC)

func TestDisplayAndISO(t *testing.T) {
	cases := []struct{ zone, display, iso string }{
		{"Asia/Tokyo", "2026/11/22 19:15:30 (Asia/Tokyo, UTC+09:00)", "2026-11-22T19:15:30.123+09:00"},
		{"Europe/Paris", "2026/11/22 11:15:30 (Europe/Paris, UTC+01:00)", "2026-11-22T11:15:30.123+01:00"},
		{"America/New_York", "2026/11/22 05:15:30 (America/New_York, UTC-05:00)", "2026-11-22T05:15:30.123-05:00"},
		{"UTC", "2026/11/22 10:15:30 (UTC, UTC+00:00)", "2026-11-22T10:15:30.123+00:00"},
		{"Asia/Kolkata", "2026/11/22 15:45:30 (Asia/Kolkata, UTC+05:30)", "2026-11-22T15:45:30.123+05:30"},
	}
	for _, c := range cases {
		loc, err := loadZone(c.zone)
		if err != nil {
			t.Fatal(err)
		}
		if got := display(fixed, c.zone, loc); got != c.display {
			t.Errorf("display(%s) = %q, want %q", c.zone, got, c.display)
		}
		if got := iso(fixed, loc); got != c.iso {
			t.Errorf("iso(%s) = %q, want %q", c.zone, got, c.iso)
		}
	}
	for _, bad := range []string{"", "Local", "Mars/Olympus"} {
		if _, err := loadZone(bad); err == nil || err.Error() != "unknown time zone: "+bad {
			t.Errorf("loadZone(%q) = %v", bad, err)
		}
	}
}

func TestZoneInMessage(t *testing.T) {
	cases := []struct {
		msg, zone string
		found     bool
	}{
		{"hello", "", false},
		{"hoge", "", true},
		{"say hoge now", "", true},
		{"hoge@Europe/Paris hi", "Europe/Paris", true},
		{"hoge@", "", true},
		{"x hoge@UTC\nnext", "UTC", true},
	}
	for _, c := range cases {
		zone, found := zoneInMessage(c.msg, "hoge")
		if zone != c.zone || found != c.found {
			t.Errorf("zoneInMessage(%q) = %q, %v", c.msg, zone, found)
		}
	}
}

func TestSplitAppended(t *testing.T) {
	msg, d := splitAppended("hoge (2026/11/22 19:15:30 (Asia/Tokyo, UTC+09:00))")
	if msg != "hoge" || d != "2026/11/22 19:15:30 (Asia/Tokyo, UTC+09:00)" {
		t.Errorf("got %q %q", msg, d)
	}
	if msg, d := splitAppended("hoge (not a time)"); msg != "hoge (not a time)" || d != "" {
		t.Errorf("got %q %q", msg, d)
	}
}

func newPlugin(t *testing.T, config map[string]string) (*Plugin, *plugintest.API) {
	api := &plugintest.API{}
	t.Cleanup(func() { api.AssertExpectations(t) })
	api.On("LoadPluginConfiguration", mock.Anything).Run(func(args mock.Arguments) {
		c := args.Get(0).(*configuration)
		c.TriggerWord = config["TriggerWord"]
		c.DefaultTimezone = config["DefaultTimezone"]
	}).Return(nil)
	p := &Plugin{now: func() time.Time { return fixed }}
	p.SetAPI(api)
	return p, api
}

func TestConfigurationDefaultsAndErrors(t *testing.T) {
	p, _ := newPlugin(t, map[string]string{})
	if err := p.OnConfigurationChange(); err != nil {
		t.Fatal(err)
	}
	if c := p.configuration(); c.TriggerWord != "hoge" || c.DefaultTimezone != "Asia/Tokyo" {
		t.Errorf("defaults not applied: %+v", c)
	}
	p2, _ := newPlugin(t, map[string]string{"DefaultTimezone": "Mars/Olympus"})
	err := p2.OnConfigurationChange()
	if err == nil || err.Error() != "DefaultTimezone: unknown time zone: Mars/Olympus" {
		t.Errorf("got %v", err)
	}
}

func TestMessageWillBePosted(t *testing.T) {
	p, api := newPlugin(t, map[string]string{"TriggerWord": "zzz"})
	if err := p.OnConfigurationChange(); err != nil {
		t.Fatal(err)
	}
	want := "2026/11/22 11:15:30 (Europe/Paris, UTC+01:00)"
	api.On("PublishWebSocketEvent", "time_appended", map[string]any{
		"channel_id": "c1", "user_id": "u1", "time_zone": "Europe/Paris", "display": want,
	}, &model.WebsocketBroadcast{ChannelId: "c1"}).Return().Once()

	post := &model.Post{ChannelId: "c1", UserId: "u1", Message: "zzz@Europe/Paris"}
	out, reason := p.MessageWillBePosted(nil, post)
	if reason != "" || out.Message != "zzz@Europe/Paris ("+want+")" || post.Message != "zzz@Europe/Paris" {
		t.Errorf("got %v %q", out, reason)
	}
	if out, reason := p.MessageWillBePosted(nil, &model.Post{Message: "hoge"}); out != nil || reason != "" {
		t.Errorf("a message without the configured trigger changed: %v %q", out, reason)
	}
	if out, reason := p.MessageWillBePosted(nil, &model.Post{Message: "zzz@Mars/Olympus"}); out != nil || reason != "unknown time zone: Mars/Olympus" {
		t.Errorf("got %v %q", out, reason)
	}
}

func TestServeHTTPTimeRequiresUser(t *testing.T) {
	p, _ := newPlugin(t, map[string]string{})
	if err := p.OnConfigurationChange(); err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	p.ServeHTTP(nil, rec, httptest.NewRequest(http.MethodGet, "/api/v1/time?tz=UTC", nil))
	if rec.Code != 401 || rec.Body.String() != `{"error":"not authenticated"}` {
		t.Errorf("got %d %q", rec.Code, rec.Body.String())
	}
	req := httptest.NewRequest(http.MethodGet, "/api/v1/time?tz=UTC", nil)
	req.Header.Set("Mattermost-User-Id", "u1")
	rec = httptest.NewRecorder()
	p.ServeHTTP(nil, rec, req)
	wantBody := `{"time_zone":"UTC","iso":"2026-11-22T10:15:30.123+00:00","display":"2026/11/22 10:15:30 (UTC, UTC+00:00)","unix_ms":1795342530123}`
	if rec.Code != 200 || rec.Body.String() != wantBody {
		t.Errorf("got %d %q", rec.Code, rec.Body.String())
	}
}
