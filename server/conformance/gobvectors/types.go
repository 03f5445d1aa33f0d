package main

import (
	"encoding/gob"
	"encoding/json"
	"fmt"
	"net"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"

	// Importing package plugin runs its init(): the gob registrations the
	// Mattermost server and plugins share ([]*model.SlackAttachment, []any,
	// map[string]any, *model.AppError, …).
	_ "github.com/mattermost/mattermost/server/public/plugin"
)

// The Go types the vectors are made of. The TypeScript test mirrors each one
// with a hand-written schema (server/runtime/gob/vectors.test.ts); the json
// tags give the JS keys, as generated model schemas do.

type Scalars struct {
	B    bool
	I    int
	I8   int8
	I16  int16
	I32  int32
	I64  int64
	U    uint
	U8   uint8
	U16  uint16
	U32  uint32
	U64  uint64
	Uptr uintptr
	F32  float32
	F64  float64
	C64  complex64
	C128 complex128
	S    string
	Bs   []byte
	Raw  json.RawMessage // a named []byte: still gob's bytes type
}

type Floats struct {
	F64 []float64
	F32 []float32
	C   []complex128
}

type Strings struct {
	Empty   string
	ASCII   string
	Unicode string
	Long    string
	BOM     string
	List    []string
}

type Inner struct {
	A int    `json:"a"`
	B string `json:"b"`
}

type Embedded struct {
	E1 int
	E2 string
}

type Outer struct {
	Embedded
	Name       string   `json:"name"`
	In         Inner    `json:"in"`
	InPtr      *Inner   `json:"in_ptr"`
	NilPtr     *Inner   `json:"nil_ptr"`
	ZeroInPtr  *Inner   `json:"zero_in_ptr"`
	IntPtr     *int     `json:"int_ptr"`
	ZeroIntPtr *int     `json:"zero_int_ptr"`
	BoolPtr    *bool    `json:"bool_ptr"`
	StrPtrPtr  **string `json:"str_ptr_ptr"`
	Tags       []string `json:"tags,omitempty"`
	EmptyTags  []string `json:"empty_tags,omitempty"`
	NilTags    []string `json:"nil_tags"`
	Empty      struct{} `json:"empty"`
	Arr        [3]int   `json:"arr"`
	ZeroArr    [2]string
	ByteArr    [4]byte
	Grid       [2][2]int
	Ch         chan int // never sent: gob skips chan and func fields
	Fn         func()
	hidden     int //nolint:unused // unexported: never sent
}

type Node struct {
	Value    int
	Next     *Node
	Children []*Node
	Kids     []Node
	Index    map[string]*Node
}

type Slices struct {
	Ints       []int
	Strs       []string
	Nested     [][]int
	PtrInts    []*int
	Structs    []Inner
	PtrStructs []*Inner
	Bools      []bool
	Empty      []int
	Uints      []uint16
}

type Key struct {
	X, Y int
}

type Maps struct {
	StrInt    map[string]int
	IntStr    map[int]string
	StructKey map[Key]string
	StrPtr    map[string]*Inner
	StrSlice  map[string][]int
	Empty     map[string]int
	Nil       map[string]int
	BoolKey   map[bool]int
	Nested    map[string]map[string]int
	Proto     map[string]int
}

// Point is registered by value ("main.Point"), Inner by pointer ("*main.Inner").
type Point struct {
	X, Y int
}

// WireOnly is registered in Go but not in the TypeScript test: it must still
// decode, from its wire description, and re-encode as the same Go type.
type WireOnly struct {
	Secret string
	N      int
	Tags   map[string]string
}

type Ifaces struct {
	Nil      any
	Int      any
	Int8     any
	I64      any
	BigI64   any
	U        any
	U64      any
	F64      any
	F32      any
	C        any
	S        any
	B        any
	Bytes    any
	Ints     any
	Strs     any
	Map      any
	List     any
	Ptr      any
	Val      any
	Unreg    any
	Err      error
	Time     any
	ZeroInt  any
	EmptyStr any
	NilSlice any
}

// Split holds interface values whose concrete types are new to the encoder,
// so Go flushes partial messages mid-value, nested ones inside others.
type Split struct {
	Name   string
	First  any
	Second any
	Deep   any
	Last   string
}

type Times struct {
	UTC     time.Time
	Fixed   time.Time
	Neg     time.Time
	Nanos   time.Time
	Zero    time.Time
	LMT     time.Time
	Early   time.Time
	Far     time.Time
	PtrZero *time.Time
	PtrNil  *time.Time
	URL     *url.URL
	URLNil  *url.URL
	URLVal  url.URL
	List    []time.Time
}

// Level implements TextMarshaler, which gob ignores (type.go keeps that code
// commented out): it travels as the int it is.
type Level int

func (l Level) MarshalText() ([]byte, error) { return []byte(fmt.Sprintf("L%d", int(l))), nil }

func (l *Level) UnmarshalText(b []byte) error {
	n, err := strconv.Atoi(strings.TrimPrefix(string(b), "L"))
	*l = Level(n)
	return err
}

type WithText struct {
	Lvl    Level
	IP     net.IP // []byte with MarshalText: gob's bytes type
	Levels []Level
}

// registeredNames pins names gob.Register would derive from the import path,
// which differs between `go run` ("main") and `go test` (the module path).
var registeredNames = map[reflect.Type]string{reflect.TypeFor[Point](): "main.Point"}

func init() {
	gob.Register(&Inner{})
	gob.RegisterName("main.Point", Point{})
	gob.Register(&WireOnly{})
	gob.Register(time.Time{})
}
