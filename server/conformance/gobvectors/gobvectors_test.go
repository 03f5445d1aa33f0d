package main

import (
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
)

// The TypeScript vector test (server/runtime/gob/vectors.test.ts) decodes
// the Go vectors and re-encodes every value with the TS Encoder into
// $GOB_VECTORS_DIR/ts/<case>.gob. Here Go's encoding/gob decodes those bytes
// into the original Go types and compares them with the Go originals after a
// Go-to-Go gob round trip — that round trip is what gob promises (zero
// fields, empty slices and nil pointers to zero values come back alike; time
// zones come back as fixed offsets), so TS must give exactly the same.

func vectorsDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("GOB_VECTORS_DIR")
	if dir == "" || !filepath.IsAbs(dir) {
		t.Fatalf("GOB_VECTORS_DIR must be the absolute path of the vectors directory (got %q): run "+
			"`go run ./server/conformance/gobvectors -out test-results/gob-vectors/go -models test-results/gob-vectors/models`, "+
			"then the TS vector tests with GOB_VECTORS_DIR=test-results/gob-vectors, then this test with "+
			"GOB_VECTORS_DIR=$PWD/test-results/gob-vectors (make test-unit, then make test-conformance)", dir)
	}
	return dir
}

// decodeAll decodes one value per case value, each into a fresh variable of
// the original's type, and checks the stream ends there.
func decodeAll(stream []byte, c vcase) ([]reflect.Value, error) {
	dec := gob.NewDecoder(bytes.NewReader(stream))
	out := make([]reflect.Value, len(c.values))
	for i, v := range c.values {
		dst := reflect.New(reflect.TypeOf(v.v))
		if err := dec.Decode(dst.Interface()); err != nil {
			return nil, fmt.Errorf("value %d (%s): %w", i, v.schema, err)
		}
		out[i] = dst.Elem()
	}
	var extra any
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("stream does not end after %d values (%v)", len(c.values), err)
	}
	return out, nil
}

func TestTypeScriptVectors(t *testing.T) {
	dir := vectorsDir(t)
	for _, c := range cases() {
		t.Run(c.name, func(t *testing.T) {
			goStream, err := encodeStream(c)
			if err != nil {
				t.Fatal(err)
			}
			want, err := decodeAll(goStream, c)
			if err != nil {
				t.Fatalf("Go round trip: %v", err)
			}
			tsStream, err := os.ReadFile(filepath.Join(dir, "ts", c.name+".gob"))
			if err != nil {
				t.Fatalf("the TS encoder's vector is missing (run the TS vector test first): %v", err)
			}
			got, err := decodeAll(tsStream, c)
			if err != nil {
				t.Fatalf("decoding the TS encoder's bytes: %v", err)
			}
			for i := range want {
				if err := equal(got[i], want[i], c.values[i].schema); err != nil {
					t.Errorf("value %d: %v", i, err)
				}
			}
		})
	}
}

