package main

// The program as a test runs it: this test binary re-executes itself as the
// command (PLUGIN_HTTP_HOST_AS_MAIN=1) with the World Time bundle, drives it
// over HTTP and stops it. The bundle is WORLD_TIME_BUNDLE (the TypeScript
// build) or, unset, the Go reference plugin built once per run; with
// CONFORMANCE_REQUIRE_TS=1 a missing WORLD_TIME_BUNDLE fails, as in the
// conformance suite.

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/example/mattermost-plugin-world-time/server/conformance/harness"
)

const worldTimeID = "com.example.world-time"

func TestMain(m *testing.M) {
	if os.Getenv("PLUGIN_HTTP_HOST_AS_MAIN") == "1" {
		main()
		return
	}
	code := m.Run()
	if bundleDir != "" {
		_ = os.RemoveAll(bundleDir)
	}
	os.Exit(code)
}

var (
	bundleOnce sync.Once
	bundleDir  string
	bundlePath string
	bundleErr  error
)

func worldTimeBundle(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("WORLD_TIME_BUNDLE"); p != "" {
		return p
	}
	if os.Getenv("CONFORMANCE_REQUIRE_TS") == "1" {
		t.Fatal("CONFORMANCE_REQUIRE_TS=1 but WORLD_TIME_BUNDLE is not set: build the TypeScript bundle (make dist) and pass its absolute path")
	}
	bundleOnce.Do(func() {
		if bundleDir, bundleErr = os.MkdirTemp("", "plugin-http-host-test-"); bundleErr != nil {
			return
		}
		bundlePath = filepath.Join(bundleDir, worldTimeID+".tar.gz")
		_, bundleErr = harness.BuildGoBundle(harness.WorldTimeGo, bundlePath)
	})
	if bundleErr != nil {
		t.Fatalf("building the Go reference World Time: %v", bundleErr)
	}
	return bundlePath
}

// hostProcess is the command running as a child of the test.
type hostProcess struct {
	cmd     *exec.Cmd
	stdin   io.WriteCloser
	stderr  *strings.Builder
	baseURL string
	logDir  string
	done    chan error
}

func logDirFor(t *testing.T) string {
	root, err := harness.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "test-results", "plugin-http-host", strings.ReplaceAll(t.Name(), "/", "_"))
	_ = os.RemoveAll(dir)
	return dir
}

func startCommand(t *testing.T, args ...string) *hostProcess {
	t.Helper()
	p := &hostProcess{stderr: &strings.Builder{}, logDir: logDirFor(t), done: make(chan error, 1)}
	p.cmd = exec.Command(os.Args[0], append([]string{"-log-dir", p.logDir}, args...)...)
	p.cmd.Env = append(os.Environ(), "PLUGIN_HTTP_HOST_AS_MAIN=1")
	p.cmd.Stderr = p.stderr
	var err error
	if p.stdin, err = p.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	firstLine := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		firstLine <- line
		_, _ = io.Copy(io.Discard, stdout)
		p.done <- p.cmd.Wait()
	}()
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			_ = p.cmd.Process.Kill()
		}
	})
	select {
	case line := <-firstLine:
		url, ok := strings.CutPrefix(strings.TrimSpace(line), "listening ")
		if !ok {
			t.Fatalf("first line %q, want \"listening http://…\"; stderr:\n%s", line, p.stderr)
		}
		p.baseURL = url
	case <-time.After(60 * time.Second):
		t.Fatalf("no listening line after 60 s; stderr:\n%s", p.stderr)
	}
	return p
}

func (p *hostProcess) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-p.done:
		return p.cmd.ProcessState.ExitCode()
	case <-time.After(15 * time.Second):
		t.Fatalf("still running 15 s after being told to stop; stderr:\n%s", p.stderr)
		return -1
	}
}

var activeLine = regexp.MustCompile(`\(pid (\d+)\) active`)

// pluginPID reads the plugin's pid from the command's log.
func (p *hostProcess) pluginPID(t *testing.T) int {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(p.logDir, "process.log"))
	if err != nil {
		t.Fatal(err)
	}
	m := activeLine.FindSubmatch(data)
	if m == nil {
		t.Fatalf("process.log names no plugin pid:\n%s", data)
	}
	pid, _ := strconv.Atoi(string(m[1]))
	return pid
}

func (p *hostProcess) do(t *testing.T, method, path, body string, header http.Header) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest(method, p.baseURL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, string(data)
}

var displayPattern = regexp.MustCompile(`^\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2} \(([^()\s]+), UTC[+-]\d{2}:\d{2}\)$`)

