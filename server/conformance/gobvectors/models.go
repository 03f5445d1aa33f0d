package main

// Model vectors: one per struct type with a generated schema (the model
// types and the Z_ Args/Returns structs, listed by types_generated.go from
// the generator's own walk). For each, DIR/<name>.gob holds two values
// encoded by Go's encoding/gob through one Encoder — a full one (every
// field set, see fill.go) and a sparse one — and DIR/<name>.json what the
// TypeScript decoder must produce for each with the generated schema (see
// expect.go). The TypeScript test writes its own encoding of the same
// values, which models_test.go checks with Go.

import (
	"bytes"
	"encoding/gob"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
)

// generatedType is one struct type with a generated gob schema.
type generatedType struct {
	name   string // the key of schemaIndex in schema-index.ts, and the vector's file name
	goName string // reflect's String() of typ
	typ    reflect.Type
	pruned []string // fields the schema leaves out on purpose
}

// registeredType is a gob registration: name is what gob sends.
type registeredType struct {
	name string
	typ  reflect.Type
}

// modelVariants are the values of each model vector, in stream order.
var modelVariants = []string{"full", "sparse"}

type modelValueJSON struct {
	Variant string `json:"variant"`
	Expect  any    `json:"expect"`
}

type modelJSON struct {
	Go     string           `json:"go"`
	Values []modelValueJSON `json:"values"`
}

// modelValues builds the values of one vector (pointers to new values of
// g.typ), the same on every call.
func modelValues(g generatedType) []reflect.Value {
	out := make([]reflect.Value, len(modelVariants))
	for i, variant := range modelVariants {
		out[i] = newFiller(g.name, variant == "sparse").newValue(g.typ)
	}
	return out
}

func encodeValues(values []reflect.Value) ([]byte, error) {
	var buf bytes.Buffer
	enc := gob.NewEncoder(&buf)
	for i, v := range values {
		if err := enc.Encode(v.Interface()); err != nil {
			return nil, fmt.Errorf("%s value: %w", modelVariants[i], err)
		}
	}
	return buf.Bytes(), nil
}

func writeModelVectors(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, g := range generatedTypes {
		values := modelValues(g)
		stream, err := encodeValues(values)
		if err != nil {
			return fmt.Errorf("model %s (%s): %w", g.name, g.goName, err)
		}
		doc := modelJSON{Go: g.goName}
		for i, v := range values {
			doc.Values = append(doc.Values, modelValueJSON{Variant: modelVariants[i], Expect: expect(v, schemaMode)})
		}
		text, err := json.Marshal(doc)
		if err != nil {
			return fmt.Errorf("model %s: %w", g.name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, g.name+".gob"), stream, 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, g.name+".json"), text, 0o644); err != nil {
			return err
		}
	}
	return nil
}
