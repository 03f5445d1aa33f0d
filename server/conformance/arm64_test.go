package conformance_test

import (
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/example/mattermost-plugin-world-time/server/conformance/harness"
)

// The linux-arm64 executable of World Time, run by Mattermost's plugin host
// on this x86_64 machine through qemu user-mode emulation: the bundle's
// linux-amd64 entry is a two-line launcher that execs qemu on the arm64
// executable beside it. Same checks as on amd64, fewer of them (emulated
// Node starts in about a second of the host's three).
//
// WORLD_TIME_ARM64_EXECUTABLE (absolute path) names the executable; make
// test-conformance builds it. The Go reference run has no arm64 build.
const arm64Packages = "qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross"

func TestWorldTimeArm64UnderEmulation(t *testing.T) {
	exe := os.Getenv("WORLD_TIME_ARM64_EXECUTABLE")
	if exe == "" {
		if os.Getenv("CONFORMANCE_REQUIRE_TS") == "1" {
			t.Fatal("CONFORMANCE_REQUIRE_TS=1 but WORLD_TIME_ARM64_EXECUTABLE is not set: build it with `tsx build/executable/cli.ts --platform linux-arm64 --out-dir <dir>`")
		}
		t.Skip("no TypeScript arm64 executable in a Go reference run")
	}
	qemu, err := exec.LookPath("qemu-aarch64-static")
	if err != nil {
		t.Fatalf("qemu-aarch64-static not found: install the Debian packages %s", arm64Packages)
	}
	if _, err := os.Stat("/usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1"); err != nil {
		t.Fatalf("the arm64 C libraries are missing (%v): install the Debian packages %s", err, arm64Packages)
	}
	arm64, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	root, err := harness.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	manifest, err := os.ReadFile(filepath.Join(root, "plugin.json"))
	if err != nil {
		t.Fatal(err)
	}
	launcher := "#!/bin/sh\nexec " + qemu + " -L /usr/aarch64-linux-gnu \"$(dirname \"$0\")/plugin-linux-arm64\"\n"
	bundle := filepath.Join(t.TempDir(), "world-time-arm64.tar.gz")
	err = harness.WriteBundle(bundle, worldTimeID, []harness.BundleFile{
		{Path: "plugin.json", Mode: 0o644, Data: manifest},
		{Path: harness.ExecutablePath, Mode: 0o755, Data: []byte(launcher)},
		{Path: "server/dist/plugin-linux-arm64", Mode: 0o755, Data: arm64},
		{Path: "webapp/dist/main.js", Mode: 0o644, Data: []byte("// the webapp half is not under test here\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("WORLD_TIME_BUNDLE", bundle)

	f := start(t, worldTimeID, nil)
	checkImplemented(t, f)

	before := time.Now()
	out, reason := f.hooks.MessageWillBePosted(hookContext(), post("ch-arm", "hoge@Europe/Paris"))
	if reason != "" || out == nil {
		t.Fatalf("MessageWillBePosted: %v %q", out, reason)
	}
	checkAppended(t, out, "hoge@Europe/Paris", "Europe/Paris", before, time.Now())

	rec := f.serve(http.MethodGet, "/api/v1/time?tz=UTC", nil, userHeader("u1"))
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"time_zone":"UTC"`) {
		t.Errorf("GET /api/v1/time?tz=UTC: %d %q", rec.Code, rec.Body.String())
	}
	if err := f.host.Env().PerformHealthCheck(worldTimeID); err != nil {
		t.Errorf("health check: %v", err)
	}
}
