package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
)

const (
	defaultTriggerWord     = "hoge"
	defaultDefaultTimezone = "Asia/Tokyo"
	wsEventTimeAppended    = "time_appended"
	lastTimeKeyPrefix      = "last_time:"
)

// configuration mirrors the settings_schema of plugin.json.
type configuration struct {
	TriggerWord     string
	DefaultTimezone string
}

// Plugin implements exactly the hooks PLUGINS.md lists for World Time.
type Plugin struct {
	plugin.MattermostPlugin

	now func() time.Time

	mu     sync.RWMutex
	config configuration
}

func (p *Plugin) configuration() configuration {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.config
}

// loadConfiguration reads the settings, applies defaults for empty values and
// validates the default zone before the new configuration replaces the old.
func (p *Plugin) loadConfiguration() error {
	var c configuration
	if err := p.API.LoadPluginConfiguration(&c); err != nil {
		return fmt.Errorf("loading configuration: %w", err)
	}
	if c.TriggerWord == "" {
		c.TriggerWord = defaultTriggerWord
	}
	if c.DefaultTimezone == "" {
		c.DefaultTimezone = defaultDefaultTimezone
	}
	if _, err := loadZone(c.DefaultTimezone); err != nil {
		return fmt.Errorf("DefaultTimezone: %w", err)
	}
	p.mu.Lock()
	p.config = c
	p.mu.Unlock()
	return nil
}

func (p *Plugin) OnConfigurationChange() error {
	return p.loadConfiguration()
}

func (p *Plugin) OnActivate() error {
	if err := p.loadConfiguration(); err != nil {
		return err
	}
	if err := p.API.RegisterCommand(&model.Command{
		Trigger:          "time",
		AutoComplete:     true,
		AutoCompleteDesc: "Show the current time in a time zone",
		AutoCompleteHint: "[time zone]",
		DisplayName:      "World Time",
	}); err != nil {
		return fmt.Errorf("registering /time: %w", err)
	}
	p.API.LogInfo("World Time activated")
	return nil
}

// displayFor resolves zone (default when empty) and renders the current time.
func (p *Plugin) displayFor(zone string) (name, text string, err error) {
	if zone == "" {
		zone = p.configuration().DefaultTimezone
	}
	loc, err := loadZone(zone)
	if err != nil {
		return zone, "", err
	}
	return zone, display(p.now(), zone, loc), nil
}

// appendTime applies the trigger rule to post. It returns (nil, "") when the
// message has no trigger word.
func (p *Plugin) appendTime(post *model.Post, message string) (*model.Post, string) {
	zone, found := zoneInMessage(message, p.configuration().TriggerWord)
	if !found {
		return nil, ""
	}
	zone, text, err := p.displayFor(zone)
	if err != nil {
		return nil, err.Error()
	}
	out := post.Clone()
	out.Message = message + " (" + text + ")"
	p.API.PublishWebSocketEvent(wsEventTimeAppended, map[string]any{
		"channel_id": post.ChannelId,
		"user_id":    post.UserId,
		"time_zone":  zone,
		"display":    text,
	}, &model.WebsocketBroadcast{ChannelId: post.ChannelId})
	return out, ""
}

func (p *Plugin) MessageWillBePosted(_ *plugin.Context, post *model.Post) (*model.Post, string) {
	return p.appendTime(post, post.Message)
}

func (p *Plugin) MessageWillBeUpdated(_ *plugin.Context, newPost, _ *model.Post) (*model.Post, string) {
	stripped, _ := splitAppended(newPost.Message)
	out, reason := p.appendTime(newPost, stripped)
	if out == nil && reason == "" {
		return newPost, ""
	}
	return out, reason
}

func (p *Plugin) MessageHasBeenPosted(_ *plugin.Context, post *model.Post) {
	_, text := splitAppended(post.Message)
	if text == "" {
		return
	}
	value, err := json.Marshal(struct {
		PostID  string `json:"post_id"`
		Display string `json:"display"`
	}{post.Id, text})
	if err != nil {
		return
	}
	if appErr := p.API.KVSet(lastTimeKeyPrefix+post.ChannelId, value); appErr != nil {
		p.API.LogError("storing the last appended time failed", "err", appErr.Error())
	}
}

func (p *Plugin) ExecuteCommand(_ *plugin.Context, args *model.CommandArgs) (*model.CommandResponse, *model.AppError) {
	fields := strings.Fields(args.Command)
	zone := ""
	if len(fields) > 1 {
		zone = fields[1]
	}
	_, text, err := p.displayFor(zone)
	if err != nil {
		text = err.Error()
	}
	return &model.CommandResponse{ResponseType: model.CommandResponseTypeEphemeral, Text: text}, nil
}

func (p *Plugin) ServeHTTP(_ *plugin.Context, w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	switch {
	case r.Method == http.MethodGet && path == "/":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("Hello from World Time!"))
	case r.Method == http.MethodGet && path == "/api/v1/time":
		p.serveTime(w, r)
	case r.Method == http.MethodGet && strings.HasPrefix(path, "/api/v1/channels/") && strings.HasSuffix(path, "/last"):
		channelID := strings.TrimSuffix(strings.TrimPrefix(path, "/api/v1/channels/"), "/last")
		if channelID == "" || strings.Contains(channelID, "/") {
			writeJSON(w, http.StatusNotFound, errorBody("not found"))
			return
		}
		if r.Header.Get("Mattermost-User-Id") == "" {
			writeJSON(w, http.StatusUnauthorized, errorBody("not authenticated"))
			return
		}
		p.serveLast(w, channelID)
	default:
		writeJSON(w, http.StatusNotFound, errorBody("not found"))
	}
}

func (p *Plugin) serveTime(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Mattermost-User-Id") == "" {
		writeJSON(w, http.StatusUnauthorized, errorBody("not authenticated"))
		return
	}
	zone := r.URL.Query().Get("tz")
	if zone == "" {
		zone = p.configuration().DefaultTimezone
	}
	loc, err := loadZone(zone)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, errorBody(err.Error()))
		return
	}
	now := p.now()
	body, _ := json.Marshal(struct {
		TimeZone string `json:"time_zone"`
		ISO      string `json:"iso"`
		Display  string `json:"display"`
		UnixMs   int64  `json:"unix_ms"`
	}{zone, iso(now, loc), display(now, zone, loc), now.UnixMilli()})
	writeJSON(w, http.StatusOK, body)
}

func (p *Plugin) serveLast(w http.ResponseWriter, channelID string) {
	value, appErr := p.API.KVGet(lastTimeKeyPrefix + channelID)
	if appErr != nil {
		writeJSON(w, http.StatusInternalServerError, errorBody(appErr.Error()))
		return
	}
	if value == nil {
		writeJSON(w, http.StatusNotFound, errorBody("not found"))
		return
	}
	writeJSON(w, http.StatusOK, value)
}

func errorBody(message string) []byte {
	body, _ := json.Marshal(struct {
		Error string `json:"error"`
	}{message})
	return body
}

func writeJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
