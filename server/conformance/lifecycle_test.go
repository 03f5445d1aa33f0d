package conformance_test

// Install, activation (Implemented, the API calls OnActivate makes), health
// check, deactivation and process exit, for both plugins.

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/example/mattermost-plugin-world-time/server/conformance/harness"
)

// implementedHooks are the hook sets PLUGINS.md declares.
var implementedHooks = map[string][]string{
	worldTimeID: {"ExecuteCommand", "MessageHasBeenPosted", "MessageWillBePosted", "MessageWillBeUpdated", "OnActivate", "OnConfigurationChange", "ServeHTTP"},
	probeID:     {"ExecuteCommand", "MessageHasBeenPosted", "MessageWillBePosted", "MessageWillBeUpdated", "OnActivate", "ServeHTTP"},
}

func methods(calls []harness.Call) []string {
	out := make([]string, len(calls))
	for i, c := range calls {
		out[i] = c.Method
	}
	return out
}

func TestInstallLayout(t *testing.T) {
	for _, id := range []string{worldTimeID, probeID} {
		t.Run(id, func(t *testing.T) {
			f := newFixture(t, id, nil)
			exe, err := f.host.Executable(id)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasSuffix(exe, "/"+id+"/"+harness.ExecutablePath) {
				t.Errorf("executable %s is not <plugins>/%s/%s", exe, id, harness.ExecutablePath)
			}
			st, err := os.Stat(exe)
			if err != nil {
				t.Fatal(err)
			}
			if st.Mode().Perm() != 0o755 {
				t.Errorf("executable mode %v, want 0755 from the tar header", st.Mode().Perm())
			}
			if _, err := os.Stat(filepath.Join(filepath.Dir(filepath.Dir(filepath.Dir(exe))), "plugin.json")); err != nil {
				t.Errorf("plugin.json is not at the plugin folder's root: %v", err)
			}
			bundle, _ := bundleFor(t, id)
			inst, err := f.host.Install(bundle)
			if err != nil {
				t.Fatal(err)
			}
			if len(inst.Skipped) > 0 {
				t.Errorf("the server would skip these entries (links or special files): %+v", inst.Skipped)
			}
		})
	}
}

func TestActivationWorldTime(t *testing.T) {
	f := start(t, worldTimeID, nil)
	checkImplemented(t, f)

	// How often the configuration is loaded is the runtime's business (the Go
	// reference loads it in OnConfigurationChange and again in OnActivate; ours
	// loads it once for both): at least once, before anything else.
	calls := f.api.Calls()
	loads := 0
	for loads < len(calls) && calls[loads].Method == "LoadPluginConfiguration" {
		loads++
	}
	want := []string{"RegisterCommand", "LogInfo"}
	if got := methods(calls[loads:]); loads == 0 || !reflect.DeepEqual(got, want) {
		t.Fatalf("API calls during activation: %v, want LoadPluginConfiguration (once or more), then %v", methods(calls), want)
	}
	cmd := calls[loads].Args[0].(*model.Command)
	wantCmd := model.Command{Trigger: "time", AutoComplete: true, AutoCompleteDesc: "Show the current time in a time zone",
		AutoCompleteHint: "[time zone]", DisplayName: "World Time"}
	if !reflect.DeepEqual(*cmd, wantCmd) {
		t.Errorf("RegisterCommand(%+v), want %+v", *cmd, wantCmd)
	}
	if got := calls[loads+1].Args; !reflect.DeepEqual(got, []any{"World Time activated"}) {
		t.Errorf("LogInfo%v, want (\"World Time activated\")", got)
	}
	if err := f.host.Env().PerformHealthCheck(worldTimeID); err != nil {
		t.Errorf("health check: %v", err)
	}
}