func TestPrepareForPlugin(t *testing.T) {
	r, err := http.ReadRequest(bufio.NewReader(strings.NewReader(
		"GET /api/v1/time?tz=Europe%2FParis&access_token=secret HTTP/1.1\r\n" +
			"Host: 127.0.0.1\r\n" +
			"Mattermost-User-Id: u1\r\n" +
			"Mattermost-Plugin-ID: other.plugin\r\n" +
			"Cookie: MMAUTHTOKEN=token; MMUSERID=u1\r\n" +
			"Referer: http://127.0.0.1/company/mattermost/\r\n" +
			"Accept-Language: ja\r\n" +
			"User-Agent: e2e\r\n" +
			"Connection-Id: conn1\r\n\r\n")))
	if err != nil {
		t.Fatal(err)
	}
	r.RemoteAddr = "127.0.0.1:5555"
	ctx := prepareForPlugin(r, "/company/mattermost", worldTimeID)

	if !model.IsValidId(ctx.RequestId) || ctx.IPAddress != "127.0.0.1" || ctx.AcceptLanguage != "ja" || ctx.UserAgent != "e2e" || ctx.ConnectionId != "conn1" {
		t.Errorf("context %+v", ctx)
	}
	if got, want := r.RequestURI, "/company/mattermost/plugins/"+worldTimeID+"/api/v1/time?tz=Europe%2FParis&access_token=secret"; got != want {
		t.Errorf("RequestURI %q, want %q", got, want)
	}
	if got := r.URL.RawQuery; got != "tz=Europe%2FParis" {
		t.Errorf("query %q, want tz only", got)
	}
	if got := r.Header.Get("Mattermost-User-Id"); got != "u1" {
		t.Errorf("Mattermost-User-Id %q, want the caller's u1", got)
	}
	for _, h := range []string{"Mattermost-Plugin-ID", "Referer"} {
		if v := r.Header.Get(h); v != "" {
			t.Errorf("%s still %q", h, v)
		}
	}
	if got := r.Header.Values("Cookie"); !reflect.DeepEqual(got, []string{"MMUSERID=u1"}) {
		t.Errorf("cookies %q, want the session cookie gone and the others kept", got)
	}
}

