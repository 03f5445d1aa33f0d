package main

// One implementation's measurements, each through Mattermost's own plugin
// host (harness.Host) exactly as the conformance suite drives it.

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"

	"github.com/example/mattermost-plugin-world-time/server/conformance/harness"
)

const probeID = "com.example.probe"

type config struct {
	hookCalls    int
	coldStarts   int
	getRequests  int
	postRequests int
	concurrency  int
	kvCalls      int
	idlePause    time.Duration
}

type results struct {
	BundleBytes   int64
	ColdStart     time.Duration // process first seen → Activate returned, median
	ActivateTotal time.Duration // whole Environment.Activate (hashing included), median
	HookMedian    time.Duration
	HookP99       time.Duration
	GetPerSecond  float64
	PostPerSecond float64
	APIRoundTrip  time.Duration // per KVGet, from the plugin's own clock
	IdleRSSBytes  int64
}

type impl struct {
	name   string
	bundle string
	work   string
	cfg    config
}

// newHost makes a fresh host with the bundle installed.
func (r *impl) newHost(tag string) (*harness.Host, error) {
	dir, err := os.MkdirTemp(r.work, r.name+"-"+tag+"-")
	if err != nil {
		return nil, err
	}
	h, err := harness.NewHost(harness.Options{Dir: dir, LogPath: filepath.Join(r.work, "logs", r.name+"-"+tag+".log")})
	if err != nil {
		return nil, err
	}
	if _, err := h.Install(r.bundle); err != nil {
		h.Close()
		return nil, err
	}
	return h, nil
}

func (r *impl) measure() (*results, error) {
	res := &results{}
	st, err := os.Stat(r.bundle)
	if err != nil {
		return nil, err
	}
	res.BundleBytes = st.Size()

	if err := r.coldStart(res); err != nil {
		return nil, fmt.Errorf("cold start: %w", err)
	}

	h, err := r.newHost("main")
	if err != nil {
		return nil, err
	}
	defer h.Close()
	hooks, err := h.Activate(probeID)
	if err != nil {
		return nil, err
	}
	h.API(probeID).PutKV("bench", []byte("value"))

	// Idle RSS first, before the load below grows the heap.
	pid, err := h.PluginPID(probeID)
	if err != nil {
		return nil, err
	}
	time.Sleep(r.cfg.idlePause)
	if res.IdleRSSBytes, err = harness.RSSBytes(pid); err != nil {
		return nil, err
	}

	if err := r.hookRoundTrip(hooks, res); err != nil {
		return nil, fmt.Errorf("MessageWillBePosted: %w", err)
	}
	if res.GetPerSecond, err = r.serveThroughput(hooks, http.MethodGet, "/hello", nil, r.cfg.getRequests); err != nil {
		return nil, fmt.Errorf("GET /hello: %w", err)
	}
	body := make([]byte, 1<<20)
	_, _ = rand.Read(body)
	if res.PostPerSecond, err = r.serveThroughput(hooks, http.MethodPost, "/echo", body, r.cfg.postRequests); err != nil {
		return nil, fmt.Errorf("POST /echo: %w", err)
	}
	if res.APIRoundTrip, err = r.apiRoundTrip(hooks); err != nil {
		return nil, fmt.Errorf("KVGet: %w", err)
	}
	h.API(probeID).ResetCalls() // the KVGet records would otherwise pile up across runs
	return res, nil
}

// coldStart activates a freshly installed plugin several times. The process
// start is when its pid first appears in /proc (polled every ~0.2 ms while
// Activate runs); Activate returns after OnActivate has returned.
func (r *impl) coldStart(res *results) error {
	var fromStart, total []time.Duration
	for i := range r.cfg.coldStarts {
		h, err := r.newHost(fmt.Sprintf("cold%d", i))
		if err != nil {
			return err
		}
		exe, err := h.Executable(probeID)
		if err != nil {
			h.Close()
			return err
		}
		seen := make(chan time.Time, 1)
		stop := make(chan struct{})
		go func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := harness.FindProcess(exe); err == nil {
					seen <- time.Now()
					return
				}
				time.Sleep(200 * time.Microsecond)
			}
		}()
		begin := time.Now()
		_, err = h.Activate(probeID)
		end := time.Now()
		close(stop)
		if err != nil {
			h.Close()
			return err
		}
		select {
		case at := <-seen:
			fromStart = append(fromStart, end.Sub(at))
		case <-time.After(time.Second):
			h.Close()
			return fmt.Errorf("never saw the plugin process")
		}
		total = append(total, end.Sub(begin))
		h.Close()
	}
	res.ColdStart = median(fromStart)
	res.ActivateTotal = median(total)
	return nil
}

