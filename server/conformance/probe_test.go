package conformance_test

// Probe against PLUGINS.md: post rules (rewrite, reject, dismiss, a throwing
// hook), edits, the KV record, commands, an AppError crossing back, and
// ServeHTTP through a ResponseRecorder and a real http.Server.

import (
	"bufio"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
)

func TestProbeMessageWillBePosted(t *testing.T) {
	f := start(t, probeID, nil)

	in := post("c", "please rewrite this")
	in.AddProp("keep", "me")
	out, reason := f.hooks.MessageWillBePosted(hookContext(), in)
	if reason != "" || out == nil || out.Message != "please rewrite this [rewritten]" {
		t.Fatalf("rewrite: %+v %q", out, reason)
	}
	if out.GetProp("probe") != "yes" || out.GetProp("keep") != "me" || out.Id != in.Id || out.ChannelId != "c" {
		t.Errorf("rewrite: props %v id %q channel %q; want probe=yes added, keep=me kept, ids kept", out.GetProps(), out.Id, out.ChannelId)
	}

	if _, reason := f.hooks.MessageWillBePosted(hookContext(), post("c", "reject me")); reason != "rejected by probe" {
		t.Errorf("reject: reason %q", reason)
	}
	if _, reason := f.hooks.MessageWillBePosted(hookContext(), post("c", "dismiss me")); reason != plugin.DismissPostError {
		t.Errorf("dismiss: reason %q, want %q", reason, plugin.DismissPostError)
	}
	out, reason = f.hooks.MessageWillBePosted(hookContext(), post("c", "plain"))
	if reason != "" || out.Message != "plain" || out.GetProp("probe") != nil {
		t.Errorf("plain: %+v %q", out, reason)
	}
}

func TestProbeThrowingHookKeepsServing(t *testing.T) {
	f := start(t, probeID, nil)
	pid, err := f.host.PluginPID(probeID)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		out, reason := f.hooks.MessageWillBePosted(hookContext(), post("c", "throw"))
		if reason != "" || out == nil || out.Message != "throw" {
			t.Errorf("throw: %+v %q, want the post unchanged", out, reason)
		}
	}
	rec := f.serve(http.MethodGet, "/throw", nil, nil)
	if rec.Code != 500 {
		t.Errorf("GET /throw: status %d, want 500", rec.Code)
	}
	if err := f.host.Env().PerformHealthCheck(probeID); err != nil {
		t.Errorf("health check after throwing hooks: %v", err)
	}
	if after, err := f.host.PluginPID(probeID); err != nil || after != pid {
		t.Errorf("plugin process %d before, %d (%v) after throwing hooks", pid, after, err)
	}
	checkFailureLogged(t, f, "MessageWillBePosted", "thrown on purpose")
	checkFailureLogged(t, f, "ServeHTTP", "handler thrown on purpose")
	if out, _ := f.hooks.MessageWillBePosted(hookContext(), post("c", "rewrite")); out.Message != "rewrite [rewritten]" {
		t.Errorf("after throwing hooks: %q", out.Message)
	}
	if rec := f.serve(http.MethodGet, "/hello", nil, nil); rec.Code != 200 || rec.Body.String() != "hello" {
		t.Errorf("GET /hello after /throw: %d %q", rec.Code, rec.Body.String())
	}
}

func TestProbeUpdateAndHasBeenPosted(t *testing.T) {
	f := start(t, probeID, nil)
	old := post("c", "before")
	newer := post("c", "after")
	newer.Id = old.Id
	out, reason := f.hooks.MessageWillBeUpdated(hookContext(), newer, old)
	// The TS probe returns only the message: every other field of the new post stays.
	if reason != "" || out == nil || out.Message != "after [edited]" || out.Id != old.Id ||
		out.ChannelId != newer.ChannelId || out.UserId != newer.UserId || out.CreateAt != newer.CreateAt {
		t.Errorf("update: %+v %q", out, reason)
	}

	f.api.ResetCalls()
	p := post("c", "anything")
	f.hooks.MessageHasBeenPosted(hookContext(), p)
	if v, _ := f.api.KVValue("last_post"); string(v) != p.Id {
		t.Errorf("KV last_post = %q, want %q", v, p.Id)
	}
	calls := f.api.Calls()
	if len(calls) != 1 || calls[0].Method != "KVSet" || calls[0].Args[0] != "last_post" || string(calls[0].Args[1].([]byte)) != p.Id {
		t.Errorf("API calls %v, want KVSet(last_post, <id>)", calls)
	}
}

