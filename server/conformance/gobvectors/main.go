// Command gobvectors writes gob test vectors encoded by Go's own
// encoding/gob, for the TypeScript codec's tests:
//
//	go run ./server/conformance/gobvectors -out DIR [-models MODELDIR]
//
// For each case it writes DIR/<case>.gob (one stream: every value of the
// case through one gob.Encoder) and DIR/<case>.json (what the TypeScript
// decoder must produce, see expect.go). With -models it also writes a
// vector per generated model schema into MODELDIR (see models.go). The
// package's tests read the vectors the TypeScript encoder wrote back
// (GOB_VECTORS_DIR/ts and GOB_VECTORS_DIR/ts-models).
package main

import (
	"bytes"
	"encoding/gob"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"

	"github.com/mattermost/mattermost/server/public/model"
)

type valueJSON struct {
	Schema     string `json:"schema"`
	Expect     any    `json:"expect"`
	ExpectWire any    `json:"expectWire"`
}

type caseJSON struct {
	Name    string      `json:"name"`
	Partial bool        `json:"partial"`
	Values  []valueJSON `json:"values"`
	// Merged (post_into only): the first value after Go decoded the second into it.
	Merged any `json:"merged,omitempty"`
}

func encodeStream(c vcase) ([]byte, error) {
	var buf bytes.Buffer
	enc := gob.NewEncoder(&buf)
	for i, v := range c.values {
		if err := enc.Encode(v.v); err != nil {
			return nil, fmt.Errorf("case %s value %d: %w", c.name, i, err)
		}
	}
	return buf.Bytes(), nil
}

// mergedPost decodes the second post of the stream into the first, as the
// server does with a MessageWillBePosted reply.
func mergedPost(stream []byte) (*model.Post, error) {
	dec := gob.NewDecoder(bytes.NewReader(stream))
	base := new(model.Post)
	if err := dec.Decode(base); err != nil {
		return nil, err
	}
	if err := dec.Decode(base); err != nil {
		return nil, err
	}
	return base, nil
}

func run(out string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for _, c := range cases() {
		stream, err := encodeStream(c)
		if err != nil {
			return err
		}
		doc := caseJSON{Name: c.name, Partial: c.partial}
		for _, v := range c.values {
			rv := reflect.ValueOf(v.v)
			doc.Values = append(doc.Values, valueJSON{
				Schema:     v.schema,
				Expect:     expect(rv, schemaMode),
				ExpectWire: expect(rv, wireMode),
			})
		}
		if c.name == "post_into" {
			merged, err := mergedPost(stream)
			if err != nil {
				return err
			}
			doc.Merged = expect(reflect.ValueOf(merged), schemaMode)
		}
		text, err := json.MarshalIndent(doc, "", " ")
		if err != nil {
			return fmt.Errorf("case %s: %w", c.name, err)
		}
		if err := os.WriteFile(filepath.Join(out, c.name+".gob"), stream, 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(out, c.name+".json"), text, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func main() {
	out := flag.String("out", "", "directory for <case>.gob and <case>.json")
	models := flag.String("models", "", "directory for <model>.gob and <model>.json, one per generated schema")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "usage: gobvectors -out DIR [-models MODELDIR]")
		os.Exit(2)
	}
	err := run(*out)
	if err == nil && *models != "" {
		err = writeModelVectors(*models)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gobvectors:", err)
		os.Exit(1)
	}
}
