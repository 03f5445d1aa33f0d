// Package harness loads plugin bundles with Mattermost's own plugin host
// (plugin.NewEnvironment and its supervisor, from the pinned server/public
// module) exactly as the server does, backs them with a recording plugin.API,
// and exposes what tests and benchmarks need: the hooks, the recorded API
// calls, the plugin process. It has no testing dependency so that the
// benchmark host uses the same code.
//
// This file writes bundles in the layout the TypeScript build produces
// (<id>/plugin.json, <id>/server/dist/plugin-linux-amd64 mode 0755, optional
// extra files), and builds the Go reference plugins into such bundles.
package harness

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
)

// ExecutablePath is where both builds put the linux-amd64 server executable,
// relative to the plugin directory.
const ExecutablePath = "server/dist/plugin-linux-amd64"

// BundleFile is one regular file of a bundle, relative to the plugin folder.
type BundleFile struct {
	Path string
	Mode int64
	Data []byte
}

// WriteBundle writes a .tar.gz holding the files under a single top folder
// named after the plugin id, with a directory entry for every folder.
func WriteBundle(out, id string, files []BundleFile) error {
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	mtime := time.Unix(0, 0)
	dirs := map[string]bool{}
	var addDir func(dir string) error
	addDir = func(dir string) error {
		if dir == "." || dir == "" || dirs[dir] {
			return nil
		}
		if err := addDir(path.Dir(dir)); err != nil {
			return err
		}
		dirs[dir] = true
		return tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: dir + "/", Mode: 0o755, ModTime: mtime})
	}
	sorted := append([]BundleFile(nil), files...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Path < sorted[j].Path })
	for _, f := range sorted {
		name := path.Join(id, f.Path)
		if err := addDir(path.Dir(name)); err != nil {
			return err
		}
		if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: name, Mode: f.Mode, Size: int64(len(f.Data)), ModTime: mtime}); err != nil {
			return err
		}
		if _, err := tw.Write(f.Data); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	if err := gz.Close(); err != nil {
		return err
	}
	return os.WriteFile(out, buf.Bytes(), 0o644)
}

// GoPlugin names a Go reference plugin: its package (relative to the module
// root), its manifest, and files the bundle carries besides the executable.
type GoPlugin struct {
	Package  string
	Manifest string
	Extra    []BundleFile
}

// WorldTimeGo and ProbeGo are the two Go reference plugins.
var (
	WorldTimeGo = GoPlugin{
		Package:  "./server/conformance/goplugins/worldtime",
		Manifest: "plugin.json",
		// The manifest names a webapp bundle; the Go reference has none, so a
		// placeholder lets the host's UnpackWebappBundle run as it does for
		// the TypeScript bundle.
		Extra: []BundleFile{{Path: "webapp/dist/main.js", Mode: 0o644,
			Data: []byte("// The Go reference bundle of World Time carries no webapp.\n")}},
	}
	ProbeGo = GoPlugin{
		Package:  "./server/conformance/goplugins/probe",
		Manifest: "server/conformance/goplugins/probe/plugin.json",
	}
)

// BuildGoBundle compiles p for linux/amd64 with the pinned module and writes
// its bundle to out. It returns the plugin id.
func BuildGoBundle(p GoPlugin, out string) (string, error) {
	root, err := RepoRoot()
	if err != nil {
		return "", err
	}
	manifestBytes, err := os.ReadFile(filepath.Join(root, p.Manifest))
	if err != nil {
		return "", fmt.Errorf("reading the manifest of %s: %w", p.Package, err)
	}
	var manifest model.Manifest
	if err := json.Unmarshal(manifestBytes, &manifest); err != nil {
		return "", fmt.Errorf("%s: %w", p.Manifest, err)
	}
	if got := manifest.GetExecutableForRuntime("linux", "amd64"); got != ExecutablePath {
		return "", fmt.Errorf("%s: linux-amd64 executable is %q, want %q", p.Manifest, got, ExecutablePath)
	}
	exe := filepath.Join(filepath.Dir(out), manifest.Id+".plugin-linux-amd64")
	cmd := exec.Command("go", "build", "-trimpath", "-o", exe, p.Package)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH=amd64")
	if output, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build %s: %w\n%s", p.Package, err, output)
	}
	exeBytes, err := os.ReadFile(exe)
	if err != nil {
		return "", err
	}
	_ = os.Remove(exe)
	files := append([]BundleFile{
		{Path: "plugin.json", Mode: 0o644, Data: manifestBytes},
		{Path: ExecutablePath, Mode: 0o755, Data: exeBytes},
	}, p.Extra...)
	return manifest.Id, WriteBundle(out, manifest.Id, files)
}

// RepoRoot is the directory holding go.mod, found from the working directory
// upwards (tests run in their package folder, go run in the caller's).
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if data, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil &&
			strings.Contains(string(data), "module github.com/example/mattermost-plugin-world-time") {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod of this project above the working directory")
		}
		dir = parent
	}
}
