// Command host benchmarks the Probe plugin written in Go against the same
// plugin written in TypeScript, both loaded by Mattermost's own plugin host
// with the same code (server/conformance/harness), and prints a table of
// Go, TS, TS/Go and the project's targets. It is run by `make bench`, never
// by the tests.
//
//	go run ./bench/host [-ts probe.tar.gz] [-go probe.tar.gz] [-quick]
//
// Without -ts (or PROBE_BUNDLE) the TS column runs the Go reference again,
// which shows the host works and how noisy the machine is.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/example/mattermost-plugin-world-time/server/conformance/harness"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run() error {
	tsBundle := flag.String("ts", os.Getenv("PROBE_BUNDLE"), "TypeScript Probe bundle (.tar.gz); default $PROBE_BUNDLE, else the Go reference")
	goBundle := flag.String("go", "", "Go Probe bundle (.tar.gz); default: build it")
	quick := flag.Bool("quick", false, "fewer iterations, for checking the host itself")
	flag.Parse()

	root, err := harness.RepoRoot()
	if err != nil {
		return err
	}
	outDir := filepath.Join(root, "test-results", "bench")
	work, err := os.MkdirTemp("", "bench-host-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	closeLogs, err := harness.RouteProcessLogs(filepath.Join(outDir, "process.log"))
	if err != nil {
		return err
	}
	defer closeLogs()

	if *goBundle == "" {
		*goBundle = filepath.Join(work, "probe-go.tar.gz")
		fmt.Fprintln(os.Stderr, "building the Go reference Probe bundle…")
		if _, err := harness.BuildGoBundle(harness.ProbeGo, *goBundle); err != nil {
			return err
		}
	}
	tsLabel := "TS"
	if *tsBundle == "" {
		*tsBundle = *goBundle
		tsLabel = "TS (Go ref.)"
		fmt.Fprintln(os.Stderr, "no TypeScript bundle (-ts or PROBE_BUNDLE): running the Go reference in both columns")
	}

	cfg := config{hookCalls: 10000, coldStarts: 7, getRequests: 5000, postRequests: 300, concurrency: 8, kvCalls: 2000, idlePause: 2 * time.Second}
	if *quick {
		cfg = config{hookCalls: 1000, coldStarts: 3, getRequests: 500, postRequests: 40, concurrency: 4, kvCalls: 200, idlePause: 500 * time.Millisecond}
	}
	if err := os.MkdirAll(filepath.Join(work, "logs"), 0o755); err != nil {
		return err
	}

	var measured [2]*results
	for i, r := range []*impl{
		{name: "go", bundle: *goBundle, work: work, cfg: cfg},
		{name: "ts", bundle: *tsBundle, work: work, cfg: cfg},
	} {
		fmt.Fprintf(os.Stderr, "measuring %s (%s)…\n", r.name, r.bundle)
		if measured[i], err = r.measure(); err != nil {
			return fmt.Errorf("%s: %w (host logs in %s)", r.name, err, filepath.Join(work, "logs"))
		}
	}
	rows := table(measured[0], measured[1])
	printTable(os.Stdout, tsLabel, rows)
	return writeJSON(filepath.Join(outDir, "results.json"), tsLabel, cfg, measured, rows)
}

type row struct {
	Name    string  `json:"name"`
	Go      string  `json:"go"`
	TS      string  `json:"ts"`
	Ratio   float64 `json:"ts_over_go"`
	Target  string  `json:"target"`
	Verdict string  `json:"verdict"`
	goValue float64
	tsValue float64
}