// The server decodes a MessageWillBePosted reply into the original post:
// fields absent from the reply keep their values, props merge key by key.
func TestTypeScriptPostMergesIntoExistingPost(t *testing.T) {
	dir := vectorsDir(t)
	tsStream, err := os.ReadFile(filepath.Join(dir, "ts", "post_into.gob"))
	if err != nil {
		t.Fatalf("the TS encoder's vector is missing (run the TS vector test first): %v", err)
	}
	dec := gob.NewDecoder(bytes.NewReader(tsStream))
	base := new(model.Post)
	if err := dec.Decode(base); err != nil {
		t.Fatal(err)
	}
	if err := dec.Decode(base); err != nil { // the update, into the base
		t.Fatal(err)
	}
	var goStream bytes.Buffer
	enc := gob.NewEncoder(&goStream)
	for _, p := range []*model.Post{intoBase(), intoUpdate()} {
		if err := enc.Encode(p); err != nil {
			t.Fatal(err)
		}
	}
	want, err := mergedPost(goStream.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if err := equal(reflect.ValueOf(base), reflect.ValueOf(want), "Post"); err != nil {
		t.Errorf("TS-encoded update merged differently from Go's: %v", err)
	}
	// Spelled out, so this fails even if both sides were wrong alike.
	if base.Id != "base" || base.Type != "custom_old" || base.Hashtags != "#keep" || !base.IsPinned {
		t.Errorf("absent fields did not keep their values: %+v", base)
	}
	if base.Message != "new message" || base.EditAt != 5 {
		t.Errorf("sent fields not applied: message %q edit_at %d", base.Message, base.EditAt)
	}
	wantProps := model.StringInterface{"keep": "yes", "over": "new", "added": 1.0}
	if !reflect.DeepEqual(base.Props, wantProps) {
		t.Errorf("props %v, want %v", base.Props, wantProps)
	}
	if !reflect.DeepEqual(base.FileIds, model.StringArray{"n1"}) {
		t.Errorf("file ids %v, want [n1]", base.FileIds)
	}
}

// equal is reflect.DeepEqual with NaN equal to itself and times compared as
// instant + offset + UTC-ness (Location pointers differ between decodes).
func equal(a, b reflect.Value, path string) error {
	if a.IsValid() != b.IsValid() {
		return fmt.Errorf("%s: validity differs", path)
	}
	if !a.IsValid() {
		return nil
	}
	if a.Type() != b.Type() {
		return fmt.Errorf("%s: type %s vs %s", path, a.Type(), b.Type())
	}
	if a.Type() == timeType {
		ta, tb := a.Interface().(time.Time), b.Interface().(time.Time)
		_, oa := ta.Zone()
		_, ob := tb.Zone()
		if !ta.Equal(tb) || oa != ob || (ta.Location() == time.UTC) != (tb.Location() == time.UTC) {
			return fmt.Errorf("%s: time %v vs %v", path, ta, tb)
		}
		return nil
	}
	switch a.Kind() {
	case reflect.Float32, reflect.Float64:
		fa, fb := a.Float(), b.Float()
		if math.Float64bits(fa) != math.Float64bits(fb) && !(math.IsNaN(fa) && math.IsNaN(fb)) {
			return fmt.Errorf("%s: %v vs %v", path, fa, fb)
		}
	case reflect.Complex64, reflect.Complex128:
		ca, cb := a.Complex(), b.Complex()
		if err := equal(reflect.ValueOf(real(ca)), reflect.ValueOf(real(cb)), path+".re"); err != nil {
			return err
		}
		return equal(reflect.ValueOf(imag(ca)), reflect.ValueOf(imag(cb)), path+".im")
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				return fmt.Errorf("%s: nil vs non-nil", path)
			}
			return nil
		}
		return equal(a.Elem(), b.Elem(), path)
	case reflect.Slice:
		if a.IsNil() != b.IsNil() {
			return fmt.Errorf("%s: nil %v vs nil %v", path, a.IsNil(), b.IsNil())
		}
		fallthrough
	case reflect.Array:
		if a.Len() != b.Len() {
			return fmt.Errorf("%s: length %d vs %d", path, a.Len(), b.Len())
		}
		for i := range a.Len() {
			if err := equal(a.Index(i), b.Index(i), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
	case reflect.Map:
		if a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			return fmt.Errorf("%s: map nil %v/%v len %d/%d", path, a.IsNil(), b.IsNil(), a.Len(), b.Len())
		}
		for it := a.MapRange(); it.Next(); {
			bv := b.MapIndex(it.Key())
			if !bv.IsValid() {
				return fmt.Errorf("%s: key %v missing", path, it.Key())
			}
			if err := equal(it.Value(), bv, fmt.Sprintf("%s{%v}", path, it.Key())); err != nil {
				return err
			}
		}
	case reflect.Struct:
		for i := range a.NumField() {
			if !a.Type().Field(i).IsExported() {
				continue // never sent: zero on both sides, and reflect may not read it as an interface
			}
			if err := equal(a.Field(i), b.Field(i), path+"."+a.Type().Field(i).Name); err != nil {
				return err
			}
		}
	case reflect.Func, reflect.Chan:
		if !a.IsNil() || !b.IsNil() {
			return fmt.Errorf("%s: non-nil func or chan", path)
		}
	case reflect.Bool:
		if a.Bool() != b.Bool() {
			return fmt.Errorf("%s: %v vs %v", path, a.Bool(), b.Bool())
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if a.Int() != b.Int() {
			return fmt.Errorf("%s: %d vs %d", path, a.Int(), b.Int())
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if a.Uint() != b.Uint() {
			return fmt.Errorf("%s: %d vs %d", path, a.Uint(), b.Uint())
		}
	case reflect.String:
		if a.String() != b.String() {
			return fmt.Errorf("%s: %q vs %q", path, a.String(), b.String())
		}
	default:
		return fmt.Errorf("%s: cannot compare kind %s", path, a.Kind())
	}
	return nil
}
