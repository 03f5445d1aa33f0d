package harness

// Installs a bundle the way the server does (app.extractTarGz and
// installPluginLocally): only directories and regular files are written,
// regular files keep their tar mode, folders are created 0744, links and other
// entries are skipped, a path escaping the destination fails the install; a
// root holding exactly one folder means that folder is the plugin.

import (
	"archive/tar"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/mattermost/mattermost/server/public/model"
)

// InstallError says what was wrong with a bundle and which one.
type InstallError struct {
	Bundle string
	Reason string
}

func (e *InstallError) Error() string { return fmt.Sprintf("installing %s: %s", e.Bundle, e.Reason) }

// SkippedEntry is a tar entry the server would not extract (a link, a device).
type SkippedEntry struct {
	Name     string
	Typeflag byte
}

// extractTarGz unpacks the bundle into dst and reports the entries it skipped.
func extractTarGz(bundle, dst string) ([]SkippedEntry, error) {
	f, err := os.Open(bundle)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return nil, &InstallError{bundle, "not gzip: " + err.Error()}
	}
	defer gz.Close()
	tr := tar.NewReader(gz)
	var skipped []SkippedEntry
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return skipped, nil
		}
		if err != nil {
			return nil, &InstallError{bundle, "reading the archive: " + err.Error()}
		}
		if hdr.Typeflag != tar.TypeDir && hdr.Typeflag != tar.TypeReg {
			skipped = append(skipped, SkippedEntry{hdr.Name, hdr.Typeflag})
			continue
		}
		target := filepath.Join(dst, hdr.Name)
		if !strings.HasPrefix(target, dst) {
			return nil, &InstallError{bundle, fmt.Sprintf("entry %q escapes the plugin folder", hdr.Name)}
		}
		if hdr.Typeflag == tar.TypeDir {
			if err := os.Mkdir(target, 0o744); err != nil && !os.IsExist(err) {
				return nil, err
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(target), 0o744); err != nil {
			return nil, err
		}
		out, err := os.OpenFile(target, os.O_RDWR|os.O_CREATE|os.O_TRUNC, os.FileMode(hdr.Mode))
		if err != nil {
			return nil, err
		}
		_, err = io.Copy(out, tr)
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return nil, err
		}
	}
}

// Installed describes an installed bundle.
type Installed struct {
	Manifest *model.Manifest
	Dir      string // the plugin folder, PluginSettings.Directory/<id>
	Skipped  []SkippedEntry
}

// installBundle extracts bundle into pluginsDir/<id>, replacing an earlier
// install of the same id.
func installBundle(bundle, pluginsDir string) (*Installed, error) {
	tmp, err := os.MkdirTemp(filepath.Dir(pluginsDir), "extract-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	skipped, err := extractTarGz(bundle, tmp)
	if err != nil {
		return nil, err
	}
	root := tmp
	if entries, err := os.ReadDir(tmp); err == nil && len(entries) == 1 && entries[0].IsDir() {
		root = filepath.Join(tmp, entries[0].Name())
	}
	manifest, _, err := model.FindManifest(root)
	if err != nil {
		return nil, &InstallError{bundle, "no valid manifest: " + err.Error()}
	}
	if err := manifest.IsValid(); err != nil {
		return nil, &InstallError{bundle, "invalid manifest: " + err.Error()}
	}
	dir := filepath.Join(pluginsDir, manifest.Id)
	if err := os.RemoveAll(dir); err != nil {
		return nil, err
	}
	if err := os.Rename(root, dir); err != nil {
		return nil, err
	}
	return &Installed{Manifest: manifest, Dir: dir, Skipped: skipped}, nil
}
