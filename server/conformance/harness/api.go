package harness

// RecordingAPI is the plugin.API the host hands to a plugin: in-memory state
// for what the reference plugins use, and a log of every call with its
// arguments. A method it does not implement answers through unexpectedAPI
// (generated from the pinned api.go): the call is recorded as unexpected and
// the plugin gets an error, so a test fails with the method's name instead of
// the host crashing or hanging.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
)

var _ plugin.API = (*RecordingAPI)(nil)

// Call is one API call as the host received it.
type Call struct {
	Method     string
	Args       []any
	Unexpected bool
}

func (c Call) String() string {
	parts := make([]string, len(c.Args))
	for i, a := range c.Args {
		parts[i] = fmt.Sprintf("%#v", a)
	}
	return c.Method + "(" + strings.Join(parts, ", ") + ")"
}

// WebSocketEvent is one PublishWebSocketEvent call.
type WebSocketEvent struct {
	Event     string // as the plugin named it
	Payload   map[string]any
	Broadcast *model.WebsocketBroadcast
}

type kvEntry struct {
	value    []byte
	expireAt time.Time // zero: never
}

// RecordingAPI implements plugin.API for one plugin.
type RecordingAPI struct {
	unexpectedAPI

	manifest *model.Manifest
	now      func() time.Time

	// OnCall, when set, sees every call as it is recorded (e.g. to fail a
	// test at once on an unexpected one). It must not call back into the API.
	OnCall func(Call)

	mu       sync.Mutex
	calls    []Call
	settings map[string]any
	kv       map[string]kvEntry
	users    map[string]*model.User
	channels map[string]*model.Channel
	posts    map[string]*model.Post
	bots     map[string]*model.Bot // by user id
	commands []*model.Command
	events   []WebSocketEvent
}

// NewRecordingAPI returns an empty API for the plugin with this manifest.
func NewRecordingAPI(manifest *model.Manifest) *RecordingAPI {
	a := &RecordingAPI{
		manifest: manifest,
		now:      time.Now,
		settings: map[string]any{},
		kv:       map[string]kvEntry{},
		users:    map[string]*model.User{},
		channels: map[string]*model.Channel{},
		posts:    map[string]*model.Post{},
		bots:     map[string]*model.Bot{},
	}
	a.unexpectedAPI.report = func(method string, args ...any) {
		a.record(Call{Method: method, Args: args, Unexpected: true})
	}
	return a
}

func unexpectedAppError(method string) *model.AppError {
	return &model.AppError{Id: "harness.unexpected_api_call", Message: "unexpected API call " + method + ": the conformance host does not implement it",
		StatusCode: http.StatusNotImplemented, Where: method}
}

func unexpectedError(method string) error { return unexpectedAppError(method) }

func (a *RecordingAPI) record(c Call) {
	a.mu.Lock()
	a.calls = append(a.calls, c)
	hook := a.OnCall
	a.mu.Unlock()
	if hook != nil {
		hook(c)
	}
}

// Calls returns a copy of the calls recorded so far.
func (a *RecordingAPI) Calls() []Call {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]Call(nil), a.calls...)
}

// CallsTo returns the recorded calls of one method.
func (a *RecordingAPI) CallsTo(method string) []Call {
	var out []Call
	for _, c := range a.Calls() {
		if c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// Unexpected returns the calls to methods the recording API does not implement.
func (a *RecordingAPI) Unexpected() []Call {
	var out []Call
	for _, c := range a.Calls() {
		if c.Unexpected {
			out = append(out, c)
		}
	}
	return out
}

// ResetCalls forgets the recorded calls and events (not the state).
func (a *RecordingAPI) ResetCalls() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.calls = nil
	a.events = nil
}

// --- state seeding and inspection ---

// SetSettings replaces the plugin's settings (PluginSettings.Plugins[id]).
func (a *RecordingAPI) SetSettings(settings map[string]any) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.settings = settings
}

// AddUser stores a user.
func (a *RecordingAPI) AddUser(u *model.User) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.users[u.Id] = u.DeepCopy()
}

// AddChannel stores a channel.
func (a *RecordingAPI) AddChannel(c *model.Channel) {
	a.mu.Lock()
	defer a.mu.Unlock()
	cp := *c
	a.channels[c.Id] = &cp
}

