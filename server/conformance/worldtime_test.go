package conformance_test

// World Time against PLUGINS.md: the trigger rule on posts and edits, the
// websocket event, the KV record, /time, and the HTTP routes.

import (
	"encoding/json"
	"net/http"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
)

var appendedSuffix = regexp.MustCompile(`^(.*) \((\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2} \([^()\s]+, UTC[+-]\d{2}:\d{2}\))\)$`)

func post(channel, message string) *model.Post {
	return &model.Post{Id: model.NewId(), ChannelId: channel, UserId: "user-" + channel, Message: message, CreateAt: model.GetMillis()}
}

// checkAppended checks out.Message is "<want prefix> (<display in zone>)" and
// returns the display.
func checkAppended(t *testing.T, out *model.Post, prefix, zone string, before, after time.Time) string {
	t.Helper()
	if out == nil {
		t.Fatal("no post returned")
	}
	m := appendedSuffix.FindStringSubmatch(out.Message)
	if m == nil || m[1] != prefix {
		t.Fatalf("message %q, want %q followed by \" (<display>)\"", out.Message, prefix)
	}
	checkDisplay(t, m[2], zone, before, after)
	return m[2]
}

func TestWorldTimeMessageWillBePosted(t *testing.T) {
	f := start(t, worldTimeID, nil)

	t.Run("trigger with the default zone", func(t *testing.T) {
		f.api.ResetCalls()
		in := post("ch-default", "say hoge please")
		before := time.Now()
		out, reason := f.hooks.MessageWillBePosted(hookContext(), in)
		after := time.Now()
		if reason != "" {
			t.Fatalf("rejected: %q", reason)
		}
		display := checkAppended(t, out, "say hoge please", "Asia/Tokyo", before, after)
		events := f.api.Events()
		if len(events) != 1 {
			t.Fatalf("%d websocket events, want 1", len(events))
		}
		ev := events[0]
		wantPayload := map[string]any{"channel_id": "ch-default", "user_id": "user-ch-default", "time_zone": "Asia/Tokyo", "display": display}
		if ev.Event != "time_appended" || !reflect.DeepEqual(ev.Payload, wantPayload) {
			t.Errorf("event %q %v, want time_appended %v", ev.Event, ev.Payload, wantPayload)
		}
		if ev.Broadcast == nil || ev.Broadcast.ChannelId != "ch-default" || ev.Broadcast.UserId != "" || ev.Broadcast.TeamId != "" {
			t.Errorf("broadcast %+v, want the post's channel only", ev.Broadcast)
		}
	})

	t.Run("trigger with a zone", func(t *testing.T) {
		for _, zone := range []string{"Europe/Paris", "America/New_York", "UTC"} {
			before := time.Now()
			out, reason := f.hooks.MessageWillBePosted(hookContext(), post("ch-zone", "hoge@"+zone+" meeting"))
			if reason != "" {
				t.Fatalf("rejected: %q", reason)
			}
			checkAppended(t, out, "hoge@"+zone+" meeting", zone, before, time.Now())
		}
	})

	t.Run("unknown zone is rejected", func(t *testing.T) {
		f.api.ResetCalls()
		_, reason := f.hooks.MessageWillBePosted(hookContext(), post("ch-bad", "hoge@Mars/Olympus"))
		if reason != "unknown time zone: Mars/Olympus" {
			t.Errorf("reason %q, want %q", reason, "unknown time zone: Mars/Olympus")
		}
		if n := len(f.api.Events()); n != 0 {
			t.Errorf("%d websocket events for a rejected post", n)
		}
	})

	t.Run("no trigger leaves the post unchanged", func(t *testing.T) {
		f.api.ResetCalls()
		in := post("ch-none", "nothing to see")
		in.AddProp("keep", "me")
		out, reason := f.hooks.MessageWillBePosted(hookContext(), in)
		if reason != "" || out == nil || out.Message != "nothing to see" || out.GetProp("keep") != "me" {
			t.Errorf("got %+v %q, want the post unchanged", out, reason)
		}
		if calls := f.api.Calls(); len(calls) != 0 {
			t.Errorf("API calls for a post without the trigger: %v", methods(calls))
		}
	})
}

func TestWorldTimeConfiguration(t *testing.T) {
	f := start(t, worldTimeID, map[string]any{"TriggerWord": "zzz", "DefaultTimezone": "Europe/Paris"})
	before := time.Now()
	out, _ := f.hooks.MessageWillBePosted(hookContext(), post("c", "zzz"))
	checkAppended(t, out, "zzz", "Europe/Paris", before, time.Now())
	if out, _ := f.hooks.MessageWillBePosted(hookContext(), post("c", "hoge")); out.Message != "hoge" {
		t.Errorf("the default trigger still fires after configuring zzz: %q", out.Message)
	}

	f.api.SetSettings(map[string]any{"TriggerWord": "zzz", "DefaultTimezone": "Mars/Olympus"})
	err := f.hooks.OnConfigurationChange()
	if err == nil || err.Error() != "DefaultTimezone: unknown time zone: Mars/Olympus" {
		t.Fatalf("OnConfigurationChange error %v, want DefaultTimezone: unknown time zone: Mars/Olympus", err)
	}
	before = time.Now()
	out, _ = f.hooks.MessageWillBePosted(hookContext(), post("c", "zzz"))
	checkAppended(t, out, "zzz", "Europe/Paris", before, time.Now())

	f.api.SetSettings(map[string]any{"TriggerWord": "", "DefaultTimezone": "UTC"})
	if err := f.hooks.OnConfigurationChange(); err != nil {
		t.Fatal(err)
	}
	before = time.Now()
	out, _ = f.hooks.MessageWillBePosted(hookContext(), post("c", "hoge"))
	checkAppended(t, out, "hoge", "UTC", before, time.Now())
}

