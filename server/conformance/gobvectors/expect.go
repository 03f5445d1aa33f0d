package main

import (
	"encoding/base64"
	"math"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// The expected JS value of each vector, in a JSON-safe form:
//
//	integers beyond ±(2^53-1)  {"$int": "decimal"}
//	NaN, ±Inf, -0              {"$float": "NaN" | "+Inf" | "-Inf" | "-0"}
//	complex                    {"$complex": [re, im]}
//	[]byte                     {"$bytes": "base64"}
//	map with non-string keys   {"$map": [[key, value], …]}
//	time.Time                  {"$time": {"unix": seconds, "nsec": n, "offset": seconds east | null for UTC}}
//	interface value            {"$iface": "registered Go name", "value": …}
//
// Two forms per value. "schema": what decoding with the mirrored TS schema
// gives (keys from json tags, every field present: absent ones hold Go's zero
// value, omitempty ones are left out). "wire": what decoding without a schema
// gives (Go field names, only the fields the stream carries). Both follow
// gob's rules for what the stream carries (zero fields omitted, pointers
// flattened, …).

type mode int

const (
	schemaMode mode = iota
	wireMode
)

// tsUnregistered lists Go names the TS test does not register: their
// interface values decode from the wire description, by Go field names.
var tsUnregistered = map[string]bool{"*main.WireOnly": true}

func isMarshaler(t reflect.Type) bool { return t == timeType || t == urlType }

func jsInt(v int64) any {
	if v > 1<<53-1 || v < -(1<<53-1) {
		return map[string]any{"$int": strconv.FormatInt(v, 10)}
	}
	return v
}

func jsUint(v uint64) any {
	if v > 1<<53-1 {
		return map[string]any{"$int": strconv.FormatUint(v, 10)}
	}
	return v
}

func jsFloat(f float64) any {
	switch {
	case math.IsNaN(f):
		return map[string]any{"$float": "NaN"}
	case math.IsInf(f, 1):
		return map[string]any{"$float": "+Inf"}
	case math.IsInf(f, -1):
		return map[string]any{"$float": "-Inf"}
	case f == 0 && math.Signbit(f):
		return map[string]any{"$float": "-0"}
	}
	return f
}

func jsBytes(b []byte) any { return map[string]any{"$bytes": base64.StdEncoding.EncodeToString(b)} }

// jsTime is what decoding Go's MarshalBinary bytes yields (Go's own
// UnmarshalBinary decides the offset, including its version-2 quirk).
func jsTime(t time.Time) any {
	data, err := t.MarshalBinary()
	if err != nil {
		panic(err)
	}
	var back time.Time
	if err := back.UnmarshalBinary(data); err != nil {
		panic(err)
	}
	var offset any
	if back.Location() != time.UTC {
		_, off := back.Zone()
		offset = off
	}
	return map[string]any{"$time": map[string]any{"unix": jsInt(back.Unix()), "nsec": back.Nanosecond(), "offset": offset}}
}

func marshalerExpect(v reflect.Value, m mode) any {
	switch v.Type() {
	case timeType:
		t := v.Interface().(time.Time)
		if m == wireMode {
			data, _ := t.MarshalBinary()
			return jsBytes(data)
		}
		return jsTime(t)
	default: // url.URL
		u := v.Addr().Interface().(*url.URL)
		if m == wireMode {
			return jsBytes([]byte(u.String()))
		}
		return u.String()
	}
}

// goName is the name gob.Register gives a type (type.go Register, including
// its pointer-name quirk), or the name it was registered under.
func goName(t reflect.Type) string {
	if name, ok := registeredNames[t]; ok {
		return name
	}
	for _, r := range registeredTypes {
		if r.typ == t {
			return r.name
		}
	}
	name := t.String()
	if t.Name() != "" {
		if t.PkgPath() == "" {
			name = t.Name()
		} else {
			name = t.PkgPath() + "." + t.Name()
		}
	}
	return name
}

// expect gives the JS form of a value the stream carries (a top-level value,
// an element, or a field gob did not omit).
func expect(v reflect.Value, m mode) any {
	t := v.Type()
	if isMarshaler(t) {
		if !v.CanAddr() { // url.URL marshals through its address
			c := reflect.New(t).Elem()
			c.Set(v)
			v = c
		}
		return marshalerExpect(v, m)
	}
	switch t.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return nil
		}
		return expect(v.Elem(), m)
	case reflect.Interface:
		if v.IsNil() {
			return nil
		}
		elem := v.Elem()
		name := goName(elem.Type())
		inner := schemaMode
		if tsUnregistered[name] {
			inner = wireMode
		}
		return map[string]any{"$iface": name, "value": expect(elem, inner)}
	case reflect.Bool:
		return v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return jsInt(v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return jsUint(v.Uint())
	case reflect.Float32, reflect.Float64:
		return jsFloat(v.Float())
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		return map[string]any{"$complex": []any{jsFloat(real(c)), jsFloat(imag(c))}}
	case reflect.String:
		return v.String()
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return jsBytes(v.Bytes())
		}
		out := []any{}
		for i := range v.Len() {
			out = append(out, expect(v.Index(i), m))
		}
		return out
	case reflect.Array:
		out := []any{}
		for i := range v.Len() {
			out = append(out, expect(v.Index(i), m))
		}
		return out
	case reflect.Map:
		if t.Key().Kind() == reflect.String {
			out := map[string]any{}
			for it := v.MapRange(); it.Next(); {
				out[it.Key().String()] = expect(it.Value(), m)
			}
			return out
		}
		pairs := []any{}
		for it := v.MapRange(); it.Next(); {
			pairs = append(pairs, []any{expect(it.Key(), m), expect(it.Value(), m)})
		}
		return map[string]any{"$map": pairs}
	case reflect.Struct:
		return expectStruct(v, m)
	}
	panic("expect: unhandled kind " + t.Kind().String())
}