// KVValue returns a stored value as the plugin would read it.
func (a *RecordingAPI) KVValue(key string) ([]byte, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	e, ok := a.kvLocked(key)
	return e.value, ok
}

// PutKV stores a value directly, as seeding (not recorded).
func (a *RecordingAPI) PutKV(key string, value []byte) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.kv[key] = kvEntry{value: bytes.Clone(value)}
}

// Commands returns the registered commands.
func (a *RecordingAPI) Commands() []*model.Command {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]*model.Command(nil), a.commands...)
}

// Events returns the published websocket events.
func (a *RecordingAPI) Events() []WebSocketEvent {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]WebSocketEvent(nil), a.events...)
}

// Bots returns the bots, ordered by username.
func (a *RecordingAPI) Bots() []*model.Bot {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make([]*model.Bot, 0, len(a.bots))
	for _, b := range a.bots {
		out = append(out, b.Clone())
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Username < out[j].Username })
	return out
}

// --- plugin.API: configuration and commands ---

// LoadPluginConfiguration does what the server does: the settings schema's
// defaults under lower-cased keys, overridden by the configured values, as
// JSON into dest.
func (a *RecordingAPI) LoadPluginConfiguration(dest any) error {
	a.record(Call{Method: "LoadPluginConfiguration"})
	a.mu.Lock()
	final := map[string]any{}
	if a.manifest.SettingsSchema != nil {
		for _, s := range a.manifest.SettingsSchema.Settings {
			final[strings.ToLower(s.Key)] = s.Default
		}
	}
	for k, v := range a.settings {
		final[strings.ToLower(k)] = v
	}
	a.mu.Unlock()
	data, err := json.Marshal(final)
	if err != nil {
		return err
	}
	return json.Unmarshal(data, dest)
}

