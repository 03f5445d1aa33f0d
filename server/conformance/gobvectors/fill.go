package main

// A deterministic, seeded value filler for the model vectors: given a Go
// type, it builds a value by reflection in which every field gob can carry
// holds something gob sends (no zero field), with values chosen to reach
// the codec's edges: integers at their limits and negative where signed,
// awkward floats, non-ASCII strings, times with nanoseconds and zones,
// URLs, and interface values of every JSON-like kind and of the registered
// model types. The sparse variant fills only every third field at each
// level, so zero omission and decoding into zero values are covered too.
//
// Left zero, by design: fields gob does not send (unexported, chan, func),
// fields the generator prunes (see generatedType.pruned), pointers, slices
// and maps that would recurse into a struct type already being filled
// (cycles are cut after one level), and interface fields of a non-empty
// interface type no registered type implements (gob could not send one).

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"net/url"
	"reflect"
	"strings"
	"time"
)

var (
	timeType = reflect.TypeFor[time.Time]()
	urlType  = reflect.TypeFor[url.URL]()
)

// filler builds one value; not safe for concurrent use.
type filler struct {
	rng    *rand.Rand
	sparse bool
	// onPath counts the struct types being filled on the current path.
	onPath map[reflect.Type]int
	turn   int // rotates interface kinds and float/string choices
	// inRegistered counts the registered values being filled on the path:
	// maps of interfaces inside them get two entries, not one of each kind.
	inRegistered int
}

func newFiller(name string, sparse bool) *filler {
	h := fnv.New64a()
	h.Write([]byte(name))
	var stream uint64
	if sparse {
		stream = 1
	}
	return &filler{rng: rand.New(rand.NewPCG(h.Sum64(), stream)), sparse: sparse, onPath: map[reflect.Type]int{}}
}

// prunedFields are the fields the generated schemas leave out, by struct type.
var prunedFields = func() map[reflect.Type]map[string]bool {
	out := map[reflect.Type]map[string]bool{}
	for _, g := range generatedTypes {
		for _, f := range g.pruned {
			if out[g.typ] == nil {
				out[g.typ] = map[string]bool{}
			}
			out[g.typ][f] = true
		}
	}
	return out
}()

// sentFields are the indexes of the struct fields gob sends and the schemas keep.
func sentFields(t reflect.Type) []int {
	var out []int
	for i := range t.NumField() {
		f := t.Field(i)
		if isSent(f) && !prunedFields[t][f.Name] {
			out = append(out, i)
		}
	}
	return out
}

// newValue returns a pointer to a filled value of t.
func (f *filler) newValue(t reflect.Type) reflect.Value {
	p := reflect.New(t)
	f.fill(p.Elem(), "")
	return p
}