func TestProbeExecuteCommand(t *testing.T) {
	f := start(t, probeID, nil)
	resp, appErr := f.hooks.ExecuteCommand(hookContext(), &model.CommandArgs{Command: "/probe echo hello  world"})
	if appErr != nil || resp == nil || resp.Text != "hello  world" || resp.ResponseType != "ephemeral" {
		t.Errorf("echo: %+v %v", resp, appErr)
	}
	resp, appErr = f.hooks.ExecuteCommand(hookContext(), &model.CommandArgs{Command: "/probe fail"})
	if appErr == nil {
		t.Fatalf("fail: no AppError, response %+v", resp)
	}
	if appErr.Id != "probe.fail" || appErr.StatusCode != 400 || appErr.Message != "probe failed on request" || appErr.Where != "Probe.ExecuteCommand" {
		t.Errorf("fail: AppError %+v", appErr)
	}
	resp, appErr = f.hooks.ExecuteCommand(hookContext(), &model.CommandArgs{Command: "/probe what"})
	if appErr != nil || resp == nil || resp.Text != "usage: /probe echo <text> | /probe fail" {
		t.Errorf("usage: %+v %v", resp, appErr)
	}
}

func TestProbeServeHTTP(t *testing.T) {
	f := start(t, probeID, nil)

	t.Run("hello", func(t *testing.T) {
		rec := f.serve(http.MethodGet, "/hello", nil, nil)
		if rec.Code != 200 || rec.Body.String() != "hello" || rec.Header().Get("Content-Type") != "text/plain; charset=utf-8" || rec.Header().Get("X-Probe") != "1" {
			t.Errorf("%d %v %q", rec.Code, rec.Header(), rec.Body.String())
		}
	})

	t.Run("echo", func(t *testing.T) {
		for _, size := range []int{0, 1 << 10, 8 << 20} {
			body := make([]byte, size)
			_, _ = rand.Read(body)
			sum := sha256.Sum256(body)
			rec := f.serve(http.MethodPost, "/echo", body, http.Header{"Content-Type": {"application/x-probe"}})
			got := sha256.Sum256(rec.Body.Bytes())
			if rec.Code != 200 || rec.Body.Len() != size || got != sum {
				t.Errorf("%d B: status %d, %d B back, sha256 match %v", size, rec.Code, rec.Body.Len(), got == sum)
			}
			if h := rec.Header().Get("X-Body-Sha256"); h != hex.EncodeToString(sum[:]) {
				t.Errorf("%d B: X-Body-Sha256 %q", size, h)
			}
			if ct := rec.Header().Get("Content-Type"); ct != "application/x-probe" {
				t.Errorf("%d B: Content-Type %q", size, ct)
			}
		}
	})

	t.Run("whoami", func(t *testing.T) {
		rec := f.serve(http.MethodGet, "/whoami", nil, userHeader("user-42"))
		if rec.Code != 200 || rec.Body.String() != "user-42" {
			t.Errorf("with a user: %d %q", rec.Code, rec.Body.String())
		}
		rec = f.serve(http.MethodGet, "/whoami", nil, nil)
		if rec.Code != 401 || rec.Body.String() != `{"error":"not authenticated"}` {
			t.Errorf("without a user: %d %q", rec.Code, rec.Body.String())
		}
	})

	t.Run("kv", func(t *testing.T) {
		f.api.PutKV("bench", []byte("v"))
		f.api.ResetCalls()
		rec := f.serve(http.MethodGet, "/kv?n=5", nil, nil)
		var body struct{ N, Ns int64 }
		if err := json.Unmarshal(rec.Body.Bytes(), &body); rec.Code != 200 || err != nil || body.N != 5 || body.Ns <= 0 {
			t.Errorf("%d %q (%v)", rec.Code, rec.Body.String(), err)
		}
		if !strings.HasPrefix(rec.Body.String(), `{"n":5,"ns":`) {
			t.Errorf("body %q, want {\"n\":5,\"ns\":…}", rec.Body.String())
		}
		if n := len(f.api.CallsTo("KVGet")); n != 5 {
			t.Errorf("%d KVGet calls, want 5", n)
		}
		if rec := f.serve(http.MethodGet, "/kv?n=x", nil, nil); rec.Code != 400 || rec.Body.String() != `{"error":"bad n"}` {
			t.Errorf("n=x: %d %q", rec.Code, rec.Body.String())
		}
	})

	t.Run("api error crosses back", func(t *testing.T) {
		rec := f.serve(http.MethodGet, "/api-error", nil, nil)
		want := `{"id":"app.user.missing.app_error","message":"Unable to find the user.","status_code":404}`
		if rec.Code != 404 || rec.Body.String() != want {
			t.Errorf("%d %q, want 404 %q", rec.Code, rec.Body.String(), want)
		}
		if calls := f.api.CallsTo("GetUser"); len(calls) == 0 || calls[len(calls)-1].Args[0] != "missing" {
			t.Errorf("GetUser calls %v", calls)
		}
	})

	t.Run("stream via recorder", func(t *testing.T) {
		rec := f.serve(http.MethodGet, "/stream", nil, nil)
		if rec.Code != 200 || rec.Body.String() != "abc" || !rec.Flushed {
			t.Errorf("%d %q flushed=%v", rec.Code, rec.Body.String(), rec.Flushed)
		}
	})

	t.Run("not found", func(t *testing.T) {
		rec := f.serve(http.MethodGet, "/nope", nil, nil)
		if rec.Code != 404 || rec.Body.String() != "404 page not found\n" {
			t.Errorf("%d %q", rec.Code, rec.Body.String())
		}
	})
}