func (a *RecordingAPI) RegisterCommand(command *model.Command) error {
	a.record(Call{Method: "RegisterCommand", Args: []any{command}})
	if command == nil || command.Trigger == "" {
		return &model.AppError{Id: "harness.register_command.invalid", Message: "a command needs a trigger", StatusCode: 400, Where: "RegisterCommand"}
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	cp := *command
	cp.PluginId = a.manifest.Id
	for i, c := range a.commands {
		if c.Trigger == cp.Trigger && c.TeamId == cp.TeamId {
			a.commands[i] = &cp
			return nil
		}
	}
	a.commands = append(a.commands, &cp)
	return nil
}

func (a *RecordingAPI) UnregisterCommand(teamID, trigger string) error {
	a.record(Call{Method: "UnregisterCommand", Args: []any{teamID, trigger}})
	a.mu.Lock()
	defer a.mu.Unlock()
	for i, c := range a.commands {
		if c.Trigger == trigger && c.TeamId == teamID {
			a.commands = append(a.commands[:i], a.commands[i+1:]...)
			break
		}
	}
	return nil
}

// --- plugin.API: key-value store ---

// kvLocked returns a live entry, dropping an expired one.
func (a *RecordingAPI) kvLocked(key string) (kvEntry, bool) {
	e, ok := a.kv[key]
	if ok && !e.expireAt.IsZero() && !a.now().Before(e.expireAt) {
		delete(a.kv, key)
		return kvEntry{}, false
	}
	return e, ok
}

func (a *RecordingAPI) setLocked(key string, value []byte, expireInSeconds int64) {
	if value == nil {
		delete(a.kv, key)
		return
	}
	e := kvEntry{value: bytes.Clone(value)}
	if expireInSeconds > 0 {
		e.expireAt = a.now().Add(time.Duration(expireInSeconds) * time.Second)
	}
	a.kv[key] = e
}

func kvKeyError(key string) *model.AppError {
	if key == "" || len(key) > model.KeyValueKeyMaxRunes {
		return &model.AppError{Id: "model.plugin_key_value.is_valid.key.app_error", Message: "invalid key",
			StatusCode: http.StatusBadRequest, Where: "PluginKeyValue.IsValid"}
	}
	return nil
}

func (a *RecordingAPI) KVSet(key string, value []byte) *model.AppError {
	a.record(Call{Method: "KVSet", Args: []any{key, value}})
	if err := kvKeyError(key); err != nil {
		return err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.setLocked(key, value, 0)
	return nil
}

func (a *RecordingAPI) KVSetWithExpiry(key string, value []byte, expireInSeconds int64) *model.AppError {
	a.record(Call{Method: "KVSetWithExpiry", Args: []any{key, value, expireInSeconds}})
	if err := kvKeyError(key); err != nil {
		return err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.setLocked(key, value, expireInSeconds)
	return nil
}

// KVSetWithOptions follows the server: options are validated; an atomic set
// succeeds only when the current value equals OldValue (nil OldValue: the key
// must be absent); a nil value deletes.
func (a *RecordingAPI) KVSetWithOptions(key string, value []byte, options model.PluginKVSetOptions) (bool, *model.AppError) {
	a.record(Call{Method: "KVSetWithOptions", Args: []any{key, value, options}})
	if err := kvKeyError(key); err != nil {
		return false, err
	}
	if err := options.IsValid(); err != nil {
		return false, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if options.Atomic {
		cur, ok := a.kvLocked(key)
		if options.OldValue == nil {
			if ok {
				return false, nil
			}
		} else if !ok || !bytes.Equal(cur.value, options.OldValue) {
			return false, nil
		}
	}
	a.setLocked(key, value, options.ExpireInSeconds)
	return true, nil
}

func (a *RecordingAPI) KVCompareAndSet(key string, oldValue, newValue []byte) (bool, *model.AppError) {
	a.record(Call{Method: "KVCompareAndSet", Args: []any{key, oldValue, newValue}})
	if err := kvKeyError(key); err != nil {
		return false, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	cur, ok := a.kvLocked(key)
	if (oldValue == nil && ok) || (oldValue != nil && (!ok || !bytes.Equal(cur.value, oldValue))) {
		return false, nil
	}
	a.setLocked(key, newValue, 0)
	return true, nil
}

func (a *RecordingAPI) KVCompareAndDelete(key string, oldValue []byte) (bool, *model.AppError) {
	a.record(Call{Method: "KVCompareAndDelete", Args: []any{key, oldValue}})
	a.mu.Lock()
	defer a.mu.Unlock()
	cur, ok := a.kvLocked(key)
	if !ok || !bytes.Equal(cur.value, oldValue) {
		return false, nil
	}
	delete(a.kv, key)
	return true, nil
}

func (a *RecordingAPI) KVGet(key string) ([]byte, *model.AppError) {
	a.record(Call{Method: "KVGet", Args: []any{key}})
	a.mu.Lock()
	defer a.mu.Unlock()
	e, ok := a.kvLocked(key)
	if !ok {
		return nil, nil
	}
	return bytes.Clone(e.value), nil
}

func (a *RecordingAPI) KVDelete(key string) *model.AppError {
	a.record(Call{Method: "KVDelete", Args: []any{key}})
	a.mu.Lock()
	defer a.mu.Unlock()
	delete(a.kv, key)
	return nil
}

func (a *RecordingAPI) KVDeleteAll() *model.AppError {
	a.record(Call{Method: "KVDeleteAll"})
	a.mu.Lock()
	defer a.mu.Unlock()
	a.kv = map[string]kvEntry{}
	return nil
}

func (a *RecordingAPI) KVList(page, perPage int) ([]string, *model.AppError) {
	a.record(Call{Method: "KVList", Args: []any{page, perPage}})
	a.mu.Lock()
	defer a.mu.Unlock()
	var keys []string
	for k := range a.kv {
		if _, ok := a.kvLocked(k); ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	start := min(page*perPage, len(keys))
	end := min(start+perPage, len(keys))
	return keys[start:end], nil
}

// --- plugin.API: users, channels, posts, bots ---

func notFound(where, what string) *model.AppError {
	return &model.AppError{Id: "app." + what + ".missing.app_error", Message: "Unable to find the " + what + ".",
		StatusCode: http.StatusNotFound, Where: where}
}

func (a *RecordingAPI) GetUser(userID string) (*model.User, *model.AppError) {
	a.record(Call{Method: "GetUser", Args: []any{userID}})
	a.mu.Lock()
	defer a.mu.Unlock()
	if u, ok := a.users[userID]; ok {
		return u.DeepCopy(), nil
	}
	return nil, notFound("GetUser", "user")
}

func (a *RecordingAPI) GetUserByUsername(name string) (*model.User, *model.AppError) {
	a.record(Call{Method: "GetUserByUsername", Args: []any{name}})
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, u := range a.users {
		if u.Username == name {
			return u.DeepCopy(), nil
		}
	}
	return nil, notFound("GetUserByUsername", "user")
}

func (a *RecordingAPI) GetChannel(channelID string) (*model.Channel, *model.AppError) {
	a.record(Call{Method: "GetChannel", Args: []any{channelID}})
	a.mu.Lock()
	defer a.mu.Unlock()
	if c, ok := a.channels[channelID]; ok {
		cp := *c
		return &cp, nil
	}
	return nil, notFound("GetChannel", "channel")
}

func (a *RecordingAPI) CreatePost(post *model.Post) (*model.Post, *model.AppError) {
	a.record(Call{Method: "CreatePost", Args: []any{post}})
	a.mu.Lock()
	defer a.mu.Unlock()
	cp := post.Clone()
	if cp.Id == "" {
		cp.Id = model.NewId()
	}
	cp.CreateAt = model.GetMillis()
	a.posts[cp.Id] = cp
	return cp.Clone(), nil
}

func (a *RecordingAPI) GetPost(postID string) (*model.Post, *model.AppError) {
	a.record(Call{Method: "GetPost", Args: []any{postID}})
	a.mu.Lock()
	defer a.mu.Unlock()
	if p, ok := a.posts[postID]; ok {
		return p.Clone(), nil
	}
	return nil, notFound("GetPost", "post")
}

// EnsureBotUser returns the user id of the bot with that username, creating
// the bot and its user when absent, and records the id under the plugin's
// internal KV key as the server does.
func (a *RecordingAPI) EnsureBotUser(bot *model.Bot) (string, error) {
	a.record(Call{Method: "EnsureBotUser", Args: []any{bot}})
	if bot == nil || bot.Username == "" {
		return "", &model.AppError{Id: "harness.ensure_bot.invalid", Message: "a bot needs a username", StatusCode: 400, Where: "EnsureBotUser"}
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	for id, b := range a.bots {
		if b.Username == bot.Username {
			return id, nil
		}
	}
	id := model.NewId()
	created := bot.Clone()
	created.UserId = id
	created.OwnerId = a.manifest.Id
	a.bots[id] = created
	a.users[id] = &model.User{Id: id, Username: bot.Username, FirstName: bot.DisplayName, IsBot: true}
	a.kv[plugin.BotUserKey] = kvEntry{value: []byte(id)}
	return id, nil
}

func (a *RecordingAPI) GetBot(botUserID string, includeDeleted bool) (*model.Bot, *model.AppError) {
	a.record(Call{Method: "GetBot", Args: []any{botUserID, includeDeleted}})
	a.mu.Lock()
	defer a.mu.Unlock()
	if b, ok := a.bots[botUserID]; ok {
		return b.Clone(), nil
	}
	return nil, notFound("GetBot", "bot")
}

// --- plugin.API: websocket and logging ---

func (a *RecordingAPI) PublishWebSocketEvent(event string, payload map[string]any, broadcast *model.WebsocketBroadcast) {
	a.record(Call{Method: "PublishWebSocketEvent", Args: []any{event, payload, broadcast}})
	a.mu.Lock()
	defer a.mu.Unlock()
	a.events = append(a.events, WebSocketEvent{Event: event, Payload: payload, Broadcast: broadcast})
}

func (a *RecordingAPI) logCall(method, msg string, keyValuePairs []any) {
	a.record(Call{Method: method, Args: append([]any{msg}, keyValuePairs...)})
}

func (a *RecordingAPI) LogDebug(msg string, keyValuePairs ...any) {
	a.logCall("LogDebug", msg, keyValuePairs)
}
func (a *RecordingAPI) LogInfo(msg string, keyValuePairs ...any) {
	a.logCall("LogInfo", msg, keyValuePairs)
}
func (a *RecordingAPI) LogWarn(msg string, keyValuePairs ...any) {
	a.logCall("LogWarn", msg, keyValuePairs)
}
func (a *RecordingAPI) LogError(msg string, keyValuePairs ...any) {
	a.logCall("LogError", msg, keyValuePairs)
}