func TestWorldTimeMessageWillBeUpdated(t *testing.T) {
	f := start(t, worldTimeID, nil)
	old := post("ch-edit", "hoge (2020/01/01 09:00:00 (Asia/Tokyo, UTC+09:00))")

	edited := post("ch-edit", "hoge@UTC edited (2020/01/01 09:00:00 (Asia/Tokyo, UTC+09:00))")
	edited.Id = old.Id
	before := time.Now()
	out, reason := f.hooks.MessageWillBeUpdated(hookContext(), edited, old)
	if reason != "" {
		t.Fatalf("rejected: %q", reason)
	}
	checkAppended(t, out, "hoge@UTC edited", "UTC", before, time.Now())
	if out.Id != old.Id || out.ChannelId != edited.ChannelId || out.UserId != edited.UserId || out.CreateAt != edited.CreateAt {
		t.Errorf("post id %q channel %q user %q created %d; want those of the edited post %+v", out.Id, out.ChannelId, out.UserId, out.CreateAt, edited)
	}
	if n := len(f.api.Events()); n != 1 {
		t.Errorf("%d websocket events, want 1", n)
	}

	plain := post("ch-edit", "no trigger any more")
	out, reason = f.hooks.MessageWillBeUpdated(hookContext(), plain, old)
	if reason != "" || out == nil || out.Message != "no trigger any more" {
		t.Errorf("got %+v %q, want the new post unchanged", out, reason)
	}

	out, reason = f.hooks.MessageWillBeUpdated(hookContext(), post("ch-edit", "hoge@Mars/Olympus"), old)
	if out != nil || reason != "unknown time zone: Mars/Olympus" {
		t.Errorf("got %+v %q, want a rejection", out, reason)
	}
}

func TestWorldTimeMessageHasBeenPostedAndLastRoute(t *testing.T) {
	f := start(t, worldTimeID, nil)
	display := "2026/11/22 19:15:30 (Asia/Tokyo, UTC+09:00)"
	p := post("ch-kv", "hoge ("+display+")")
	f.api.ResetCalls()
	f.hooks.MessageHasBeenPosted(hookContext(), p)
	want := `{"post_id":"` + p.Id + `","display":"` + display + `"}`
	if v, ok := f.api.KVValue("last_time:ch-kv"); !ok || string(v) != want {
		t.Fatalf("KV last_time:ch-kv = %q, want %q", v, want)
	}
	if got := methods(f.api.Calls()); !reflect.DeepEqual(got, []string{"KVSet"}) {
		t.Errorf("API calls %v, want [KVSet]", got)
	}

	f.api.ResetCalls()
	f.hooks.MessageHasBeenPosted(hookContext(), post("ch-plain", "hoge without a time"))
	if calls := f.api.Calls(); len(calls) != 0 {
		t.Errorf("API calls for a post without an appended time: %v", methods(calls))
	}

	rec := f.serve(http.MethodGet, "/api/v1/channels/ch-kv/last", nil, nil)
	if rec.Code != 401 || rec.Body.String() != `{"error":"not authenticated"}` {
		t.Errorf("GET last without a user: %d %q", rec.Code, rec.Body.String())
	}
	rec = f.serve(http.MethodGet, "/api/v1/channels/ch-kv/last", nil, userHeader("u1"))
	if rec.Code != 200 || rec.Body.String() != want || rec.Header().Get("Content-Type") != "application/json" {
		t.Errorf("GET last: %d %q %q", rec.Code, rec.Header().Get("Content-Type"), rec.Body.String())
	}
	rec = f.serve(http.MethodGet, "/api/v1/channels/ch-none/last", nil, userHeader("u1"))
	if rec.Code != 404 || rec.Body.String() != `{"error":"not found"}` {
		t.Errorf("GET last of an empty channel: %d %q", rec.Code, rec.Body.String())
	}
}