func (r *impl) hookRoundTrip(hooks plugin.Hooks, res *results) error {
	call := func(i int) (time.Duration, error) {
		p := &model.Post{Id: model.NewId(), ChannelId: "bench", UserId: "bench", Message: fmt.Sprintf("rewrite %d", i)}
		want := p.Message + " [rewritten]"
		start := time.Now()
		out, reason := hooks.MessageWillBePosted(&plugin.Context{}, p)
		d := time.Since(start)
		if reason != "" || out == nil || out.Message != want {
			return 0, fmt.Errorf("call %d answered %v %q", i, out, reason)
		}
		return d, nil
	}
	for i := range 500 { // warm-up
		if _, err := call(i); err != nil {
			return err
		}
	}
	samples := make([]time.Duration, 0, r.cfg.hookCalls)
	for i := range r.cfg.hookCalls {
		d, err := call(i)
		if err != nil {
			return err
		}
		samples = append(samples, d)
	}
	res.HookMedian = median(samples)
	res.HookP99 = percentile(samples, 99)
	return nil
}

// serveThroughput sends requests through the ServeHTTP hook from
// cfg.concurrency workers and returns requests per second.
func (r *impl) serveThroughput(hooks plugin.Hooks, method, path string, body []byte, requests int) (float64, error) {
	var next atomic.Int64
	var firstErr error
	var errOnce sync.Once
	work := func() {
		for next.Add(1) <= int64(requests) {
			var req *http.Request
			if body != nil {
				req = httptest.NewRequest(method, path, bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/octet-stream")
			} else {
				req = httptest.NewRequest(method, path, http.NoBody)
			}
			rec := httptest.NewRecorder()
			hooks.ServeHTTP(&plugin.Context{}, rec, req)
			if rec.Code != 200 || (body != nil && rec.Body.Len() != len(body)) {
				errOnce.Do(func() { firstErr = fmt.Errorf("status %d, %d bytes", rec.Code, rec.Body.Len()) })
				return
			}
		}
	}
	// Warm-up, single worker.
	for range 20 {
		req := httptest.NewRequest(method, path, bytes.NewReader(body))
		hooks.ServeHTTP(&plugin.Context{}, httptest.NewRecorder(), req)
	}
	var wg sync.WaitGroup
	start := time.Now()
	for range r.cfg.concurrency {
		wg.Go(work)
	}
	wg.Wait()
	elapsed := time.Since(start)
	if firstErr != nil {
		return 0, firstErr
	}
	return float64(requests) / elapsed.Seconds(), nil
}

// apiRoundTrip asks the plugin to time cfg.kvCalls sequential KVGets itself,
// three times, and returns the median per-call time.
func (r *impl) apiRoundTrip(hooks plugin.Hooks) (time.Duration, error) {
	var per []time.Duration
	for range 3 {
		rec := httptest.NewRecorder()
		hooks.ServeHTTP(&plugin.Context{}, rec, httptest.NewRequest(http.MethodGet, fmt.Sprintf("/kv?n=%d", r.cfg.kvCalls), http.NoBody))
		var body struct {
			N  int64 `json:"n"`
			Ns int64 `json:"ns"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &body); rec.Code != 200 || err != nil || body.N != int64(r.cfg.kvCalls) {
			return 0, fmt.Errorf("GET /kv: %d %q", rec.Code, rec.Body.String())
		}
		per = append(per, time.Duration(body.Ns/body.N))
	}
	return median(per), nil
}