func TestServesWorldTimeAndStopsOnStdinEOF(t *testing.T) {
	p := startCommand(t, "-bundle", worldTimeBundle(t))
	user := http.Header{"Mattermost-User-Id": {"u1"}}

	t.Run("ServeHTTP", func(t *testing.T) {
		status, header, body := p.do(t, "GET", "/api/v1/time?tz=Europe/Paris", "", user)
		var answer struct {
			TimeZone string `json:"time_zone"`
			Display  string `json:"display"`
		}
		if err := json.Unmarshal([]byte(body), &answer); status != 200 || err != nil || header.Get("Content-Type") != "application/json" {
			t.Fatalf("GET time: %d %q %s (%v)", status, header.Get("Content-Type"), body, err)
		}
		if m := displayPattern.FindStringSubmatch(answer.Display); answer.TimeZone != "Europe/Paris" || m == nil || m[1] != "Europe/Paris" {
			t.Errorf("answer %+v", answer)
		}
		if status, _, body := p.do(t, "GET", "/api/v1/time", "", nil); status != 401 || body != `{"error":"not authenticated"}` {
			t.Errorf("GET time without a user: %d %s", status, body)
		}
		if status, _, body := p.do(t, "GET", "/", "", nil); status != 200 || body != "Hello from World Time!" {
			t.Errorf("GET /: %d %q", status, body)
		}
	})

	var created model.Post
	t.Run("MessageWillBePosted", func(t *testing.T) {
		status, _, body := p.do(t, "POST", "/__host/posts", `{"channel_id":"c1","user_id":"u1","message":"lunch hoge@Europe/Paris"}`, nil)
		if err := json.Unmarshal([]byte(body), &created); status != 201 || err != nil {
			t.Fatalf("POST posts: %d %s (%v)", status, body, err)
		}
		prefix, rest, _ := strings.Cut(created.Message, " (")
		if prefix != "lunch hoge@Europe/Paris" || !displayPattern.MatchString(strings.TrimSuffix(rest, ")")) {
			t.Errorf("message %q, want the display appended", created.Message)
		}
		if !model.IsValidId(created.Id) || created.CreateAt == 0 || created.ChannelId != "c1" || created.UserId != "u1" {
			t.Errorf("post not saved as the server saves it: %+v", &created)
		}

		status, _, body = p.do(t, "GET", "/__host/events", "", nil)
		var events []map[string]any
		if err := json.Unmarshal([]byte(body), &events); status != 200 || err != nil || len(events) != 1 {
			t.Fatalf("GET events: %d %s (%v)", status, body, err)
		}
		display := strings.TrimSuffix(rest, ")")
		want := map[string]any{
			"event": "custom_" + worldTimeID + "_time_appended",
			"data":  map[string]any{"channel_id": "c1", "user_id": "u1", "time_zone": "Europe/Paris", "display": display},
			"broadcast": map[string]any{"omit_users": nil, "user_id": "", "channel_id": "c1", "team_id": "",
				"connection_id": "", "omit_connection_id": ""},
			"seq": float64(1),
		}
		if !reflect.DeepEqual(events[0], want) {
			t.Errorf("event\n%v\nwant\n%v", events[0], want)
		}

		// MessageHasBeenPosted ran before the answer: the plugin's KV record is there.
		status, _, body = p.do(t, "GET", "/api/v1/channels/c1/last", "", user)
		if want := fmt.Sprintf(`{"post_id":%q,"display":%q}`, created.Id, display); status != 200 || body != want {
			t.Errorf("GET last: %d %s, want %s", status, body, want)
		}
	})

	t.Run("rejection and bad input", func(t *testing.T) {
		status, _, body := p.do(t, "POST", "/__host/posts", `{"channel_id":"c1","user_id":"u1","message":"hoge@Mars/Olympus"}`, nil)
		var appErr model.AppError
		if err := json.Unmarshal([]byte(body), &appErr); status != 400 || err != nil || appErr.Id != "Post rejected by plugin. unknown time zone: Mars/Olympus" {
			t.Errorf("rejected post: %d %s", status, body)
		}
		for _, c := range []struct{ body, want string }{
			{`{"channel_id":"c1","user_id":"u1","mesage":"typo"}`, `unknown field \"mesage\"`},
			{`{"channel_id":"c1","message":"hoge"}`, "channel_id and user_id are required"},
			{`not json`, "the body is not a post"},
		} {
			if status, _, body := p.do(t, "POST", "/__host/posts", c.body, nil); status != 400 || !strings.Contains(body, c.want) {
				t.Errorf("POST %s: %d %s, want 400 mentioning %s", c.body, status, body, c.want)
			}
		}
		if status, _, body := p.do(t, "GET", "/__host/nothing", "", nil); status != 404 || !strings.Contains(body, "no host endpoint GET /__host/nothing") {
			t.Errorf("unknown host endpoint: %d %s", status, body)
		}
	})

	t.Run("calls", func(t *testing.T) {
		status, _, body := p.do(t, "GET", "/__host/calls", "", nil)
		var calls []callJSON
		if err := json.Unmarshal([]byte(body), &calls); status != 200 || err != nil {
			t.Fatalf("GET calls: %d %s (%v)", status, body, err)
		}
		seen := map[string]bool{}
		for _, c := range calls {
			seen[c.Method] = true
			if c.Unexpected {
				t.Errorf("unexpected API call %s", c.Method)
			}
		}
		for _, m := range []string{"LoadPluginConfiguration", "RegisterCommand", "PublishWebSocketEvent", "KVSet", "KVGet"} {
			if !seen[m] {
				t.Errorf("no %s call recorded in %v", m, calls)
			}
		}
	})

	pid := p.pluginPID(t)
	if err := p.stdin.Close(); err != nil {
		t.Fatal(err)
	}
	if code := p.wait(t); code != 0 {
		t.Errorf("exit status %d after EOF on stdin; stderr:\n%s", code, p.stderr)
	}
	if err := harness.WaitExit(pid, time.Second); err != nil {
		t.Errorf("the plugin outlived the host: %v", err)
	}
}

func TestStopsOnSIGTERM(t *testing.T) {
	p := startCommand(t, "-bundle", worldTimeBundle(t))
	pid := p.pluginPID(t)
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := p.wait(t); code != 0 {
		t.Errorf("exit status %d after SIGTERM; stderr:\n%s", code, p.stderr)
	}
	if err := harness.WaitExit(pid, time.Second); err != nil {
		t.Errorf("the plugin outlived the host: %v", err)
	}
	log, err := os.ReadFile(filepath.Join(p.logDir, "process.log"))
	if err != nil || !strings.Contains(string(log), "stopping: terminated") {
		t.Errorf("process.log does not say why it stopped (%v):\n%s", err, log)
	}
}

func TestRefusesAMissingBundle(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-log-dir", logDirFor(t), "-bundle", "/nonexistent/bundle.tar.gz")
	cmd.Env = append(os.Environ(), "PLUGIN_HTTP_HOST_AS_MAIN=1")
	out, err := cmd.CombinedOutput()
	if cmd.ProcessState == nil || cmd.ProcessState.ExitCode() != 2 || !strings.Contains(string(out), "-bundle: stat /nonexistent/bundle.tar.gz") {
		t.Errorf("exit %v, output %q: want status 2 naming the bundle", err, out)
	}
}