func TestWorldTimeExecuteCommand(t *testing.T) {
	f := start(t, worldTimeID, nil)
	for _, c := range []struct{ command, zone string }{{"/time", "Asia/Tokyo"}, {"/time Europe/Paris", "Europe/Paris"}, {"/time  UTC ", "UTC"}} {
		before := time.Now()
		resp, appErr := f.hooks.ExecuteCommand(hookContext(), &model.CommandArgs{Command: c.command, ChannelId: "ch", UserId: "u"})
		if appErr != nil || resp == nil {
			t.Fatalf("%s: %v %v", c.command, resp, appErr)
		}
		if resp.ResponseType != model.CommandResponseTypeEphemeral {
			t.Errorf("%s: response type %q", c.command, resp.ResponseType)
		}
		checkDisplay(t, resp.Text, c.zone, before, time.Now())
	}
	resp, appErr := f.hooks.ExecuteCommand(hookContext(), &model.CommandArgs{Command: "/time Mars/Olympus"})
	if appErr != nil || resp == nil || resp.Text != "unknown time zone: Mars/Olympus" || resp.ResponseType != "ephemeral" {
		t.Errorf("unknown zone: %+v %v", resp, appErr)
	}
}

func TestWorldTimeServeHTTP(t *testing.T) {
	f := start(t, worldTimeID, nil)

	rec := f.serve(http.MethodGet, "/", nil, nil)
	if rec.Code != 200 || rec.Body.String() != "Hello from World Time!" || rec.Header().Get("Content-Type") != "text/plain; charset=utf-8" {
		t.Errorf("GET /: %d %v %q", rec.Code, rec.Header(), rec.Body.String())
	}

	rec = f.serve(http.MethodGet, "/api/v1/time?tz=Europe/Paris", nil, nil)
	if rec.Code != 401 || rec.Body.String() != `{"error":"not authenticated"}` || rec.Header().Get("Content-Type") != "application/json" {
		t.Errorf("without a user: %d %q", rec.Code, rec.Body.String())
	}

	rec = f.serve(http.MethodGet, "/api/v1/time?tz=Mars/Olympus", nil, userHeader("u1"))
	if rec.Code != 400 || rec.Body.String() != `{"error":"unknown time zone: Mars/Olympus"}` {
		t.Errorf("unknown zone: %d %q", rec.Code, rec.Body.String())
	}

	for _, c := range []struct{ query, zone string }{{"?tz=Europe/Paris", "Europe/Paris"}, {"", "Asia/Tokyo"}, {"?tz=America/New_York", "America/New_York"}} {
		before := time.Now()
		rec = f.serve(http.MethodGet, "/api/v1/time"+c.query, nil, userHeader("u1"))
		after := time.Now()
		if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/json" {
			t.Fatalf("GET time%s: %d %v %q", c.query, rec.Code, rec.Header(), rec.Body.String())
		}
		checkTimeBody(t, rec.Body.Bytes(), c.zone, before, after)
	}

	for _, target := range []string{"/nope", "/api/v1/channels//last", "/api/v1"} {
		rec = f.serve(http.MethodGet, target, nil, nil)
		if rec.Code != 404 || rec.Body.String() != `{"error":"not found"}` {
			t.Errorf("GET %s: %d %q", target, rec.Code, rec.Body.String())
		}
	}
	rec = f.serve(http.MethodPost, "/api/v1/time", []byte("x"), userHeader("u1"))
	if rec.Code != 404 {
		t.Errorf("POST /api/v1/time: %d", rec.Code)
	}
}

// checkTimeBody checks {"time_zone","iso","display","unix_ms"} describe one
// instant in zone, taken during the request.
func checkTimeBody(t *testing.T, body []byte, zone string, before, after time.Time) {
	t.Helper()
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil {
		t.Fatalf("body %q: %v", body, err)
	}
	var keys []string
	for k := range raw {
		keys = append(keys, k)
	}
	if len(raw) != 4 || raw["time_zone"] == nil || raw["iso"] == nil || raw["display"] == nil || raw["unix_ms"] == nil {
		t.Fatalf("body keys %v, want time_zone, iso, display, unix_ms", keys)
	}
	var v struct {
		TimeZone string `json:"time_zone"`
		ISO      string `json:"iso"`
		Display  string `json:"display"`
		UnixMs   int64  `json:"unix_ms"`
	}
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("body %q: %v", body, err)
	}
	if v.TimeZone != zone {
		t.Errorf("time_zone %q, want %q", v.TimeZone, zone)
	}
	at := time.UnixMilli(v.UnixMs)
	if at.Before(before.Truncate(time.Millisecond)) || at.After(after) {
		t.Errorf("unix_ms %d outside the request", v.UnixMs)
	}
	loc, _ := time.LoadLocation(zone)
	local := at.In(loc)
	_, offset := local.Zone()
	if want := local.Format("2006-01-02T15:04:05.000") + formatOffset(offset); v.ISO != want {
		t.Errorf("iso %q, want %q (from unix_ms)", v.ISO, want)
	}
	if want := local.Format("2006/01/02 15:04:05") + " (" + zone + ", UTC" + formatOffset(offset) + ")"; v.Display != want {
		t.Errorf("display %q, want %q (from unix_ms)", v.Display, want)
	}
	if strings.HasSuffix(v.ISO, "Z") {
		t.Errorf("iso %q ends in Z; PLUGINS.md wants a numeric offset", v.ISO)
	}
}
