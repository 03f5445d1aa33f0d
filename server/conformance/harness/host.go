package harness

// Host is a plugin host made of Mattermost's own plugin.Environment, a
// plugins folder and a webapp folder under one directory, a RecordingAPI per
// plugin, and an mlog logger writing JSON lines to a file (never a pipe: a
// full pipe once deadlocked a harness like this one).

import (
	"context"
	"fmt"
	stdlog "log"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
	"github.com/mattermost/mattermost/server/public/shared/mlog"
)

// Options configure a Host.
type Options struct {
	// Dir holds plugins/ and client/plugins/; it must exist.
	Dir string
	// LogPath receives the host's log (mlog JSON lines, every level).
	LogPath string
}

// Host drives plugins through plugin.Environment.
type Host struct {
	env       *plugin.Environment
	logger    *mlog.Logger
	logFile   *os.File
	pluginDir string
	webappDir string

	mu        sync.Mutex
	apis      map[string]*RecordingAPI
	installed map[string]*Installed
}

// NewHost creates the folders, the logger and the environment.
func NewHost(opts Options) (*Host, error) {
	if opts.Dir == "" || opts.LogPath == "" {
		return nil, fmt.Errorf("harness.NewHost: Dir and LogPath are required")
	}
	// The supervisor runs <plugin dir>/<executable>: keep it absolute so the
	// process is found by its executable path.
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, err
	}
	h := &Host{
		pluginDir: filepath.Join(dir, "plugins"),
		webappDir: filepath.Join(dir, "client", "plugins"),
		apis:      map[string]*RecordingAPI{},
		installed: map[string]*Installed{},
	}
	for _, d := range []string{h.pluginDir, h.webappDir, filepath.Dir(opts.LogPath)} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, err
		}
	}
	if h.logFile, err = os.OpenFile(opts.LogPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644); err != nil {
		return nil, err
	}
	if h.logger, err = mlog.NewLogger(); err != nil {
		return nil, err
	}
	levels := append([]mlog.Level{mlog.LvlTrace}, mlog.StdAll...)
	if err := mlog.AddWriterTarget(h.logger, h.logFile, true, levels...); err != nil {
		return nil, err
	}
	h.env, err = plugin.NewEnvironment(h.newAPI, nil, h.pluginDir, h.webappDir, h.logger, nil)
	if err != nil {
		return nil, err
	}
	return h, nil
}

// newAPI is the environment's API factory: the plugin's RecordingAPI, which
// outlives restarts as the server's state does.
func (h *Host) newAPI(m *model.Manifest) plugin.API {
	return h.API(m.Id, m)
}

// API returns the RecordingAPI of plugin id, creating it for manifest m when
// needed (m may be nil once the plugin is installed).
func (h *Host) API(id string, m ...*model.Manifest) *RecordingAPI {
	h.mu.Lock()
	defer h.mu.Unlock()
	if a, ok := h.apis[id]; ok {
		return a
	}
	manifest := &model.Manifest{Id: id}
	if len(m) > 0 && m[0] != nil {
		manifest = m[0]
	} else if inst, ok := h.installed[id]; ok {
		manifest = inst.Manifest
	}
	a := NewRecordingAPI(manifest)
	h.apis[id] = a
	return a
}

// Env is the underlying plugin.Environment.
func (h *Host) Env() *plugin.Environment { return h.env }

// Install extracts a bundle into the plugins folder as the server does.
func (h *Host) Install(bundle string) (*Installed, error) {
	inst, err := installBundle(bundle, h.pluginDir)
	if err != nil {
		return nil, err
	}
	h.mu.Lock()
	h.installed[inst.Manifest.Id] = inst
	h.mu.Unlock()
	h.API(inst.Manifest.Id, inst.Manifest)
	return inst, nil
}

// Executable is the absolute path of the installed linux-amd64 executable.
func (h *Host) Executable(id string) (string, error) {
	h.mu.Lock()
	inst, ok := h.installed[id]
	h.mu.Unlock()
	if !ok {
		return "", fmt.Errorf("plugin %s is not installed", id)
	}
	rel := inst.Manifest.GetExecutableForRuntime("linux", "amd64")
	if rel == "" {
		return "", fmt.Errorf("plugin %s has no linux-amd64 executable", id)
	}
	return filepath.Abs(filepath.Join(inst.Dir, rel))
}

// Activate runs Environment.Activate and returns the plugin's hooks.
func (h *Host) Activate(id string) (plugin.Hooks, error) {
	_, activated, err := h.env.Activate(id)
	if err != nil {
		return nil, fmt.Errorf("activating %s: %w", id, err)
	}
	if !activated {
		return nil, fmt.Errorf("activating %s: already active", id)
	}
	return h.env.HooksForPlugin(id)
}

// PluginPID finds the running plugin process by its executable.
func (h *Host) PluginPID(id string) (int, error) {
	exe, err := h.Executable(id)
	if err != nil {
		return 0, err
	}
	return FindProcess(exe)
}

// Deactivate runs Environment.Deactivate (OnDeactivate, Quit, kill after 2 s).
func (h *Host) Deactivate(id string) bool { return h.env.Deactivate(id) }

// Close shuts every plugin down and flushes the log.
func (h *Host) Close() error {
	h.env.Shutdown()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := h.logger.ShutdownWithTimeout(ctx)
	if cerr := h.logFile.Close(); err == nil {
		err = cerr
	}
	return err
}

// FlushLog writes out queued log records.
func (h *Host) FlushLog() error { return h.logger.Flush() }

// RouteProcessLogs sends the process-wide loggers the plugin package also
// writes to (mlog's global logger, the standard library's log, which yamux
// uses) to a file, so neither floods a test's output nor fills a pipe. The
// returned function flushes and closes it.
func RouteProcessLogs(path string) (func(), error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	file, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	logger, err := mlog.NewLogger()
	if err != nil {
		return nil, err
	}
	if err := mlog.AddWriterTarget(logger, file, true, append([]mlog.Level{mlog.LvlTrace}, mlog.StdAll...)...); err != nil {
		return nil, err
	}
	mlog.InitGlobalLogger(logger)
	stdlog.SetOutput(file)
	return func() {
		stdlog.SetOutput(os.Stderr)
		_ = logger.Shutdown()
		_ = file.Close()
	}, nil
}
