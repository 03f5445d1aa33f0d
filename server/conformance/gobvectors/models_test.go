package main

import (
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// decodeModels decodes rounds × one value per variant, each into a fresh
// value of g.typ, and checks the stream ends there.
func decodeModels(stream []byte, g generatedType, rounds int) ([]reflect.Value, error) {
	dec := gob.NewDecoder(bytes.NewReader(stream))
	out := make([]reflect.Value, rounds*len(modelVariants))
	for i := range out {
		dst := reflect.New(g.typ)
		if err := dec.Decode(dst.Interface()); err != nil {
			return nil, fmt.Errorf("value %d (%s): %w", i, modelVariants[i%len(modelVariants)], err)
		}
		out[i] = dst
	}
	var extra any
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("stream does not end after %d values (%v)", len(out), err)
	}
	return out, nil
}

// The TypeScript model vector test (server/runtime/mattermost/generated/
// model-vectors.test.ts) writes $GOB_VECTORS_DIR/ts-models/<name>.gob with
// the TS Encoder: the full and sparse values built from their expectations,
// then the same two as the TS decoder gave them. Go decodes each into the
// real Go type; it must equal the Go original after a Go-to-Go gob round
// trip, which applies gob's own rules (nil and empty slices alike, zero
// fields and pointers to zero scalars left out, times as instant plus fixed
// offset, unexported fields never sent).
func TestTypeScriptModelVectors(t *testing.T) {
	dir := filepath.Join(vectorsDir(t), "ts-models")
	for _, g := range generatedTypes {
		t.Run(g.name, func(t *testing.T) {
			goStream, err := encodeValues(modelValues(g))
			if err != nil {
				t.Fatal(err)
			}
			want, err := decodeModels(goStream, g, 1)
			if err != nil {
				t.Fatalf("Go round trip: %v", err)
			}
			tsStream, err := os.ReadFile(filepath.Join(dir, g.name+".gob"))
			if err != nil {
				t.Fatalf("the TS encoder's vector is missing (run the TS model vector test first): %v", err)
			}
			got, err := decodeModels(tsStream, g, 2)
			if err != nil {
				t.Fatalf("decoding the TS encoder's bytes into %s: %v", g.goName, err)
			}
			for i := range got {
				source := "built from the expectation"
				if i >= len(want) {
					source = "re-encoded as the TS decoder gave it"
				}
				if err := equal(got[i], want[i%len(want)], g.goName); err != nil {
					t.Errorf("%s value %s: %v", modelVariants[i%len(want)], source, err)
				}
			}
		})
	}
}

// The index the generator wrote names each Go type as reflect does, and
// has one entry per name.
func TestGeneratedTypesMatchReflection(t *testing.T) {
	seen := map[string]bool{}
	zStructs := 0
	for _, g := range generatedTypes {
		if g.typ.Kind() != reflect.Struct {
			t.Errorf("%s: %s is a %s, not a struct", g.name, g.typ, g.typ.Kind())
		}
		if g.typ.String() != g.goName {
			t.Errorf("%s: generated Go name %q, reflect says %q", g.name, g.goName, g.typ.String())
		}
		if seen[g.name] {
			t.Errorf("%s listed twice", g.name)
		}
		seen[g.name] = true
		if strings.HasPrefix(g.name, "Z_") {
			zStructs++
		}
	}
	if len(generatedTypes) < 800 || zStructs < 600 {
		t.Errorf("%d types, %d of them Z_ structs: the generator's index lost entries", len(generatedTypes), zStructs)
	}
}

// zeroFields lists the paths of fields gob would leave out of v (a struct
// reached through the value), except those fill.go leaves zero on purpose.
func zeroFields(v reflect.Value, path string, onPath map[reflect.Type]bool, out *[]string) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			zeroFields(v.Elem(), path, onPath, out)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			zeroFields(v.Index(i), fmt.Sprintf("%s[%d]", path, i), onPath, out)
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			zeroFields(it.Value(), fmt.Sprintf("%s{%v}", path, it.Key()), onPath, out)
		}
	case reflect.Struct:
		t := v.Type()
		if t == timeType || t == urlType {
			return
		}
		onPath[t] = true
		defer delete(onPath, t)
		for _, i := range sentFields(t) {
			f, fv := t.Field(i), v.Field(i)
			if gobOmits(fv) && !leftZeroOnPurpose(f.Type, onPath) {
				*out = append(*out, path+"."+f.Name)
			}
			zeroFields(fv, path+"."+f.Name, onPath, out)
		}
	}
}

