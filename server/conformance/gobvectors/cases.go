package main

import (
	"math"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
)

// value is one Encode call: the Go value and the name of the TypeScript
// schema that mirrors its type.
type value struct {
	schema string
	v      any
}

// vcase is one stream: every value encoded with one gob.Encoder, in order.
type vcase struct {
	name   string
	values []value
	// partial: the TS schemas list only some of the Go fields (model types).
	partial bool
}

func ptr[T any](v T) *T { return &v }

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

func cases() []vcase {
	return []vcase{
		{name: "scalars_max", values: []value{{"Scalars", &Scalars{
			B: true, I: math.MaxInt64, I8: math.MaxInt8, I16: math.MaxInt16, I32: math.MaxInt32, I64: math.MaxInt64,
			U: math.MaxUint64, U8: math.MaxUint8, U16: math.MaxUint16, U32: math.MaxUint32, U64: math.MaxUint64, Uptr: math.MaxUint64,
			F32: math.MaxFloat32, F64: math.MaxFloat64, C64: complex(math.MaxFloat32, -math.MaxFloat32), C128: complex(math.MaxFloat64, math.SmallestNonzeroFloat64),
			S: "max", Bs: []byte{0, 255, 128}, Raw: []byte(`{"a":1}`),
		}}}},
		{name: "scalars_min", values: []value{{"Scalars", &Scalars{
			I: math.MinInt64, I8: math.MinInt8, I16: math.MinInt16, I32: math.MinInt32, I64: math.MinInt64,
			U: 1, U8: 1, U16: 1, U32: 1, U64: 1, Uptr: 1,
			F32: -math.SmallestNonzeroFloat32, F64: -math.SmallestNonzeroFloat64, C64: complex(-1, 0), C128: complex(0, -1),
			S: "\x00", Bs: []byte{0}, Raw: []byte("null"),
		}}}},
		{name: "scalars_zero", values: []value{{"Scalars", &Scalars{}}}},
		{name: "scalars_boundaries", values: []value{{"Scalars", &Scalars{
			// Around the one-byte uint limit, the ±2^53 number/bigint switch and the byte-count steps.
			I: 1 << 53, I8: -1, I16: 128, I32: -129, I64: -(1 << 53),
			U: 1<<53 - 1, U8: 128, U16: 256, U32: 1 << 24, U64: 1<<56 + 1, Uptr: 127,
			F32: 0.1, F64: 17, C64: complex(1.5, -2.5), C128: complex(math.Inf(1), math.NaN()),
			S: strings.Repeat("x", 127), Bs: make([]byte, 128),
		}}}},
		{name: "floats", values: []value{{"Floats", &Floats{
			F64: []float64{math.NaN(), math.Inf(1), math.Inf(-1), math.Copysign(0, -1), 0, math.SmallestNonzeroFloat64, math.MaxFloat64, 17, 0.1, -1e-300, 2},
			F32: []float32{float32(math.NaN()), float32(math.Inf(-1)), float32(math.Copysign(0, -1)), math.SmallestNonzeroFloat32, math.MaxFloat32, 0.1, 3},
			C:   []complex128{complex(math.NaN(), math.Inf(-1)), complex(math.Copysign(0, -1), 1), 0},
		}}}},
		{name: "singletons", values: []value{
			{"int", 7}, {"int", -65}, {"int", 0}, {"int64", int64(math.MinInt64)},
			{"uint", uint(256)}, {"uint64", uint64(math.MaxUint64)}, {"uint8", uint8(0)},
			{"bool", true}, {"bool", false},
			{"float64", 17.0}, {"float64", math.Copysign(0, -1)}, {"float32", float32(-2.5)},
			{"complex128", complex(1, 2)},
			{"string", "héllo"}, {"string", ""},
			{"bytes", []byte{1, 2, 3}}, {"bytes", []byte{}},
			{"[]string", []string{"a", "", "c"}},
			{"map[string]int", map[string]int{"one": 1, "minus": -1}},
			{"[2]bool", [2]bool{true, false}},
			{"*int", ptr(5)},
			{"time.Time", time.Date(2001, 2, 3, 4, 5, 6, 7, time.UTC)},
			{"*url.URL", mustURL("http://example.com/x?y=z")},
		}},
		{name: "strings", values: []value{{"Strings", &Strings{
			ASCII:   "plain ascii",
			Unicode: "héllo, 世界, 🌍, \u00a0, \u2028",
			Long:    strings.Repeat("0123456789", 30),
			BOM:     "\ufeffbom",
			List:    []string{"", "\x00", "🌍", "a\nb", `"quoted"`},
		}}}},
		{name: "structs", values: []value{{"Outer", &Outer{
			Embedded:   Embedded{E1: 1, E2: "embedded"},
			Name:       "outer",
			In:         Inner{A: 2, B: "in"},
			InPtr:      &Inner{A: 3, B: "ptr"},
			ZeroInPtr:  &Inner{},
			IntPtr:     ptr(42),
			ZeroIntPtr: ptr(0),
			BoolPtr:    ptr(false),
			StrPtrPtr:  ptr(ptr("deep")),
			Tags:       []string{"x", "y"},
			EmptyTags:  []string{},
			Arr:        [3]int{1, 0, -1},
			ByteArr:    [4]byte{1, 2, 3, 4},
			Grid:       [2][2]int{{1, 2}, {3, 4}},
			Ch:         nil,
		}}}},
		{name: "structs_zero", values: []value{{"Outer", &Outer{}}}},
		{name: "recursive", values: []value{{"Node", &Node{
			Value: 1,
			Next:  &Node{Value: 2, Next: &Node{Value: 3}},
			Children: []*Node{
				{Value: 4, Children: []*Node{{Value: 5}}},
				{Value: 0},
			},
			Kids:  []Node{{Value: 6, Kids: []Node{{Value: 7}}}},
			Index: map[string]*Node{"x": {Value: 8, Index: map[string]*Node{"y": {Value: 9}}}},
		}}}},
		{name: "slices", values: []value{{"Slices", &Slices{
			Ints:       []int{0, 1, -1, 1 << 40},
			Strs:       []string{"", "a", ""},
			Nested:     [][]int{{1, 2}, {}, nil, {3}},
			PtrInts:    []*int{ptr(0), ptr(5)},
			Structs:    []Inner{{}, {A: 1, B: "b"}},
			PtrStructs: []*Inner{{A: 2}, {}},
			Bools:      []bool{false, true, false},
			Empty:      []int{},
			Uints:      []uint16{0, 65535},
		}}}},
		{name: "maps", values: []value{{"Maps", &Maps{
			StrInt:    map[string]int{"a": 1, "b": 0, "": -1},
			IntStr:    map[int]string{1: "one", -2: "minus two", 0: ""},
			StructKey: map[Key]string{{1, 2}: "a", {0, 0}: "zero"},
			StrPtr:    map[string]*Inner{"p": {A: 1}, "z": {}},
			StrSlice:  map[string][]int{"s": {1, 2}, "e": {}},
			Empty:     map[string]int{},
			BoolKey:   map[bool]int{true: 1, false: 0},
			Nested:    map[string]map[string]int{"o": {"i": 1}, "e": {}},
			Proto:     map[string]int{"__proto__": 1, "constructor": 2, "toString": 3},
		}}}},
		{name: "interfaces", values: []value{{"Ifaces", &Ifaces{
			Int:      42,
			Int8:     int8(-5),
			I64:      int64(7),
			BigI64:   int64(math.MaxInt64),
			U:        uint(3),
			U64:      uint64(math.MaxUint64),
			F64:      1.5,
			F32:      float32(0.25),
			C:        complex(1, -2),
			S:        "s",
			B:        true,
			Bytes:    []byte{1, 2},
			Ints:     []int{1, 2},
			Strs:     []string{"a"},
			Map:      map[string]any{"k": "v", "n": 1.0, "nil": nil},
			List:     []any{"a", 2.0, nil, true, []any{}},
			Ptr:      &Inner{A: 1, B: "x"},
			Val:      Point{X: 1, Y: 2},
			Unreg:    &WireOnly{Secret: "s", N: 3, Tags: map[string]string{"k": "v"}},
			Err:      &model.AppError{Id: "app.err", Message: "failed", DetailedError: "details", StatusCode: 418, Where: "Test"},
			Time:     time.Date(2020, 1, 2, 3, 4, 5, 6, time.FixedZone("X", 3600)),
			ZeroInt:  0,
			EmptyStr: "",
			NilSlice: []string(nil),
		}}}},
		{name: "split_messages", values: []value{{"Split", &Split{
			Name:   "split",
			First:  &Inner{A: 1, B: "first"},
			Second: []any{map[string]any{"p": Point{X: 3, Y: 4}, "w": &WireOnly{N: 1}}, "after"},
			Deep:   []any{[]any{[]any{Point{X: 5}, &Inner{B: "deep"}}}},
			Last:   "end",
		}}}},
		{name: "times", values: []value{{"Times", &Times{
			UTC:     time.Date(2024, 3, 1, 12, 30, 45, 0, time.UTC),
			Fixed:   time.Date(2024, 3, 1, 21, 30, 45, 0, time.FixedZone("JST", 9*3600)),
			Neg:     time.Date(1969, 7, 20, 20, 17, 40, 0, time.FixedZone("", -(5*3600+30*60))),
			Nanos:   time.Date(2024, 3, 1, 12, 30, 45, 123456789, time.UTC),
			LMT:     time.Date(1880, 1, 1, 0, 0, 0, 0, time.FixedZone("LMT", 9*3600+18*60+59)),
			Early:   time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC),
			Far:     time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC),
			PtrZero: &time.Time{},
			URL:     mustURL("https://user:p%40ss@example.com:8065/a%20b/c?q=1&r=%C3%A9#frag"),
			URLVal:  *mustURL("mailto:someone@example.com"),
			List:    []time.Time{{}, time.Unix(0, 0).UTC()},
		}}}},
		{name: "text_marshaler", values: []value{{"WithText", &WithText{
			Lvl:    3,
			IP:     net.ParseIP("192.0.2.1"),
			Levels: []Level{0, 7},
		}}}},
		{name: "stream", values: []value{
			{"Inner", &Inner{A: 1, B: "a"}},
			{"Inner", &Inner{A: 2, B: "b"}},
			{"int", 42},
			{"Outer", &Outer{Name: "o", In: Inner{A: 9}}},
			{"Inner", &Inner{A: 3}},
			{"Split", &Split{First: Point{X: 1}, Second: &Inner{A: 4}}},
			{"Split", &Split{First: Point{X: 2}, Second: &Inner{A: 5}}},
			{"string", "last"},
		}},
		{name: "post", partial: true, values: []value{{"Post", samplePost()}}},
		{name: "post_into", partial: true, values: []value{{"Post", intoBase()}, {"Post", intoUpdate()}}},
	}
}

