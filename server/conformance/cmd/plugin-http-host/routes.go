package main

// The HTTP surface: every request outside /__host/ goes to the plugin's
// ServeHTTP hook the way Mattermost's servePluginRequest hands it over once
// the session is checked (the caller did that, and stripped the
// /plugins/<id> prefix); /__host/ lets a test play the rest of the server:
//
//	POST /__host/posts   {"channel_id","user_id","message",…} (a model.Post)
//	                     → MessageWillBePosted through the host, as
//	                       App.CreatePost runs it; 201 the saved post, or
//	                       400 the AppError the server answers a rejection with
//	GET  /__host/events  the plugin's PublishWebSocketEvent calls, each as the
//	                     JSON a websocket client receives, seq numbered from 1
//	GET  /__host/calls   [{"method","unexpected"}] every plugin API call so far

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"path"
	"strings"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"

	"github.com/example/mattermost-plugin-world-time/server/conformance/harness"
)

// hostPrefix is the path prefix of the test's own endpoints; no World Time or
// Probe route lives under it.
const hostPrefix = "/__host/"

// sessionCookie is model.SessionCookieToken: the server never lets it reach a plugin.
const sessionCookie = model.SessionCookieToken

type routes struct {
	host     *harness.Host
	pluginID string
	// sitePath is the SiteURL's path ("" or "/company/mattermost"): the
	// server's plugins see the unstripped request URI, which starts with it.
	sitePath string
}

func (rt *routes) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !strings.HasPrefix(r.URL.Path, hostPrefix) {
		rt.servePlugin(w, r)
		return
	}
	switch {
	case r.URL.Path == hostPrefix+"posts" && r.Method == http.MethodPost:
		rt.createPost(w, r)
	case r.URL.Path == hostPrefix+"events" && r.Method == http.MethodGet:
		rt.events(w)
	case r.URL.Path == hostPrefix+"calls" && r.Method == http.MethodGet:
		rt.calls(w)
	default:
		writeJSON(w, http.StatusNotFound, map[string]string{"error": fmt.Sprintf("no host endpoint %s %s", r.Method, r.URL.Path)})
	}
}

// servePlugin hands the request to the plugin's ServeHTTP hook; an inactive
// plugin is a 404, as on the server.
func (rt *routes) servePlugin(w http.ResponseWriter, r *http.Request) {
	hooks, err := rt.host.Env().HooksForPlugin(rt.pluginID)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	hooks.ServeHTTP(prepareForPlugin(r, rt.sitePath, rt.pluginID), w, r)
}

// prepareForPlugin does what servePluginRequest (app/plugin_requests.go)
// does to a request once the session is checked, and returns the hook's
// Context: a fresh request id; no Mattermost-Plugin-ID (only inter-plugin
// requests carry one), no session cookie, no Referer, no access_token in the
// query. Mattermost-User-Id is the caller's to set. RequestURI becomes the
// one the browser sent, which still has <site path>/plugins/<id>.
func prepareForPlugin(r *http.Request, sitePath, pluginID string) *plugin.Context {
	ctx := &plugin.Context{
		RequestId:      model.NewId(),
		IPAddress:      remoteIP(r),
		AcceptLanguage: r.Header.Get("Accept-Language"),
		UserAgent:      r.UserAgent(),
		ConnectionId:   r.Header.Get(model.ConnectionId),
	}
	r.RequestURI = path.Join("/", sitePath, "plugins", pluginID) + r.RequestURI
	r.Header.Del("Mattermost-Plugin-ID")
	cookies := r.Cookies()
	r.Header.Del("Cookie")
	for _, c := range cookies {
		if c.Name != sessionCookie {
			r.AddCookie(c)
		}
	}
	r.Header.Del("Referer")
	query := r.URL.Query()
	query.Del("access_token")
	r.URL.RawQuery = query.Encode()
	return ctx
}

func remoteIP(r *http.Request) string {
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return host
	}
	return r.RemoteAddr
}

// createPost runs MessageWillBePosted on every active plugin implementing it,
// as App.CreatePost does (a copy without metadata per plugin, the first
// rejection wins, a replacement post replaces the post), then saves the post
// (PreSave: id and timestamps) and runs MessageHasBeenPosted. The server runs
// the latter in the background; here it finishes before the answer, so a
// test sees its effects (the KV record) once the answer arrives.
func (rt *routes) createPost(w http.ResponseWriter, r *http.Request) {
	var post model.Post
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&post); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "POST " + hostPrefix + "posts: the body is not a post: " + err.Error()})
		return
	}
	if post.ChannelId == "" || post.UserId == "" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "POST " + hostPrefix + "posts: channel_id and user_id are required"})
		return
	}
	env := rt.host.Env()
	current := &post
	var rejection *model.AppError
	env.RunMultiPluginHook(func(hooks plugin.Hooks, _ *model.Manifest) bool {
		replacement, reason := hooks.MessageWillBePosted(hookContext(r), current.ForPlugin())
		if reason != "" {
			id := "Post rejected by plugin. " + reason
			if reason == plugin.DismissPostError {
				id = plugin.DismissPostError
			}
			rejection = model.NewAppError("createPost", id, nil, "", http.StatusBadRequest)
			return false
		}
		if replacement != nil {
			current = replacement
		}
		return true
	}, plugin.MessageWillBePostedID)
	if rejection != nil {
		writeRaw(w, rejection.StatusCode, []byte(rejection.ToJSON()))
		return
	}
	current.PreSave()
	env.RunMultiPluginHook(func(hooks plugin.Hooks, _ *model.Manifest) bool {
		hooks.MessageHasBeenPosted(hookContext(r), current.ForPlugin())
		return true
	}, plugin.MessageHasBeenPostedID)
	writeJSON(w, http.StatusCreated, current)
}

// hookContext is the Context the server builds from the request of the user
// whose action runs a hook.
func hookContext(r *http.Request) *plugin.Context {
	return &plugin.Context{RequestId: model.NewId(), IPAddress: remoteIP(r), UserAgent: r.UserAgent()}
}

// events renders the recorded events as PublishWebSocketEvent does
// (app/plugin_api.go): the type custom_<plugin id>_<event>, the plugin's
// broadcast and payload; seq numbers them as one connection that received
// them all would.
func (rt *routes) events(w http.ResponseWriter) {
	recorded := rt.host.API(rt.pluginID).Events()
	out := make([]json.RawMessage, 0, len(recorded))
	for i, e := range recorded {
		ev := model.NewWebSocketEvent(model.WebsocketEventType("custom_"+rt.pluginID+"_"+e.Event), "", "", "", nil, "").
			SetBroadcast(e.Broadcast).SetData(e.Payload).SetSequence(int64(i + 1))
		data, err := ev.ToJSON()
		if err != nil {
			writeJSON(w, http.StatusInternalServerError, map[string]string{"error": fmt.Sprintf("event %d (%s): %v", i, e.Event, err)})
			return
		}
		out = append(out, data)
	}
	writeJSON(w, http.StatusOK, out)
}

type callJSON struct {
	Method     string `json:"method"`
	Unexpected bool   `json:"unexpected"`
}

func (rt *routes) calls(w http.ResponseWriter) {
	recorded := rt.host.API(rt.pluginID).Calls()
	out := make([]callJSON, len(recorded))
	for i, c := range recorded {
		out[i] = callJSON{c.Method, c.Unexpected}
	}
	writeJSON(w, http.StatusOK, out)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(v); err != nil {
		http.Error(w, "encoding the answer: "+err.Error(), http.StatusInternalServerError)
		return
	}
	writeRaw(w, status, bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}

func writeRaw(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