// leftZeroOnPurpose: a field whose values would recurse into a struct on
// the path, or an interface no registered type implements.
func leftZeroOnPurpose(t reflect.Type, onPath map[reflect.Type]bool) bool {
	if t.Kind() == reflect.Interface && t.NumMethod() > 0 {
		for _, r := range registeredTypes {
			if r.typ.Implements(t) {
				return false
			}
		}
		return true
	}
	f := &filler{onPath: map[reflect.Type]int{}}
	for st := range onPath {
		f.onPath[st] = 1
	}
	return f.recurses(t)
}

// The full values leave no field zero that gob could carry, so every field
// of every schema is exercised; the sparse ones leave most fields zero.
func TestFullValuesSetEveryField(t *testing.T) {
	var zero []string
	sparseSent, sparseFields := 0, 0
	for _, g := range generatedTypes {
		values := modelValues(g)
		zeroFields(values[0], g.name, map[reflect.Type]bool{}, &zero)
		for _, i := range sentFields(g.typ) {
			sparseFields++
			if !gobOmits(values[1].Elem().Field(i)) {
				sparseSent++
			}
		}
	}
	if len(zero) > 0 {
		t.Errorf("%d fields of full values are zero, e.g.:\n  %s", len(zero), strings.Join(zero[:min(len(zero), 20)], "\n  "))
	}
	if sparseSent == 0 || sparseSent*2 > sparseFields {
		t.Errorf("sparse values set %d of %d top-level fields: want some, fewer than half", sparseSent, sparseFields)
	}
}

// Every registered type appears in some interface value, and Post.Props
// holds every JSON-like kind, nil and the attachments Mattermost registers.
func TestVectorsCoverInterfaceKinds(t *testing.T) {
	found := map[string]bool{}
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Interface:
			if !v.IsNil() {
				found[goName(v.Elem().Type())] = true
			}
			fallthrough
		case reflect.Pointer:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Slice, reflect.Array:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Map:
			for it := v.MapRange(); it.Next(); {
				walk(it.Value())
			}
		case reflect.Struct:
			for _, i := range sentFields(v.Type()) {
				walk(v.Field(i))
			}
		}
	}
	for _, g := range generatedTypes {
		for _, v := range modelValues(g) {
			walk(v)
		}
	}
	for _, r := range registeredTypes {
		if !found[r.name] {
			t.Errorf("no vector holds a %s in an interface", r.name)
		}
	}
	var post generatedType
	for _, g := range generatedTypes {
		if g.goName == "model.Post" {
			post = g
		}
	}
	if post.typ == nil {
		t.Fatal("no model.Post in the generated types")
	}
	props := modelValues(post)[0].Elem().FieldByName("Props")
	kinds := map[string]bool{}
	for it := props.MapRange(); it.Next(); {
		if it.Value().IsNil() {
			kinds["nil"] = true
		} else {
			kinds[goName(it.Value().Elem().Type())] = true
		}
	}
	for _, want := range []string{"nil", "string", "float64", "bool", "int64", "[]interface {}", "map[string]interface {}", "[]*model.SlackAttachment"} {
		if !kinds[want] {
			t.Errorf("Post.Props of the full vector has no %s value (has %v)", want, kinds)
		}
	}
}

// Deterministic: the same values on every run (not the same bytes: gob
// writes maps in Go's random iteration order).
func TestModelValuesAreDeterministic(t *testing.T) {
	for _, g := range generatedTypes {
		a, b := modelValues(g), modelValues(g)
		for i := range a {
			if err := equal(a[i], b[i], g.goName); err != nil {
				t.Errorf("%s %s value: two runs differ: %v", g.name, modelVariants[i], err)
			}
		}
	}
}
