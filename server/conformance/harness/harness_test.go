package harness

import (
	"archive/tar"
	"compress/gzip"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
)

const manifestJSON = `{"id":"com.example.t","name":"T","version":"0.1.0","server":{"executables":{"linux-amd64":"server/dist/plugin-linux-amd64"}}}`

type entry struct {
	name, link string
	typ        byte
	mode       int64
	data       string
}

func writeTar(t *testing.T, entries []entry) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "b.tar.gz")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	gz := gzip.NewWriter(f)
	tw := tar.NewWriter(gz)
	for _, e := range entries {
		if err := tw.WriteHeader(&tar.Header{Name: e.name, Linkname: e.link, Typeflag: e.typ, Mode: e.mode, Size: int64(len(e.data))}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(e.data)); err != nil {
			t.Fatal(err)
		}
	}
	tw.Close()
	gz.Close()
	f.Close()
	return path
}

func TestInstallLikeTheServer(t *testing.T) {
	bundle := writeTar(t, []entry{
		{name: "p/", typ: tar.TypeDir, mode: 0o755},
		{name: "p/plugin.json", typ: tar.TypeReg, mode: 0o644, data: manifestJSON},
		{name: "p/server/dist/plugin-linux-amd64", typ: tar.TypeReg, mode: 0o755, data: "#!/bin/sh\n"},
		{name: "p/link", typ: tar.TypeSymlink, link: "plugin.json"},
	})
	plugins := filepath.Join(t.TempDir(), "plugins")
	if err := os.MkdirAll(plugins, 0o755); err != nil {
		t.Fatal(err)
	}
	inst, err := installBundle(bundle, plugins)
	if err != nil {
		t.Fatal(err)
	}
	if inst.Manifest.Id != "com.example.t" || inst.Dir != filepath.Join(plugins, "com.example.t") {
		t.Errorf("installed %+v", inst)
	}
	st, err := os.Stat(filepath.Join(inst.Dir, ExecutablePath))
	if err != nil || st.Mode().Perm() != 0o755 {
		t.Errorf("executable: %v %v", st, err)
	}
	if _, err := os.Lstat(filepath.Join(inst.Dir, "link")); !os.IsNotExist(err) {
		t.Errorf("the symlink was extracted (%v); the server skips links", err)
	}
	if len(inst.Skipped) != 1 || inst.Skipped[0].Name != "p/link" {
		t.Errorf("skipped %+v", inst.Skipped)
	}

	escaping := writeTar(t, []entry{{name: "../evil", typ: tar.TypeReg, mode: 0o644, data: "x"}})
	var ie *InstallError
	if _, err := installBundle(escaping, plugins); !errors.As(err, &ie) {
		t.Errorf("an escaping path installed: %v", err)
	}
	noManifest := writeTar(t, []entry{{name: "p/readme", typ: tar.TypeReg, mode: 0o644, data: "x"}})
	if _, err := installBundle(noManifest, plugins); !errors.As(err, &ie) {
		t.Errorf("a bundle without a manifest installed: %v", err)
	}
}

func TestRecordingKV(t *testing.T) {
	a := NewRecordingAPI(&model.Manifest{Id: "p"})
	now := time.Unix(1000, 0)
	a.now = func() time.Time { return now }

	ok, err := a.KVSetWithOptions("k", []byte("1"), model.PluginKVSetOptions{Atomic: true})
	if !ok || err != nil {
		t.Fatalf("create-if-absent: %v %v", ok, err)
	}
	if ok, _ := a.KVSetWithOptions("k", []byte("2"), model.PluginKVSetOptions{Atomic: true}); ok {
		t.Error("create-if-absent succeeded on an existing key")
	}
	if ok, _ := a.KVSetWithOptions("k", []byte("2"), model.PluginKVSetOptions{Atomic: true, OldValue: []byte("0")}); ok {
		t.Error("compare-and-set succeeded with a wrong old value")
	}
	if ok, _ := a.KVSetWithOptions("k", []byte("2"), model.PluginKVSetOptions{Atomic: true, OldValue: []byte("1"), ExpireInSeconds: 10}); !ok {
		t.Error("compare-and-set failed with the right old value")
	}
	if _, err := a.KVSetWithOptions("k", []byte("3"), model.PluginKVSetOptions{OldValue: []byte("2")}); err == nil {
		t.Error("OldValue without Atomic was accepted")
	}
	if v, _ := a.KVGet("k"); string(v) != "2" {
		t.Errorf("KVGet = %q", v)
	}
	now = now.Add(10 * time.Second)
	if v, _ := a.KVGet("k"); v != nil {
		t.Errorf("expired value still read: %q", v)
	}
	if ok, _ := a.KVSetWithOptions("k", nil, model.PluginKVSetOptions{}); !ok {
		t.Error("delete by nil value failed")
	}
	calls := a.CallsTo("KVSetWithOptions")
	if len(calls) != 6 || calls[3].Args[2].(model.PluginKVSetOptions).ExpireInSeconds != 10 {
		t.Errorf("recorded %v", calls)
	}
}

func TestUnexpectedCallsAreRecordedAndAnswered(t *testing.T) {
	a := NewRecordingAPI(&model.Manifest{Id: "p"})
	var seen []string
	a.OnCall = func(c Call) { seen = append(seen, c.Method) }
	_, appErr := a.GetTeam("t1")
	if appErr == nil || appErr.Id != "harness.unexpected_api_call" {
		t.Errorf("GetTeam answered %v", appErr)
	}
	un := a.Unexpected()
	if len(un) != 1 || un[0].Method != "GetTeam" || un[0].Args[0] != "t1" || len(seen) != 1 {
		t.Errorf("unexpected calls %v, seen %v", un, seen)
	}
}

func TestGeneratedAPIIsCurrent(t *testing.T) {
	if apiMethodCount < 200 {
		t.Errorf("only %d API methods generated", apiMethodCount)
	}
	// The generator compares against the pinned module's api.go.
	out, err := runGo(t, "run", "./server/conformance/harness/internal/apigen", "-check")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
}
func runGo(t *testing.T, args ...string) ([]byte, error) {
	t.Helper()
	root, err := RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", args...)
	cmd.Dir = root
	return cmd.CombinedOutput()
}
