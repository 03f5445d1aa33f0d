package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
)

// Plugin implements exactly the hooks PLUGINS.md lists for Probe.
type Plugin struct {
	plugin.MattermostPlugin
}

func (p *Plugin) OnActivate() error {
	var config map[string]any
	if err := p.API.LoadPluginConfiguration(&config); err != nil {
		return fmt.Errorf("loading configuration: %w", err)
	}
	if err := p.API.RegisterCommand(&model.Command{
		Trigger:          "probe",
		AutoComplete:     true,
		AutoCompleteDesc: "Exercise the plugin runtime",
		AutoCompleteHint: "[echo <text>|fail]",
		DisplayName:      "Probe",
	}); err != nil {
		return fmt.Errorf("registering /probe: %w", err)
	}
	if appErr := p.API.KVSet("activated", []byte("yes")); appErr != nil {
		return appErr
	}
	if _, err := p.API.EnsureBotUser(&model.Bot{Username: "probe-bot", DisplayName: "Probe"}); err != nil {
		return fmt.Errorf("ensuring the bot: %w", err)
	}
	return nil
}

// failed turns a panic in a hook into what the host does when the hook's RPC
// fails, so the Go reference answers like the TypeScript runtime does for a
// throwing hook; the process keeps serving.
func failed(hook string) {
	if r := recover(); r != nil {
		fmt.Fprintf(os.Stderr, "[ERROR] %s failed: %v\n", hook, r)
	}
}

func (p *Plugin) MessageWillBePosted(_ *plugin.Context, post *model.Post) (out *model.Post, reason string) {
	defer failed("MessageWillBePosted")
	switch msg := post.Message; {
	case msg == "reject me":
		return nil, "rejected by probe"
	case msg == "dismiss me":
		return nil, plugin.DismissPostError
	case msg == "throw":
		panic("probe: thrown on request")
	case strings.Contains(msg, "rewrite"):
		out = post.Clone()
		out.Message = msg + " [rewritten]"
		out.AddProp("probe", "yes")
		return out, ""
	}
	return nil, ""
}

func (p *Plugin) MessageWillBeUpdated(_ *plugin.Context, newPost, _ *model.Post) (*model.Post, string) {
	out := newPost.Clone()
	out.Message = newPost.Message + " [edited]"
	return out, ""
}

func (p *Plugin) MessageHasBeenPosted(_ *plugin.Context, post *model.Post) {
	if appErr := p.API.KVSet("last_post", []byte(post.Id)); appErr != nil {
		fmt.Fprintf(os.Stderr, "[ERROR] storing last_post: %v\n", appErr)
	}
}

const usage = "usage: /probe echo <text> | /probe fail"

func (p *Plugin) ExecuteCommand(_ *plugin.Context, args *model.CommandArgs) (*model.CommandResponse, *model.AppError) {
	cmd := strings.TrimSpace(args.Command)
	fields := strings.Fields(cmd)
	text := usage
	switch {
	case len(fields) >= 2 && fields[0] == "/probe" && fields[1] == "echo":
		text = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(strings.TrimPrefix(cmd, "/probe")), "echo"))
	case len(fields) == 2 && fields[0] == "/probe" && fields[1] == "fail":
		return nil, &model.AppError{Id: "probe.fail", Message: "probe failed on request", StatusCode: http.StatusBadRequest, Where: "Probe.ExecuteCommand"}
	}
	return &model.CommandResponse{ResponseType: model.CommandResponseTypeEphemeral, Text: text}, nil
}

func (p *Plugin) ServeHTTP(_ *plugin.Context, w http.ResponseWriter, r *http.Request) {
	route := r.Method + " " + r.URL.Path
	if route == "GET /throw" {
		defer func() {
			if rec := recover(); rec != nil {
				fmt.Fprintf(os.Stderr, "[ERROR] ServeHTTP failed: %v\n", rec)
				http.Error(w, "500 internal server error", http.StatusInternalServerError)
			}
		}()
		panic("probe: handler thrown on request")
	}
	switch route {
	case "GET /hello":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("X-Probe", "1")
		_, _ = w.Write([]byte("hello"))
	case "POST /echo":
		serveEcho(w, r)
	case "GET /whoami":
		user := r.Header.Get("Mattermost-User-Id")
		if user == "" {
			writeJSON(w, http.StatusUnauthorized, map[string]any{"error": "not authenticated"})
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte(user))
	case "GET /kv":
		p.serveKV(w, r)
	case "GET /stream":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		flusher, _ := w.(http.Flusher)
		for _, chunk := range []string{"a", "b", "c"} {
			_, _ = w.Write([]byte(chunk))
			if flusher != nil {
				flusher.Flush()
			}
		}
	case "GET /api-error":
		_, appErr := p.API.GetUser("missing")
		if appErr == nil {
			writeJSON(w, http.StatusInternalServerError, map[string]any{"error": "expected an error"})
			return
		}
		writeOrdered(w, appErr.StatusCode, fmt.Sprintf(`{"id":%s,"message":%s,"status_code":%d}`,
			quote(appErr.Id), quote(appErr.Message), appErr.StatusCode))
	default:
		http.NotFound(w, r)
	}
}

func serveEcho(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": err.Error()})
		return
	}
	sum := sha256.Sum256(body)
	if ct := r.Header.Get("Content-Type"); ct != "" {
		w.Header().Set("Content-Type", ct)
	}
	w.Header().Set("X-Body-Sha256", hex.EncodeToString(sum[:]))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}

func (p *Plugin) serveKV(w http.ResponseWriter, r *http.Request) {
	n := 1
	if raw := r.URL.Query().Get("n"); raw != "" {
		v, err := strconv.Atoi(raw)
		if err != nil || v < 0 || v > 1_000_000 {
			writeJSON(w, http.StatusBadRequest, map[string]any{"error": "bad n"})
			return
		}
		n = v
	}
	start := time.Now()
	for range n {
		if _, appErr := p.API.KVGet("bench"); appErr != nil {
			writeJSON(w, http.StatusInternalServerError, map[string]any{"error": appErr.Error()})
			return
		}
	}
	elapsed := time.Since(start).Nanoseconds()
	writeOrdered(w, http.StatusOK, fmt.Sprintf(`{"n":%d,"ns":%d}`, n, elapsed))
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// writeJSON writes a single-key object; writeOrdered a pre-built one (Go
// maps would not keep the key order PLUGINS.md fixes).
func writeJSON(w http.ResponseWriter, status int, body map[string]any) {
	b, _ := json.Marshal(body)
	writeOrdered(w, status, string(b))
}

func writeOrdered(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}