func TestActivationProbe(t *testing.T) {
	f := start(t, probeID, nil)
	checkImplemented(t, f)

	calls := f.api.Calls()
	want := []string{"LoadPluginConfiguration", "RegisterCommand", "KVSet", "EnsureBotUser"}
	if got := methods(calls); !reflect.DeepEqual(got, want) {
		t.Fatalf("API calls during activation: %v, want %v", got, want)
	}
	cmd := calls[1].Args[0].(*model.Command)
	wantCmd := model.Command{Trigger: "probe", AutoComplete: true, AutoCompleteDesc: "Exercise the plugin runtime",
		AutoCompleteHint: "[echo <text>|fail]", DisplayName: "Probe"}
	if !reflect.DeepEqual(*cmd, wantCmd) {
		t.Errorf("RegisterCommand(%+v), want %+v", *cmd, wantCmd)
	}
	if got := calls[2].Args; got[0] != "activated" || string(got[1].([]byte)) != "yes" {
		t.Errorf("KVSet%v, want (activated, yes)", got)
	}
	bot := calls[3].Args[0].(*model.Bot)
	if bot.Username != "probe-bot" || bot.DisplayName != "Probe" || bot.Description != "" || bot.UserId != "" {
		t.Errorf("EnsureBotUser(%+v), want {Username: probe-bot, DisplayName: Probe}", bot)
	}
	if bots := f.api.Bots(); len(bots) != 1 || bots[0].Username != "probe-bot" {
		t.Errorf("bots after activation: %+v", bots)
	}
	if v, _ := f.api.KVValue("activated"); string(v) != "yes" {
		t.Errorf("KV activated = %q", v)
	}
	if err := f.host.Env().PerformHealthCheck(probeID); err != nil {
		t.Errorf("health check: %v", err)
	}
}

func checkImplemented(t *testing.T, f *fixture) {
	t.Helper()
	got, err := f.hooks.Implemented()
	if err != nil {
		t.Fatalf("Implemented: %v", err)
	}
	slices.Sort(got)
	if want := implementedHooks[f.id]; !reflect.DeepEqual(got, want) {
		t.Errorf("Implemented() = %v, want exactly %v", got, want)
	}
}

func TestActivationFailsOnUnknownDefaultTimezone(t *testing.T) {
	f := newFixture(t, worldTimeID, map[string]any{"DefaultTimezone": "Mars/Olympus"})
	_, err := f.host.Activate(worldTimeID)
	if err == nil || !strings.Contains(err.Error(), "DefaultTimezone: unknown time zone: Mars/Olympus") {
		t.Fatalf("Activate error %v, want one naming DefaultTimezone: unknown time zone: Mars/Olympus", err)
	}
	if f.host.Env().IsActive(worldTimeID) {
		t.Error("the plugin is active after a failed OnActivate")
	}
	if got := methods(f.api.Calls()); slices.Contains(got, "RegisterCommand") {
		t.Errorf("API calls %v: the command was registered despite the bad configuration", got)
	}
	exe, _ := f.host.Executable(worldTimeID)
	if pid, err := harness.FindProcess(exe); err == nil {
		if err := harness.WaitExit(pid, 5*time.Second); err != nil {
			t.Errorf("the process of a plugin that failed to activate: %v", err)
		}
	}
}

func TestDeactivateEndsTheProcess(t *testing.T) {
	for _, id := range []string{worldTimeID, probeID} {
		t.Run(id, func(t *testing.T) {
			f := start(t, id, nil)
			pid, err := f.host.PluginPID(id)
			if err != nil {
				t.Fatal(err)
			}
			if !f.host.Deactivate(id) {
				t.Fatal("Deactivate returned false for an active plugin")
			}
			if err := harness.WaitExit(pid, 5*time.Second); err != nil {
				t.Fatal(err)
			}
			// go-plugin logs the exit at info for status 0 and at error
			// otherwise (a non-zero status, or killed after the 2 s grace).
			// Its "failed to exit gracefully" warning is not evidence: it also
			// appears when the process exits before Quit's reply is read.
			exits := logRecords(t, f.log(), "plugin process exited")
			if len(exits) != 1 || exits[0]["level"] != "info" {
				t.Errorf("process exit records %v, want one at info (exit status 0 after Quit)", exits)
			}
			if f.host.Env().IsActive(id) {
				t.Error("still active after Deactivate")
			}
		})
	}
}