func table(g, t *results) []row {
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	rows := []row{
		{Name: "MessageWillBePosted round trip, median", Go: fmtDuration(g.HookMedian), TS: fmtDuration(t.HookMedian), goValue: float64(g.HookMedian), tsValue: float64(t.HookMedian), Target: "TS/Go ≤ 2"},
		{Name: "MessageWillBePosted round trip, p99", Go: fmtDuration(g.HookP99), TS: fmtDuration(t.HookP99), goValue: float64(g.HookP99), tsValue: float64(t.HookP99), Target: "TS/Go ≤ 2"},
		{Name: "ServeHTTP GET /hello, req/s", Go: fmt.Sprintf("%.0f", g.GetPerSecond), TS: fmt.Sprintf("%.0f", t.GetPerSecond), goValue: g.GetPerSecond, tsValue: t.GetPerSecond, Target: "TS/Go ≥ 0.5"},
		{Name: "ServeHTTP POST /echo 1 MiB, req/s", Go: fmt.Sprintf("%.1f", g.PostPerSecond), TS: fmt.Sprintf("%.1f", t.PostPerSecond), goValue: g.PostPerSecond, tsValue: t.PostPerSecond, Target: "TS/Go ≥ 0.5"},
		{Name: "API round trip (KVGet), per call", Go: fmtDuration(g.APIRoundTrip), TS: fmtDuration(t.APIRoundTrip), goValue: float64(g.APIRoundTrip), tsValue: float64(t.APIRoundTrip), Target: "—"},
		{Name: "cold start, process → activated", Go: fmtDuration(g.ColdStart), TS: fmtDuration(t.ColdStart), goValue: ms(g.ColdStart), tsValue: ms(t.ColdStart), Target: "TS < 500 ms"},
		{Name: "Environment.Activate, whole call", Go: fmtDuration(g.ActivateTotal), TS: fmtDuration(t.ActivateTotal), goValue: ms(g.ActivateTotal), tsValue: ms(t.ActivateTotal), Target: "—"},
		{Name: "idle RSS of the plugin process", Go: fmtBytes(float64(g.IdleRSSBytes)), TS: fmtBytes(float64(t.IdleRSSBytes)), goValue: float64(g.IdleRSSBytes), tsValue: float64(t.IdleRSSBytes), Target: "TS < 80 MB"},
		{Name: "bundle size (linux-amd64)", Go: fmtBytes(float64(g.BundleBytes)), TS: fmtBytes(float64(t.BundleBytes)), goValue: float64(g.BundleBytes), tsValue: float64(t.BundleBytes), Target: "TS ≤ 50 MiB"},
	}
	for i := range rows {
		r := &rows[i]
		if r.goValue > 0 {
			r.Ratio = r.tsValue / r.goValue
		}
		r.Verdict = verdict(r)
	}
	return rows
}

func verdict(r *row) string {
	var ok bool
	switch r.Target {
	case "TS/Go ≤ 2":
		ok = r.Ratio <= 2
	case "TS/Go ≥ 0.5":
		ok = r.Ratio >= 0.5
	case "TS < 500 ms":
		ok = r.tsValue < 500
	case "TS < 80 MB":
		ok = r.tsValue < 80e6
	case "TS ≤ 50 MiB":
		ok = r.tsValue <= 50<<20
	default:
		return ""
	}
	if ok {
		return "pass"
	}
	return "miss"
}

func printTable(w *os.File, tsLabel string, rows []row) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "measure\tGo\t%s\tTS/Go\ttarget\t\n", tsLabel)
	fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t\n", strings.Repeat("-", 38), "--", strings.Repeat("-", len(tsLabel)), "-----", "------")
	for _, r := range rows {
		target := r.Target
		if r.Verdict != "" {
			target += " " + r.Verdict
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%.2f\t%s\t\n", r.Name, r.Go, r.TS, r.Ratio, target)
	}
	tw.Flush()
}

func writeJSON(path, tsLabel string, cfg config, measured [2]*results, rows []row) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	data, err := json.MarshalIndent(map[string]any{
		"ts_label": tsLabel,
		"config":   fmt.Sprintf("%+v", cfg),
		"go":       measured[0],
		"ts":       measured[1],
		"rows":     rows,
	}, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}