// fill sets v (settable, zero) to a non-zero value of its type.
func (f *filler) fill(v reflect.Value, label string) {
	t := v.Type()
	switch t {
	case timeType:
		v.Set(reflect.ValueOf(f.time()))
		return
	case urlType:
		v.Set(reflect.ValueOf(*f.url()))
		return
	}
	f.turn++
	switch t.Kind() {
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(f.int(t.Bits()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		v.SetUint(f.uint(t.Bits()))
	case reflect.Float32:
		v.SetFloat(float64(float32Choices[f.turn%len(float32Choices)]))
	case reflect.Float64:
		v.SetFloat(float64Choices[f.turn%len(float64Choices)])
	case reflect.Complex64, reflect.Complex128:
		v.SetComplex(complex(float64(float32Choices[f.turn%len(float32Choices)]), -1.5))
	case reflect.String:
		v.SetString(f.string(label))
	case reflect.Pointer:
		if f.recurses(t.Elem()) {
			return
		}
		p := reflect.New(t.Elem())
		f.fill(p.Elem(), label)
		v.Set(p)
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			v.Set(reflect.ValueOf([]byte{0, 255, byte(f.rng.IntN(256))}).Convert(t))
			return
		}
		if f.recurses(t.Elem()) {
			return
		}
		s := reflect.MakeSlice(t, 2, 2)
		for i := range 2 {
			f.fill(s.Index(i), label)
		}
		v.Set(s)
	case reflect.Array:
		for i := range v.Len() {
			f.fill(v.Index(i), label)
		}
	case reflect.Map:
		if f.recurses(t.Key()) || f.recurses(t.Elem()) {
			return
		}
		f.fillMap(v, label)
	case reflect.Interface:
		if x := f.ifaceValue(t, label); x.IsValid() {
			v.Set(x)
		}
	case reflect.Struct:
		f.fillStruct(v)
	default:
		panic("fill: unexpected kind " + t.Kind().String() + " in " + t.String())
	}
}

func (f *filler) fillStruct(v reflect.Value) {
	t := v.Type()
	f.onPath[t]++
	defer func() { f.onPath[t]-- }()
	for n, i := range sentFields(t) {
		if f.sparse && n%3 != 1 {
			continue
		}
		f.fill(v.Field(i), t.Field(i).Name)
	}
}

// mapKeys are the string keys maps get, in turn.
var mapKeys = []string{"alpha", "__proto__", "with space", "ключ", "", "constructor", "🔑", "z"}

// fillMap gives a map two entries, or, for a map of interfaces (Post.Props
// and its kin) outside registered values, nil, one entry per JSON-like kind
// and one per registered type that fits.
func (f *filler) fillMap(v reflect.Value, label string) {
	t := v.Type()
	m := reflect.MakeMap(t)
	if t.Elem().Kind() == reflect.Interface && t.Key().Kind() == reflect.String && f.inRegistered == 0 {
		for i, x := range f.everyIfaceValue(t.Elem(), label) {
			k := reflect.New(t.Key()).Elem()
			k.SetString(fmt.Sprintf("%s#%d", mapKeys[(f.turn+i)%len(mapKeys)], i))
			m.SetMapIndex(k, x)
		}
		v.Set(m)
		return
	}
	for i := 0; m.Len() < 2 && i < 8; i++ {
		k := reflect.New(t.Key()).Elem()
		switch t.Key().Kind() {
		case reflect.String:
			k.SetString(mapKeys[(f.turn+i)%len(mapKeys)])
		case reflect.Bool:
			k.SetBool(m.Len() == 0)
		default:
			f.fill(k, label)
		}
		e := reflect.New(t.Elem()).Elem()
		f.fill(e, label)
		m.SetMapIndex(k, e)
	}
	v.Set(m)
}

// everyIfaceValue is one value of each JSON-like kind (for an empty
// interface) and one of each registered type implementing t, plus nil.
func (f *filler) everyIfaceValue(t reflect.Type, label string) []reflect.Value {
	out := []reflect.Value{reflect.Zero(t)}
	if t.NumMethod() == 0 {
		for i, kind := range ifaceKinds {
			if kind != "registered" {
				out = append(out, f.ifaceKind(t, i, label))
			}
		}
	}
	for _, rt := range f.registeredFits(t) {
		if x := f.registeredOf(rt, t); x.IsValid() {
			out = append(out, x)
		}
	}
	return out
}

// recurses says whether filling t would fill a struct type already on the path.
func (f *filler) recurses(t reflect.Type) bool {
	for {
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array:
			t = t.Elem()
			continue
		case reflect.Map:
			if f.recurses(t.Key()) {
				return true
			}
			t = t.Elem()
			continue
		case reflect.Struct:
			return f.onPath[t] > 0
		}
		return false
	}
}

// The int and uint choices: the limits of the type, and small negative values.
func (f *filler) int(bits int) int64 {
	k := f.rng.Int64N(3)
	maxV := int64(math.MaxInt64 >> (64 - bits))
	switch f.rng.IntN(3) {
	case 0:
		return maxV - k
	case 1:
		return -maxV - 1 + k
	}
	return -1 - k
}

func (f *filler) uint(bits int) uint64 {
	k := f.rng.Uint64N(3)
	if f.rng.IntN(3) == 0 {
		return 1 + k
	}
	return math.MaxUint64>>(64-bits) - k
}

var float64Choices = []float64{
	-math.MaxFloat64, 0.1, -2.5, math.SmallestNonzeroFloat64, math.Inf(1), 1e21, math.NaN(),
	math.Copysign(0, -1), // gob omits -0 from a struct: it compares equal to 0
	17, -1e-300,
}

var float32Choices = []float32{-math.MaxFloat32, 0.1, -2.5, math.SmallestNonzeroFloat32, float32(math.Inf(-1)), 3}

// stringChoices are suffixes that reach the UTF-8 and escaping paths.
var stringChoices = []string{"", " é", " 世界", " 🌍", " \"quoted\"", "\nline", " \u2028", " \x00nul"}

