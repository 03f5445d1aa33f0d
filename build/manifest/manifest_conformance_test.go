package manifest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"testing"

	"github.com/mattermost/mattermost/server/public/model"
)

type manifestCase struct {
	Name       string          `json:"name"`
	Mattermost bool            `json:"mattermost"`
	Manifest   json.RawMessage `json:"manifest"`
}

// mattermostVerdict decodes like the starter template's build/manifest
// (DisallowUnknownFields), lower-cases the id like model.FindManifest, then
// runs Manifest.IsValid. A panic (nil entries in a slice) counts as invalid.
func mattermostVerdict(raw []byte) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	var manifest model.Manifest
	decoder := json.NewDecoder(bytes.NewReader(raw))
	decoder.DisallowUnknownFields()
	if err := decoder.Decode(&manifest); err != nil {
		return err
	}
	return manifest.IsValid()
}

func TestSharedCasesMatchMattermost(t *testing.T) {
	data, err := os.ReadFile("testdata/manifests.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []manifestCase
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) < 100 {
		t.Fatalf("expected the full case list, got %d cases", len(cases))
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			err := mattermostVerdict(c.Manifest)
			if c.Mattermost && err != nil {
				t.Errorf("Mattermost rejects a manifest the cases call valid: %v", err)
			}
			if !c.Mattermost && err == nil {
				t.Errorf("Mattermost accepts a manifest the cases call invalid")
			}
		})
	}
}
