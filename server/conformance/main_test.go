package conformance_test

// The conformance suite loads the World Time and Probe bundles with
// Mattermost's own plugin host (through ./harness) and checks the behaviour
// PLUGINS.md specifies. Bundles come from WORLD_TIME_BUNDLE and PROBE_BUNDLE
// (absolute paths to .tar.gz, the TypeScript build); unset, the Go reference
// plugins are built once per run and used instead, unless
// CONFORMANCE_REQUIRE_TS=1, which makes a missing bundle a failure.

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/plugin"

	"github.com/example/mattermost-plugin-world-time/server/conformance/harness"
)

const (
	worldTimeID = "com.example.world-time"
	probeID     = "com.example.probe"

	// testTimeout bounds one test; past it the watchdog writes every
	// goroutine's stack next to the host logs and aborts the run.
	testTimeout = 90 * time.Second
)

type bundleSource struct {
	envVar string
	goRef  harness.GoPlugin
}

var sources = map[string]bundleSource{
	worldTimeID: {"WORLD_TIME_BUNDLE", harness.WorldTimeGo},
	probeID:     {"PROBE_BUNDLE", harness.ProbeGo},
}

var (
	buildOnce  sync.Once
	buildDir   string
	goBundles  = map[string]string{}
	buildError error
	resultsDir string
)

func TestMain(m *testing.M) {
	root, err := harness.RepoRoot()
	if err != nil {
		fmt.Fprintln(os.Stderr, "conformance:", err)
		os.Exit(2)
	}
	resultsDir = filepath.Join(root, "test-results", "conformance")
	if err := os.MkdirAll(resultsDir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "conformance:", err)
		os.Exit(2)
	}
	processLog := filepath.Join(resultsDir, "process.log")
	if os.Getenv("CONFORMANCE_CHILD") != "1" {
		_ = os.Remove(processLog)
	}
	closeLogs, err := harness.RouteProcessLogs(processLog)
	if err != nil {
		fmt.Fprintln(os.Stderr, "conformance:", err)
		os.Exit(2)
	}
	// The Go reference build happens here, outside any test's watchdog: a
	// cold build of the pinned module takes minutes on 2 cores.
	for _, src := range sources {
		if os.Getenv(src.envVar) == "" && os.Getenv("CONFORMANCE_REQUIRE_TS") != "1" {
			buildOnce.Do(buildGoBundles)
		}
	}
	code := m.Run()
	closeLogs()
	if buildDir != "" {
		_ = os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// bundleFor returns the bundle under test for a plugin id and whether it is
// the Go reference build.
func bundleFor(t *testing.T, id string) (path string, goReference bool) {
	t.Helper()
	src := sources[id]
	if p := os.Getenv(src.envVar); p != "" {
		if !filepath.IsAbs(p) {
			t.Fatalf("%s=%q: must be an absolute path to a .tar.gz", src.envVar, p)
		}
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("%s: %v", src.envVar, err)
		}
		return p, false
	}
	if os.Getenv("CONFORMANCE_REQUIRE_TS") == "1" {
		t.Fatalf("CONFORMANCE_REQUIRE_TS=1 but %s is not set: build the TypeScript bundle (make dist) and pass its absolute path", src.envVar)
	}
	buildOnce.Do(buildGoBundles)
	if buildError != nil {
		t.Fatalf("building the Go reference bundles: %v", buildError)
	}
	return goBundles[id], true
}

func buildGoBundles() {
	buildDir, buildError = os.MkdirTemp("", "conformance-go-bundles-")
	if buildError != nil {
		return
	}
	for id, src := range sources {
		out := filepath.Join(buildDir, id+".tar.gz")
		got, err := harness.BuildGoBundle(src.goRef, out)
		if err != nil {
			buildError = err
			return
		}
		if got != id {
			buildError = fmt.Errorf("%s built a bundle for %s", src.goRef.Package, got)
			return
		}
		goBundles[id] = out
	}
}