func isSent(f reflect.StructField) bool {
	r, _ := utf8.DecodeRuneInString(f.Name)
	if !unicode.IsUpper(r) {
		return false
	}
	t := f.Type
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.Kind() != reflect.Chan && t.Kind() != reflect.Func
}

// jsonKey is the schema's JS key: the json tag name, or the Go name when the
// tag is absent, has no name or is exactly "-" (json's rule: "-," names the
// key "-"); omitempty and omitzero make the key optional.
func jsonKey(f reflect.StructField) (string, bool) {
	tag, ok := f.Tag.Lookup("json")
	if !ok || tag == "-" {
		return f.Name, false
	}
	name, opts, _ := strings.Cut(tag, ",")
	omitEmpty := strings.Contains(","+opts+",", ",omitempty,") || strings.Contains(","+opts+",", ",omitzero,")
	if name == "" {
		name = f.Name
	}
	return name, omitEmpty
}

func expectStruct(v reflect.Value, m mode) any {
	out := map[string]any{}
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		if !isSent(f) || prunedFields[t][f.Name] {
			continue
		}
		key, omitEmpty := f.Name, false
		if m == schemaMode {
			key, omitEmpty = jsonKey(f)
		}
		fv := v.Field(i)
		if gobOmits(fv) {
			if m == schemaMode && !omitEmpty {
				out[key] = zeroExpect(f.Type)
			}
			continue
		}
		out[key] = expect(fv, m)
	}
	return out
}

// gobOmits mirrors encode.go: zero scalars, "", empty slices, nil maps,
// pointers and interfaces are left out of a struct; a pointer to a zero
// scalar too; structs and arrays never; time.Time when IsZero; a non-nil
// *time.Time or *url.URL never; a url.URL value never (marshalled by address).
// Floats compare with == 0 there (encFloat), so -0 is omitted too, unlike
// reflect's IsZero.
func gobOmits(v reflect.Value) bool {
	t := v.Type()
	if t == timeType {
		return v.IsZero()
	}
	if t == urlType {
		return false
	}
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return true
		}
		v = v.Elem()
		if isMarshaler(v.Type()) {
			return false
		}
	}
	switch v.Kind() {
	case reflect.Struct, reflect.Array:
		return false
	case reflect.Slice:
		return v.Len() == 0
	case reflect.Map, reflect.Interface:
		return v.IsNil()
	case reflect.Float32, reflect.Float64:
		return v.Float() == 0
	case reflect.Complex64, reflect.Complex128:
		return v.Complex() == 0
	}
	return v.IsZero()
}

// zeroExpect is the JS value a schema gives an absent field of type t.
func zeroExpect(t reflect.Type) any {
	switch {
	case t == timeType:
		return jsTime(time.Time{})
	case t == urlType:
		return ""
	}
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
		return nil
	case reflect.Bool:
		return false
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64:
		return 0
	case reflect.Complex64, reflect.Complex128:
		return map[string]any{"$complex": []any{0, 0}}
	case reflect.String:
		return ""
	case reflect.Array:
		out := []any{}
		for range t.Len() {
			out = append(out, zeroExpect(t.Elem()))
		}
		return out
	case reflect.Struct:
		return expectStruct(reflect.New(t).Elem(), schemaMode)
	}
	panic("zeroExpect: unhandled kind " + t.Kind().String())
}