func (f *filler) string(label string) string {
	if label == "" {
		label = "s"
	}
	s := label + stringChoices[f.turn%len(stringChoices)]
	if f.turn%13 == 0 {
		s += strings.Repeat("0123456789", 20) // past one-byte lengths
	}
	return s
}

var zoneChoices = []*time.Location{
	time.FixedZone("JST", 9*3600),
	time.UTC,
	time.FixedZone("", -(5*3600 + 30*60)),
	time.FixedZone("LMT", 9*3600+18*60+59), // seconds in the offset: time's binary version 2
}

func (f *filler) time() time.Time {
	f.turn++
	year := 1900 + f.rng.IntN(300)
	return time.Date(year, time.Month(1+f.rng.IntN(12)), 1+f.rng.IntN(28), f.rng.IntN(24), f.rng.IntN(60), f.rng.IntN(60),
		1+f.rng.IntN(999_999_999), zoneChoices[f.turn%len(zoneChoices)])
}

var urlChoices = []string{
	"https://user:p%40ss@example.com:8065/a%20b/c?q=1&r=%C3%A9#frag",
	"http://example.com/x?y=z",
	"mailto:someone@example.com",
	"/relative/path?only",
}

func (f *filler) url() *url.URL {
	f.turn++
	u, err := url.Parse(urlChoices[f.turn%len(urlChoices)])
	if err != nil {
		panic(err)
	}
	return u
}

// ifaceKinds are what interface values hold, in turn: the JSON-like kinds
// the codec maps to plain JS values, an int64 beyond 2^53, and a
// registered model type.
var ifaceKinds = []string{"string", "float64", "bool", "[]interface {}", "map[string]interface {}", "int64", "registered"}

func (f *filler) ifaceValue(t reflect.Type, label string) reflect.Value {
	f.turn++
	return f.ifaceKind(t, f.turn, label)
}

// ifaceKind returns a value for an interface of type t; invalid when no
// registered type implements a non-empty interface (the field stays nil).
func (f *filler) ifaceKind(t reflect.Type, turn int, label string) reflect.Value {
	if t.NumMethod() > 0 || ifaceKinds[turn%len(ifaceKinds)] == "registered" {
		return f.registeredValue(t, turn)
	}
	var x any
	switch ifaceKinds[turn%len(ifaceKinds)] {
	case "string":
		x = f.string(label)
	case "float64":
		x = float64Choices[turn%len(float64Choices)]
	case "bool":
		x = true
	case "[]interface {}":
		x = []any{f.string(label), 2.5, false, nil, map[string]any{"k": []any{}}, int64(math.MinInt64)}
	case "map[string]interface {}":
		x = map[string]any{"n": 1e21, "nil": nil, "list": []any{"x", true}, "obj": map[string]any{"deep": "v"}}
	case "int64":
		x = int64(1<<53 + 1)
	}
	return reflect.ValueOf(x).Convert(t)
}

var jsonLike = map[reflect.Type]bool{reflect.TypeFor[[]any](): true, reflect.TypeFor[map[string]any](): true}

// registeredFits are the registered types that implement t and whose
// values would not recurse into a struct being filled.
func (f *filler) registeredFits(t reflect.Type) []reflect.Type {
	var fits []reflect.Type
	for _, r := range registeredTypes {
		if jsonLike[r.typ] {
			continue // filled as an ifaceKinds value, with fixed contents
		}
		if r.typ.Implements(t) && !f.recurses(r.typ) {
			fits = append(fits, r.typ)
		}
	}
	return fits
}

// registeredValue fills one of the registered types that fit t, chosen by turn.
func (f *filler) registeredValue(t reflect.Type, turn int) reflect.Value {
	fits := f.registeredFits(t)
	if len(fits) == 0 {
		if t.NumMethod() == 0 {
			return reflect.ValueOf("no registered type fits").Convert(t)
		}
		return reflect.Value{}
	}
	return f.registeredOf(fits[turn%len(fits)], t)
}

func (f *filler) registeredOf(rt, t reflect.Type) reflect.Value {
	x := reflect.New(rt).Elem()
	f.inRegistered++
	f.fill(x, "")
	f.inRegistered--
	if x.IsZero() {
		return reflect.Value{}
	}
	return x.Convert(t)
}