// pluginServer serves /plugins/<id>/… through the ServeHTTP hook as the
// server's plugin route does.
func pluginServer(t *testing.T, f *fixture) *httptest.Server {
	prefix := "/plugins/" + f.id
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, prefix+"/") {
			http.NotFound(w, r)
			return
		}
		r.URL.Path = strings.TrimPrefix(r.URL.Path, prefix)
		r.URL.RawPath = ""
		f.hooks.ServeHTTP(hookContext(), w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestProbeServeHTTPOverARealServer(t *testing.T) {
	f := start(t, probeID, nil)
	srv := pluginServer(t, f)

	t.Run("stream chunks are flushed one by one", func(t *testing.T) {
		conn, err := net.DialTimeout("tcp", srv.Listener.Addr().String(), 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
		fmt.Fprintf(conn, "GET /plugins/%s/stream HTTP/1.1\r\nHost: conformance\r\nConnection: close\r\n\r\n", probeID)
		raw, err := io.ReadAll(conn)
		if err != nil {
			t.Fatal(err)
		}
		head, body, ok := strings.Cut(string(raw), "\r\n\r\n")
		if !ok || !strings.HasPrefix(head, "HTTP/1.1 200") || !strings.Contains(head, "Transfer-Encoding: chunked") {
			t.Fatalf("response head %q", head)
		}
		// Unflushed writes would be coalesced into one chunk or a Content-Length body.
		if want := "1\r\na\r\n1\r\nb\r\n1\r\nc\r\n0\r\n\r\n"; body != want {
			t.Errorf("chunked body %q, want %q", body, want)
		}
	})

	t.Run("echo 8 MiB", func(t *testing.T) {
		body := make([]byte, 8<<20)
		_, _ = rand.Read(body)
		resp, err := http.Post(srv.URL+"/plugins/"+probeID+"/echo", "application/octet-stream", strings.NewReader(string(body)))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		got, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(body)
		if resp.StatusCode != 200 || sha256.Sum256(got) != sum || resp.Header.Get("X-Body-Sha256") != hex.EncodeToString(sum[:]) {
			t.Errorf("status %d, %d B back, header %q", resp.StatusCode, len(got), resp.Header.Get("X-Body-Sha256"))
		}
	})

	t.Run("hello and throw", func(t *testing.T) {
		resp, err := http.Get(srv.URL + "/plugins/" + probeID + "/throw")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 500 {
			t.Errorf("throw: %d", resp.StatusCode)
		}
		resp, err = http.Get(srv.URL + "/plugins/" + probeID + "/hello")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(bufio.NewReader(resp.Body))
		resp.Body.Close()
		if resp.StatusCode != 200 || string(b) != "hello" || resp.Header.Get("X-Probe") != "1" {
			t.Errorf("hello: %d %q %v", resp.StatusCode, b, resp.Header)
		}
	})
}

// TestConcurrentMessageWillBePosted sends 1000 distinct posts at once to
// each plugin and checks every answer against its own post.
func TestConcurrentMessageWillBePosted(t *testing.T) {
	const n = 1000
	t.Run("probe", func(t *testing.T) {
		f := start(t, probeID, nil)
		errs := make(chan error, n)
		for i := range n {
			go func() {
				in := post(fmt.Sprintf("ch-%d", i), fmt.Sprintf("rewrite #%d", i))
				out, reason := f.hooks.MessageWillBePosted(hookContext(), in)
				switch {
				case reason != "":
					errs <- fmt.Errorf("post %d rejected: %q", i, reason)
				case out == nil || out.Message != fmt.Sprintf("rewrite #%d [rewritten]", i) || out.GetProp("probe") != "yes" || out.ChannelId != fmt.Sprintf("ch-%d", i):
					errs <- fmt.Errorf("post %d: got %s", i, describe(out))
				default:
					errs <- nil
				}
			}()
		}
		collect(t, errs, n)
	})
	t.Run("world time", func(t *testing.T) {
		f := start(t, worldTimeID, nil)
		zones := []string{"Europe/Paris", "America/New_York", "UTC", "Asia/Tokyo"}
		errs := make(chan error, n)
		before := time.Now()
		for i := range n {
			go func() {
				zone := zones[i%len(zones)]
				msg := fmt.Sprintf("hoge@%s #%d", zone, i)
				out, reason := f.hooks.MessageWillBePosted(hookContext(), post(fmt.Sprintf("ch-%d", i), msg))
				if reason != "" || out == nil {
					errs <- fmt.Errorf("post %d: %+v %q", i, out, reason)
					return
				}
				m := appendedSuffix.FindStringSubmatch(out.Message)
				if m == nil || m[1] != msg || displayPattern.FindStringSubmatch(m[2])[2] != zone {
					errs <- fmt.Errorf("post %d: message %q", i, out.Message)
					return
				}
				errs <- nil
			}()
		}
		collect(t, errs, n)
		events := f.api.Events()
		if len(events) != n {
			t.Fatalf("%d websocket events, want %d", len(events), n)
		}
		seen := map[string]bool{}
		for _, ev := range events {
			ch, _ := ev.Payload["channel_id"].(string)
			if ev.Broadcast == nil || ev.Broadcast.ChannelId != ch || seen[ch] {
				t.Errorf("event %v broadcast %+v (duplicate: %v)", ev.Payload, ev.Broadcast, seen[ch])
			}
			seen[ch] = true
			checkDisplay(t, ev.Payload["display"].(string), ev.Payload["time_zone"].(string), before, time.Now())
		}
	})
}

func collect(t *testing.T, errs <-chan error, n int) {
	t.Helper()
	failed := 0
	for range n {
		if err := <-errs; err != nil {
			failed++
			if failed <= 10 {
				t.Error(err)
			}
		}
	}
	if failed > 0 {
		t.Errorf("%d of %d concurrent calls answered wrongly", failed, n)
	}
}

// describe prints the fields the checks look at, not the whole post.
func describe(p *model.Post) string {
	if p == nil {
		return "no post"
	}
	return fmt.Sprintf("{Id: %s, ChannelId: %s, Message: %q, Props: %v}", p.Id, p.ChannelId, p.Message, p.GetProps())
}

// checkFailureLogged checks a failing hook was logged with its stack. The
// TypeScript runtime logs through the API (LogError), and its stack names the
// author's source file (the executable carries a source map); the Go
// reference writes to stderr, which the host files in its log.
func checkFailureLogged(t *testing.T, f *fixture, hook, message string) {
	t.Helper()
	if f.goRef {
		if !strings.Contains(f.log(), hook+" failed") {
			t.Errorf("the host log has no %q line", hook+" failed")
		}
		return
	}
	for _, c := range f.api.CallsTo("LogError") {
		text := fmt.Sprint(c.Args...)
		if strings.Contains(text, hook) && strings.Contains(text, message) {
			if !strings.Contains(text, "probe.ts:") {
				t.Errorf("the logged stack does not name the source file probe.ts: %s", text)
			}
			return
		}
	}
	t.Errorf("no LogError call for the failing %s hook; LogError calls: %v", hook, f.api.CallsTo("LogError"))
}