// watchdog aborts the whole run when a test outlives testTimeout, after
// writing all goroutine stacks to a file: a hung RPC must not hang CI.
func watchdog(t *testing.T) {
	name := t.Name()
	timer := time.AfterFunc(testTimeout, func() {
		buf := make([]byte, 1<<22)
		n := runtime.Stack(buf, true)
		dump := filepath.Join(resultsDir, safeName(name)+".stacks.txt")
		_ = os.WriteFile(dump, buf[:n], 0o644)
		panic(fmt.Sprintf("conformance test %s exceeded %s; goroutine stacks in %s", name, testTimeout, dump))
	})
	t.Cleanup(func() { timer.Stop() })
}

func safeName(name string) string {
	return strings.NewReplacer("/", "_", " ", "_").Replace(name)
}

// fixture is one host with one installed plugin.
type fixture struct {
	t       *testing.T
	host    *harness.Host
	api     *harness.RecordingAPI
	id      string
	logPath string
	goRef   bool
	hooks   plugin.Hooks
}

// newFixture installs the plugin's bundle in a fresh host without activating
// it; settings (may be nil) become the plugin's configuration.
func newFixture(t *testing.T, id string, settings map[string]any) *fixture {
	t.Helper()
	watchdog(t)
	bundle, goRef := bundleFor(t, id)
	logPath := filepath.Join(resultsDir, safeName(t.Name())+".log")
	_ = os.Remove(logPath)
	host, err := harness.NewHost(harness.Options{Dir: t.TempDir(), LogPath: logPath})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, host: host, id: id, logPath: logPath, goRef: goRef}
	t.Cleanup(func() {
		if err := host.Close(); err != nil {
			t.Errorf("closing the host: %v", err)
		}
		if t.Failed() {
			t.Logf("host log: %s", logPath)
		}
	})
	if _, err := host.Install(bundle); err != nil {
		t.Fatal(err)
	}
	f.api = host.API(id)
	if settings != nil {
		f.api.SetSettings(settings)
	}
	t.Cleanup(func() {
		for _, c := range f.api.Unexpected() {
			t.Errorf("the plugin called an API method the conformance host does not expect: %s", c)
		}
	})
	return f
}

// start installs and activates the plugin.
func start(t *testing.T, id string, settings map[string]any) *fixture {
	t.Helper()
	f := newFixture(t, id, settings)
	f.activate()
	return f
}

func (f *fixture) activate() {
	f.t.Helper()
	hooks, err := f.host.Activate(f.id)
	if err != nil {
		f.t.Fatalf("%v (host log: %s)", err, f.logPath)
	}
	f.hooks = hooks
}

// logRecords returns the JSON log records with this message.
func logRecords(t *testing.T, log, msg string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(log, "\n") {
		if !strings.Contains(line, msg) {
			continue
		}
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("host log line %q: %v", line, err)
		}
		if rec["msg"] == msg {
			out = append(out, rec)
		}
	}
	return out
}

// log returns the host log so far.
func (f *fixture) log() string {
	f.t.Helper()
	if err := f.host.FlushLog(); err != nil {
		f.t.Fatal(err)
	}
	data, err := os.ReadFile(f.logPath)
	if err != nil {
		f.t.Fatal(err)
	}
	return string(data)
}

// TestRequireTSFailsWithoutBundle re-runs one test of this binary with
// CONFORMANCE_REQUIRE_TS=1 and no PROBE_BUNDLE: it must fail and say why,
// not fall back to the Go reference.
func TestRequireTSFailsWithoutBundle(t *testing.T) {
	watchdog(t)
	cmd := exec.Command(os.Args[0], "-test.run=^TestActivationProbe$", "-test.count=1")
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PROBE_BUNDLE=") && !strings.HasPrefix(kv, "CONFORMANCE_REQUIRE_TS=") {
			env = append(env, kv)
		}
	}
	cmd.Env = append(env, "CONFORMANCE_REQUIRE_TS=1", "CONFORMANCE_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("the run passed without a TypeScript bundle:\n%s", out)
	}
	if !strings.Contains(string(out), "CONFORMANCE_REQUIRE_TS=1 but PROBE_BUNDLE is not set") {
		t.Errorf("the failure does not name the missing bundle:\n%s", out)
	}
}