func samplePost() *model.Post {
	remote := "remote-1"
	following := true
	return &model.Post{
		Id:            "p1yo7hb7ifrwdmwn9ykn1x1cxe",
		CreateAt:      1700000000123,
		UpdateAt:      1700000000456,
		IsPinned:      true,
		UserId:        "u1yo7hb7ifrwdmwn9ykn1x1cxe",
		ChannelId:     "c1yo7hb7ifrwdmwn9ykn1x1cxe",
		Message:       "hello hoge 🌍",
		MessageSource: "hello hoge :earth:",
		Hashtags:      "#hoge",
		Props: model.StringInterface{
			"from_webhook": "true",
			"count":        3.0,
			"ratio":        -0.5,
			"flag":         true,
			"nothing":      nil,
			"list":         []any{"a", 1.0, false, nil, map[string]any{"k": "v"}},
			"obj":          map[string]any{"nested": map[string]any{"deep": []any{}}, "n": 1e21},
			"attachments": []*model.MessageAttachment{{
				Fallback: "fallback",
				Color:    "#ff0000",
				Title:    "Title",
				Text:     "body",
				Fields: []*model.MessageAttachmentField{
					{Title: "field", Value: "value", Short: true},
					{Title: "num", Value: 2.0},
				},
				Timestamp: int64(1700000000),
			}},
		},
		Filenames:     []string{"legacy.txt"},
		FileIds:       []string{"f1", "f2"},
		PendingPostId: "pending",
		HasReactions:  true,
		RemoteId:      &remote,
		ReplyCount:    2,
		LastReplyAt:   1700000000999,
		Participants: []*model.User{{
			Id:       "u1yo7hb7ifrwdmwn9ykn1x1cxe",
			Username: "alice",
			CreateAt: 1600000000000,
			Timezone: model.StringMap{"automaticTimezone": "Asia/Tokyo", "useAutomaticTimezone": "true"},
		}},
		IsFollowing: &following,
	}
}

// intoBase and intoUpdate: the host decodes a plugin's MessageWillBePosted
// reply into the original post; the update's absent fields keep the base's.
func intoBase() *model.Post {
	return &model.Post{
		Id:       "base",
		Message:  "old message",
		Type:     "custom_old",
		Hashtags: "#keep",
		IsPinned: true,
		EditAt:   1,
		Props:    model.StringInterface{"keep": "yes", "over": "old"},
		FileIds:  []string{"old1", "old2", "old3"},
	}
}

func intoUpdate() *model.Post {
	return &model.Post{
		Message: "new message",
		EditAt:  5,
		Props:   model.StringInterface{"over": "new", "added": 1.0},
		FileIds: []string{"n1"},
	}
}
