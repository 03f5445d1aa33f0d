// Command plugin-http-host serves one plugin bundle's HTTP routes from
// Mattermost's own plugin host, for tests that need the real server half
// behind a URL (the webapp's browser test).
//
//	go run ./server/conformance/cmd/plugin-http-host -bundle dist/<id>-<version>.tar.gz
//
// It installs the bundle as the server does, activates it with
// plugin.Environment (backed by the harness's RecordingAPI), listens on
// 127.0.0.1 (-listen; port 0: the system picks) and prints one line on
// stdout, `listening http://127.0.0.1:PORT`, once the plugin is active.
// Requests are described in routes.go. It stops on SIGTERM, SIGINT or EOF on
// stdin (so a parent that dies takes it along): the plugin is deactivated and
// its process must exit, else the exit status is 1. Logs (the host's mlog
// lines, which carry the plugin's own output, and the process-wide loggers)
// go to -log-dir, never to stdout. Exit status 2: bad flags or a plugin that
// does not start.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/example/mattermost-plugin-world-time/server/conformance/harness"
)

type options struct {
	bundle     string
	listen     string
	logDir     string
	sitePath   string
	watchStdin bool
}

func parseFlags(args []string) (options, error) {
	fs := flag.NewFlagSet("plugin-http-host", flag.ContinueOnError)
	var o options
	fs.StringVar(&o.bundle, "bundle", "", "the plugin bundle (.tar.gz) to install and activate (required)")
	fs.StringVar(&o.listen, "listen", "127.0.0.1:0", "address to serve on")
	fs.StringVar(&o.logDir, "log-dir", "", "folder for host.log and process.log (default <repo>/test-results/plugin-http-host)")
	fs.StringVar(&o.sitePath, "site-path", "", "the SiteURL's path, e.g. /company/mattermost: plugins see it at the start of RequestURI")
	fs.BoolVar(&o.watchStdin, "watch-stdin", true, "exit when stdin reaches EOF")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if o.bundle == "" {
		return o, errors.New("-bundle is required: the plugin's .tar.gz (make dist builds it)")
	}
	if _, err := os.Stat(o.bundle); err != nil {
		return o, fmt.Errorf("-bundle: %w", err)
	}
	if o.logDir == "" {
		root, err := harness.RepoRoot()
		if err != nil {
			return o, fmt.Errorf("-log-dir not given and %w", err)
		}
		o.logDir = filepath.Join(root, "test-results", "plugin-http-host")
	}
	return o, nil
}

func main() {
	opts, err := parseFlags(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "plugin-http-host:", err)
		os.Exit(2)
	}
	os.Exit(run(opts, os.Stdout))
}

// run serves until a stop signal and returns the exit status.
func run(opts options, stdout io.Writer) int {
	fail := func(code int, format string, args ...any) int {
		msg := fmt.Sprintf(format, args...)
		log.Print(msg)
		fmt.Fprintln(os.Stderr, "plugin-http-host:", msg)
		return code
	}
	closeLogs, err := harness.RouteProcessLogs(filepath.Join(opts.logDir, "process.log"))
	if err != nil {
		return fail(2, "log folder %s: %v", opts.logDir, err)
	}
	defer closeLogs()
	hostLog := filepath.Join(opts.logDir, "host.log")

	dir, err := os.MkdirTemp("", "plugin-http-host-")
	if err != nil {
		return fail(2, "%v", err)
	}
	defer os.RemoveAll(dir)
	host, err := harness.NewHost(harness.Options{Dir: dir, LogPath: hostLog})
	if err != nil {
		return fail(2, "starting the plugin host: %v", err)
	}
	defer func() {
		if err := host.Close(); err != nil {
			log.Printf("closing the host: %v", err)
		}
	}()
	inst, err := host.Install(opts.bundle)
	if err != nil {
		return fail(2, "%v", err)
	}
	id := inst.Manifest.Id
	host.API(id).OnCall = func(c harness.Call) {
		if c.Unexpected {
			log.Printf("the plugin called an API method this host does not implement: %s", c)
		}
	}
	if _, err := host.Activate(id); err != nil {
		return fail(2, "%v (host log: %s)", err, hostLog)
	}
	pid, err := host.PluginPID(id)
	if err != nil {
		return fail(2, "the plugin is active but its process is not found: %v", err)
	}

	listener, err := net.Listen("tcp", opts.listen)
	if err != nil {
		return fail(2, "-listen %s: %v", opts.listen, err)
	}
	server := &http.Server{
		Handler:           &routes{host: host, pluginID: id, sitePath: opts.sitePath},
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          log.Default(),
	}
	served := make(chan error, 1)
	go func() { served <- server.Serve(listener) }()
	// Catch stop signals before announcing the address: a caller may signal as soon as it reads it.
	stop := make(chan string, 2)
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)
	go func() { stop <- (<-signals).String() }()
	log.Printf("%s (pid %d) active, serving on %s", id, pid, listener.Addr())
	fmt.Fprintf(stdout, "listening http://%s\n", listener.Addr())
	if opts.watchStdin {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop <- "EOF on stdin"
		}()
	}
	code := 0
	select {
	case why := <-stop:
		log.Printf("stopping: %s", why)
	case err := <-served:
		code = fail(1, "serving: %v", err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := server.Shutdown(ctx); err != nil {
		log.Printf("closing the listener: %v", err)
	}
	// Deactivate: OnDeactivate, then the supervisor's Kill (the plugin gets
	// 2 s to exit by itself). The process must be gone after that.
	host.Deactivate(id)
	if err := harness.WaitExit(pid, 5*time.Second); err != nil {
		return fail(1, "the plugin did not exit after deactivation: %v", err)
	}
	log.Printf("%s deactivated, process %d exited", id, pid)
	return code
}
