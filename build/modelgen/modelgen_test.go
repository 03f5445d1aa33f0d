package main

import (
	"bytes"
	"encoding"
	"encoding/gob"
	"fmt"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/lib/pq"
	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
)

var (
	modelOnce sync.Once
	testModel *spec
	modelErr  error
)

// loadModel builds the generator's model once for all tests.
func loadModel(t *testing.T) *spec {
	t.Helper()
	modelOnce.Do(func() {
		root, err := moduleRoot()
		if err != nil {
			modelErr = err
			return
		}
		l, err := loadPlugin(root)
		if err != nil {
			modelErr = err
			return
		}
		testModel, modelErr = buildModel(l)
	})
	if modelErr != nil {
		t.Fatalf("building the model: %v", modelErr)
	}
	return testModel
}

func TestCamelCase(t *testing.T) {
	for in, want := range map[string]string{
		"CreatePost":        "createPost",
		"KVSet":             "kvSet",
		"KVCompareAndSet":   "kvCompareAndSet",
		"GetUserByUsername": "getUserByUsername",
		"LogDebug":          "logDebug",
		"ServeHTTP":         "serveHTTP",
		"OnSAMLLogin":       "onSAMLLogin",
		"ID":                "id",
		"A":                 "a",
		"already":           "already",
	} {
		if got := camelCase(in); got != want {
			t.Errorf("camelCase(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTSIdent(t *testing.T) {
	for _, c := range []struct {
		in   string
		i    int
		want string
	}{{"post", 0, "post"}, {"new", 1, "new_"}, {"", 2, "arg2"}, {"_", 3, "arg3"}, {"default", 0, "default_"}} {
		if got := tsIdent(c.in, c.i); got != c.want {
			t.Errorf("tsIdent(%q, %d) = %q, want %q", c.in, c.i, got, c.want)
		}
	}
}

func TestJSONKey(t *testing.T) {
	for _, c := range []struct {
		tag, name, key string
		omit           bool
	}{
		{`json:"id"`, "Id", "id", false},
		{`json:"message_source,omitempty"`, "MessageSource", "message_source", true},
		{`json:"-"`, "Filenames", "Filenames", false},
		{`json:"-,"`, "Dash", "-", false},
		{`json:",omitempty"`, "Extra", "Extra", true},
		{``, "SessionId", "SessionId", false},
		{`db:"x"`, "Other", "Other", false},
	} {
		key, omit := jsonKey(c.tag, c.name)
		if key != c.key || omit != c.omit {
			t.Errorf("jsonKey(%q, %q) = %q, %v; want %q, %v", c.tag, c.name, key, omit, c.key, c.omit)
		}
	}
}

// fakeZ declares a struct named name in a package with the plugin's path.
func fakeZ(name string, fields ...*types.Var) types.Type {
	pkg := types.NewPackage(pluginPkgPath, "plugin")
	return types.NewNamed(types.NewTypeName(token.NoPos, pkg, name, nil), types.NewStruct(fields, nil), nil)
}

func TestCheckZ(t *testing.T) {
	str := types.Typ[types.String]
	param := func(name string, t types.Type) *types.Var { return types.NewParam(token.NoPos, nil, name, t) }
	field := func(name string, t types.Type) *types.Var { return types.NewField(token.NoPos, nil, name, t, false) }
	sig := []*types.Var{param("teamID", str), param("keys", types.NewSlice(str))}

	good := fakeZ("Z_FooArgs", field("A", str), field("B", types.NewSlice(str)))
	f := &facts{generatedZ: map[string]types.Type{"Z_FooArgs": good}}
	if err := checkZ(f, "Z_FooArgs", types.NewPointer(good), sig); err != nil {
		t.Fatalf("matching Z_ struct rejected: %v", err)
	}
	for name, bad := range map[string]types.Type{
		"wrong letter":   fakeZ("Z_FooArgs", field("A", str), field("C", types.NewSlice(str))),
		"wrong type":     fakeZ("Z_FooArgs", field("A", str), field("B", str)),
		"missing field":  fakeZ("Z_FooArgs", field("A", str)),
		"wrong name":     fakeZ("Z_BarArgs", field("A", str), field("B", types.NewSlice(str))),
		"an extra field": fakeZ("Z_FooArgs", field("A", str), field("B", types.NewSlice(str)), field("C", str)),
	} {
		f := &facts{generatedZ: map[string]types.Type{"Z_FooArgs": bad, "Z_BarArgs": bad}}
		if err := checkZ(f, "Z_FooArgs", types.NewPointer(bad), sig); err == nil {
			t.Errorf("checkZ accepted a Z_ struct with %s", name)
		}
	}
}

func TestCheckNoOrphanZ(t *testing.T) {
	f := &facts{generatedZ: map[string]types.Type{"Z_FooArgs": nil, "Z_FooReturns": nil}}
	if err := checkNoOrphanZ(f, map[string]bool{"Z_FooArgs": true, "Z_FooReturns": true}); err != nil {
		t.Errorf("all used: %v", err)
	}
	err := checkNoOrphanZ(f, map[string]bool{"Z_FooArgs": true})
	if err == nil || !strings.Contains(err.Error(), "Z_FooReturns") {
		t.Errorf("an unused Z_ type was not named: %v", err)
	}
}

// The real run passes the cross-check, and its method sets are plugin.Hooks and plugin.API.
func TestMethodTablesMatchInterfaces(t *testing.T) {
	m := loadModel(t)
	hooksType, apiType := reflect.TypeFor[plugin.Hooks](), reflect.TypeFor[plugin.API]()
	if len(m.hooks) != hooksType.NumMethod() {
		t.Errorf("%d hooks, plugin.Hooks has %d methods", len(m.hooks), hooksType.NumMethod())
	}
	interfaceMethods := 0
	for _, d := range m.api {
		if !d.rpcOnly {
			interfaceMethods++
			if _, ok := apiType.MethodByName(d.goName); !ok {
				t.Errorf("API table has %s, plugin.API does not", d.goName)
			}
		}
	}
	if interfaceMethods != apiType.NumMethod() {
		t.Errorf("%d API methods, plugin.API has %d", interfaceMethods, apiType.NumMethod())
	}
	if m.totalHooks != plugin.TotalHooksID {
		t.Errorf("totalHooks = %d, plugin.TotalHooksID = %d", m.totalHooks, plugin.TotalHooksID)
	}
	ids := map[string]int{}
	for _, d := range m.hooks {
		ids[d.goName] = d.id
	}
	for name, want := range map[string]int{
		"OnActivate": plugin.OnActivateID, "ServeHTTP": plugin.ServeHTTPID, "ExecuteCommand": plugin.ExecuteCommandID,
		"MessageWillBePosted": plugin.MessageWillBePostedID, "ServeMetrics": plugin.ServeMetricsID,
		"MessagesWillBeConsumedWithContext": plugin.MessagesWillBeConsumedWithContextID, "Implemented": -1,
	} {
		if ids[name] != want {
			t.Errorf("hook %s has id %d, want %d", name, ids[name], want)
		}
	}
}

func methodByName(t *testing.T, list []*methodDef, name string) *methodDef {
	t.Helper()
	for _, d := range list {
		if d.goName == name {
			return d
		}
	}
	t.Fatalf("no method %s", name)
	return nil
}

func TestHandWrittenMethods(t *testing.T) {
	m := loadModel(t)
	for _, c := range []struct {
		list               []*methodDef
		name               string
		handWritten, plain bool
		notImplemented     string
		seeds              map[string]string
	}{
		{m.hooks, "OnActivate", true, false, "", nil},
		{m.hooks, "ServeHTTP", true, false, "", nil},
		{m.hooks, "MessageWillBePosted", true, true, "hook MessageWillBePosted called but not implemented", map[string]string{"A": "B"}},
		{m.hooks, "MessageWillBeUpdated", true, true, "hook MessageWillBeUpdated called but not implemented", nil},
		{m.hooks, "FileWillBeUploaded", true, false, "hook FileWillBeUploaded called but not implemented", map[string]string{"A": "B"}},
		{m.hooks, "ExecuteCommand", false, true, "Hook ExecuteCommand called but not implemented.", nil},
		{m.api, "CreatePost", false, true, "API CreatePost called but not implemented.", nil},
		{m.api, "LogDebug", true, true, "API LogDebug called but not implemented", nil},
		{m.api, "LoadPluginConfiguration", true, false, "", nil},
		{m.api, "InstallPlugin", true, false, "API InstallPlugin called but not implemented", nil},
		{m.api, "PluginHTTPStream", true, false, "API PluginHTTP called but not implemented", nil},
	} {
		d := methodByName(t, c.list, c.name)
		if d.handWritten != c.handWritten || d.plain != c.plain || d.notImplemented != c.notImplemented ||
			!reflect.DeepEqual(d.replySeeds, c.seeds) && len(c.seeds)+len(d.replySeeds) > 0 {
			t.Errorf("%s: handWritten=%v plain=%v notImplemented=%q seeds=%v; want %v %v %q %v",
				c.name, d.handWritten, d.plain, d.notImplemented, d.replySeeds, c.handWritten, c.plain, c.notImplemented, c.seeds)
		}
	}
	kv := methodByName(t, m.api, "KVSet")
	if kv.tsName != "kvSet" || len(kv.params) != 2 || kv.params[0].field != "A" || kv.params[1].field != "B" || kv.errorKind != "appError" {
		t.Errorf("KVSet: %+v", kv)
	}
	logDebug := methodByName(t, m.api, "LogDebug")
	if !logDebug.variadic || logDebug.params[1].goName != "keyValuePairs" {
		t.Errorf("LogDebug: variadic=%v params=%+v", logDebug.variadic, logDebug.params)
	}
}

// ---- reflection cross-check: gob's rules applied to the real types ----

var (
	rGobEncoder   = reflect.TypeFor[gob.GobEncoder]()
	rBinaryMarsh  = reflect.TypeFor[encoding.BinaryMarshaler]()
	rIntKindBits  = map[reflect.Kind]int{reflect.Int: 64, reflect.Int8: 8, reflect.Int16: 16, reflect.Int32: 32, reflect.Int64: 64}
	rUintKindBits = map[reflect.Kind]int{reflect.Uint: 64, reflect.Uint8: 8, reflect.Uint16: 16, reflect.Uint32: 32, reflect.Uint64: 64, reflect.Uintptr: 64}
)

// rImplements is encoding/gob's implementsInterface, on reflect types.
func rImplements(t, iface reflect.Type) bool {
	for rt := t; ; rt = rt.Elem() {
		if rt.Implements(iface) {
			return true
		}
		if rt.Kind() != reflect.Pointer {
			break
		}
	}
	return t.Kind() != reflect.Pointer && reflect.PointerTo(t).Implements(iface)
}

// reflectWire describes what gob sends for t, in the notation of describeWire.
func reflectWire(t reflect.Type, structs map[string]reflect.Type) string {
	if t.Kind() != reflect.Interface {
		if t.Kind() == reflect.Pointer && (rImplements(t.Elem(), rGobEncoder) || rImplements(t.Elem(), rBinaryMarsh)) {
			return "ptr(" + reflectWire(t.Elem(), structs) + ")"
		}
		if rImplements(t, rGobEncoder) {
			return "marshaler(GobEncoder " + t.String() + ")"
		}
		if rImplements(t, rBinaryMarsh) {
			return "marshaler(BinaryMarshaler " + t.String() + ")"
		}
	}
	switch k := t.Kind(); k {
	case reflect.Bool:
		return "bool"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return fmt.Sprintf("int%d", rIntKindBits[k])
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return fmt.Sprintf("uint%d", rUintKindBits[k])
	case reflect.Float32, reflect.Float64:
		return fmt.Sprintf("float%d", t.Bits())
	case reflect.Complex64, reflect.Complex128:
		return fmt.Sprintf("complex%d", t.Bits())
	case reflect.String:
		return "string"
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return "bytes"
		}
		return "slice(" + reflectWire(t.Elem(), structs) + ")"
	case reflect.Array:
		return fmt.Sprintf("array(%d, %s)", t.Len(), reflectWire(t.Elem(), structs))
	case reflect.Map:
		return "map(" + reflectWire(t.Key(), structs) + ", " + reflectWire(t.Elem(), structs) + ")"
	case reflect.Pointer:
		return "ptr(" + reflectWire(t.Elem(), structs) + ")"
	case reflect.Interface:
		return "iface"
	case reflect.Struct:
		id := t.PkgPath() + "." + t.Name()
		if t.Name() == "" {
			id = t.String()
		}
		if _, seen := structs[id]; !seen {
			structs[id] = t
			for i := 0; i < t.NumField(); i++ {
				f := t.Field(i)
				if rIsSent(f) && prunedFields[id+"."+f.Name] == "" {
					reflectWire(f.Type, structs)
				}
			}
		}
		return "struct(" + id + ")"
	}
	return "unsupported(" + t.String() + ")"
}

// rIsSent is encoding/gob's isSent.
func rIsSent(f reflect.StructField) bool {
	if !unicode.IsUpper([]rune(f.Name)[0]) {
		return false
	}
	t := f.Type
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.Kind() != reflect.Chan && t.Kind() != reflect.Func
}

func describeWire(w *wireType) string {
	switch w.kind {
	case kBool:
		return "bool"
	case kInt:
		return fmt.Sprintf("int%d", w.bits)
	case kUint:
		return fmt.Sprintf("uint%d", w.bits)
	case kFloat:
		return fmt.Sprintf("float%d", w.bits)
	case kComplex:
		return fmt.Sprintf("complex%d", w.bits)
	case kString:
		return "string"
	case kBytes:
		return "bytes"
	case kSlice:
		return "slice(" + describeWire(w.elem) + ")"
	case kArray:
		return fmt.Sprintf("array(%d, %s)", w.length, describeWire(w.elem))
	case kMap:
		return "map(" + describeWire(w.key) + ", " + describeWire(w.elem) + ")"
	case kPtr:
		return "ptr(" + describeWire(w.elem) + ")"
	case kIface:
		return "iface"
	case kStruct:
		if w.strct.goName == "" {
			return "struct(" + w.strct.reflectName + ")"
		}
		return "struct(" + w.strct.pkgPath + "." + w.strct.goName + ")"
	case kMarshaler:
		return "marshaler(" + w.marsh.method + " " + w.marsh.reflectName + ")"
	}
	return "?"
}

// registeredValues are the types client_rpc.go's init() registers with gob,
// read from that file.
var registeredValues = []reflect.Type{
	reflect.TypeFor[[]*model.MessageAttachment](),
	reflect.TypeFor[[]any](),
	reflect.TypeFor[map[string]any](),
	reflect.TypeFor[*model.AppError](),
	reflect.TypeFor[*pq.Error](),
	reflect.TypeFor[*plugin.ErrorString](),
	reflect.TypeFor[*model.AutocompleteDynamicListArg](),
	reflect.TypeFor[*model.AutocompleteStaticListArg](),
	reflect.TypeFor[*model.AutocompleteTextArg](),
	reflect.TypeFor[*model.PreviewPost](),
	reflect.TypeFor[model.PropertyOptions[*model.PluginPropertyOption]](),
	reflect.TypeFor[[]model.PropertyOwner](),
}

// Every struct gob would send for the real plugin.Hooks / plugin.API
// signatures, the HTTP request subset and the registered types has a
// generated schema with the same fields and wire kinds, and vice versa.
func TestSchemasMatchReflection(t *testing.T) {
	m := loadModel(t)
	structs := map[string]reflect.Type{}
	seed := func(it reflect.Type) {
		for i := 0; i < it.NumMethod(); i++ {
			mt := it.Method(i).Type
			for j := 0; j < mt.NumIn(); j++ {
				reflectWire(mt.In(j), structs)
			}
			for j := 0; j < mt.NumOut(); j++ {
				reflectWire(mt.Out(j), structs)
			}
		}
	}
	seed(reflect.TypeFor[plugin.API]())
	seed(reflect.TypeFor[plugin.Hooks]())
	reflectWire(reflect.TypeFor[plugin.Context](), structs)
	reflectWire(reflect.TypeFor[plugin.HTTPRequestSubset](), structs)
	for _, rt := range registeredValues {
		reflectWire(rt, structs)
	}

	generated := map[string]*structDef{}
	for _, s := range m.structs {
		generated[s.pkgPath+"."+s.goName] = s
	}
	var missing []string
	for id, rt := range structs {
		s := generated[id]
		if s == nil {
			missing = append(missing, id)
			continue
		}
		var want []string
		for i := 0; i < rt.NumField(); i++ {
			f := rt.Field(i)
			if rIsSent(f) && prunedFields[id+"."+f.Name] == "" {
				want = append(want, f.Name+" "+reflectWire(f.Type, structs))
			}
		}
		var got []string
		for _, f := range s.fields {
			got = append(got, f.name+" "+describeWire(f.typ))
		}
		if strings.Join(got, "; ") != strings.Join(want, "; ") {
			t.Errorf("%s:\n  generated  %s\n  reflection %s", id, strings.Join(got, "; "), strings.Join(want, "; "))
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("structs gob sends with no generated schema: %s", strings.Join(missing, ", "))
	}
	for id := range generated {
		if _, ok := structs[id]; !ok {
			t.Errorf("generated schema %s is not reachable by reflection", id)
		}
	}
	if len(structs) < 100 {
		t.Errorf("only %d structs reached: the walk is broken", len(structs))
	}
}

// A few hand-checked Z_ structs, by reflection on the real exported types.
func TestWireStructsMatchRealZTypes(t *testing.T) {
	m := loadModel(t)
	check := func(list []*methodDef, name string, side int, rt reflect.Type) {
		t.Helper()
		d := methodByName(t, list, name)
		w := m.wires[d][side]
		if w.kind != kStruct {
			t.Fatalf("%s: wire type is %s", name, describeWire(w))
		}
		var got, want []string
		for _, f := range w.strct.fields {
			got = append(got, f.name+" "+describeWire(f.typ))
		}
		for i := 0; i < rt.NumField(); i++ {
			want = append(want, rt.Field(i).Name+" "+reflectWire(rt.Field(i).Type, map[string]reflect.Type{}))
		}
		if strings.Join(got, "; ") != strings.Join(want, "; ") {
			t.Errorf("%s:\n  generated %s\n  real      %s", rt, strings.Join(got, "; "), strings.Join(want, "; "))
		}
	}
	check(m.hooks, "ServeHTTP", 0, reflect.TypeFor[plugin.Z_ServeHTTPArgs]())
	check(m.hooks, "MessageWillBePosted", 0, reflect.TypeFor[plugin.Z_MessageWillBePostedArgs]())
	check(m.hooks, "MessageWillBePosted", 1, reflect.TypeFor[plugin.Z_MessageWillBePostedReturns]())
	check(m.hooks, "FileWillBeUploaded", 0, reflect.TypeFor[plugin.Z_FileWillBeUploadedArgs]())
	check(m.hooks, "OnActivate", 0, reflect.TypeFor[plugin.Z_OnActivateArgs]())
	check(m.api, "CreatePost", 0, reflect.TypeFor[plugin.Z_CreatePostArgs]())
	check(m.api, "KVSet", 0, reflect.TypeFor[plugin.Z_KVSetArgs]())
	check(m.api, "GetUserByUsername", 1, reflect.TypeFor[plugin.Z_GetUserByUsernameReturns]())
	check(m.api, "LoadPluginConfiguration", 1, reflect.TypeFor[plugin.Z_LoadPluginConfigurationArgsReturns]())
	check(m.api, "PluginHTTPStream", 0, reflect.TypeFor[plugin.Z_PluginHTTPStreamArgs]())
	check(m.api, "LogDebug", 0, reflect.TypeFor[plugin.Z_LogDebugArgs]())
}

// The registered names are the ones gob itself sends for these types: the
// plugin package's init() has run, so encoding an interface value holding
// each type must succeed and carry exactly the generated name.
func TestRegisteredNamesMatchGob(t *testing.T) {
	m := loadModel(t)
	if len(m.registered) != len(registeredValues) {
		t.Fatalf("%d registrations generated, client_rpc.go's init() has %d", len(m.registered), len(registeredValues))
	}
	for i, r := range m.registered {
		rt := registeredValues[i]
		v := reflect.Zero(rt)
		switch rt.Kind() {
		case reflect.Pointer:
			v = reflect.New(rt.Elem())
		case reflect.Slice:
			v = reflect.MakeSlice(rt, 0, 0)
		case reflect.Map:
			v = reflect.MakeMap(rt)
		}
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(&struct{ V any }{v.Interface()}); err != nil {
			t.Errorf("gob cannot send %s in an interface: %v", rt, err)
			continue
		}
		if !bytes.Contains(buf.Bytes(), []byte(r.name)) {
			t.Errorf("registration %d: generated name %q, gob's bytes for %s do not contain it", i, r.name, rt)
		}
		if got := describeWire(r.wire); got != reflectWire(rt, map[string]reflect.Type{}) {
			t.Errorf("registration %q: schema %s, reflection %s", r.name, got, reflectWire(rt, map[string]reflect.Type{}))
		}
	}
}

func TestTSNames(t *testing.T) {
	m := loadModel(t)
	names := map[string]*structDef{}
	for _, s := range m.structs {
		names[s.pkgPath+"."+s.goName] = s
	}
	for id, want := range map[string][2]string{
		"github.com/mattermost/mattermost/server/public/model.Post":                 {"Post", "PostSchema"},
		"github.com/mattermost/mattermost/server/public/plugin.Context":             {"Context", "ContextSchema"},
		"github.com/lib/pq.Error":                                                   {"PqError", "PqErrorSchema"},
		"net/http.Request":                                                          {"HttpRequest", "HttpRequestSchema"},
		"github.com/mattermost/mattermost/server/public/model.PluginSettings":       {"PluginSettings", "PluginSettingsStructSchema"},
		"github.com/mattermost/mattermost/server/public/model.PluginSettingsSchema": {"PluginSettingsSchema", "PluginSettingsSchemaSchema"},
	} {
		s := names[id]
		if s == nil {
			t.Errorf("no struct %s", id)
		} else if s.tsName != want[0] || s.schemaName != want[1] {
			t.Errorf("%s: %s / %s, want %s / %s", id, s.tsName, s.schemaName, want[0], want[1])
		}
	}
	seen := map[string]bool{}
	for _, s := range m.structs {
		for _, n := range []string{s.tsName, s.schemaName} {
			if seen[n] {
				t.Errorf("TS name %s used twice", n)
			}
			seen[n] = true
		}
	}
}

func TestFieldMapping(t *testing.T) {
	m := loadModel(t)
	var post *structDef
	for _, s := range m.structs {
		if s.reflectName == "model.Post" {
			post = s
		}
	}
	if post == nil {
		t.Fatal("no model.Post")
	}
	byName := map[string]*fieldDef{}
	for _, f := range post.fields {
		byName[f.name] = f
	}
	for name, want := range map[string]string{
		"Props":         "props false map(string, iface)",
		"Filenames":     "Filenames false slice(string)", // json:"-" still travels
		"MessageSource": "message_source true string",
		"Metadata":      "metadata true ptr(struct(github.com/mattermost/mattermost/server/public/model.PostMetadata))",
	} {
		f := byName[name]
		if f == nil {
			t.Errorf("Post has no field %s", name)
			continue
		}
		if got := fmt.Sprintf("%s %v %s", f.key, f.omitEmpty, describeWire(f.typ)); got != want {
			t.Errorf("Post.%s = %s, want %s", name, got, want)
		}
	}
}

// The TS types say what the decoder gives for a field gob did not send:
// an omitempty field stays undefined; a pointer, slice, map or []byte is
// null (an empty Go slice is never sent, so it arrives as null too).
func TestFieldTypesAdmitWhatGobLeavesOut(t *testing.T) {
	m := loadModel(t)
	models := emitModels(m)
	for _, want := range []string{
		"  file_ids: string[] | null;\n",
		"  props: Record<string, unknown> | null;\n",
		"  participants: User[] | null;\n",
		"  message_source?: string;\n",
		"  metadata?: PostMetadata | null;\n",
		"  create_at: number;\n",
	} {
		if !strings.Contains(models, want) {
			t.Errorf("models.ts lacks %q", strings.TrimSpace(want))
		}
	}
	api := emitAPI(m)
	for _, want := range []string{
		"getUsersInChannel(channelID: string, sortBy: string, page: number, perPage: number): Promise<User[] | null>;",
		"logDebug(msg: string, ...keyValuePairs: unknown[]): Promise<void>;",
	} {
		if !strings.Contains(api, want) {
			t.Errorf("api.ts lacks %q", want)
		}
	}
}

// What the plugin sends takes a struct as Partial<T> at the top level; what
// it receives keeps the full type.
func TestSentStructsArePartial(t *testing.T) {
	m := loadModel(t)
	api, hooks := emitAPI(m), emitHooks(m)
	for _, c := range []struct{ text, want string }{
		{api, "registerCommand(command: Partial<Command> | null): Promise<void>;"},
		{api, "createPost(post: Partial<Post> | null): Promise<Post | null>;"},
		{api, "publishWebSocketEvent(event: string, payload: Record<string, unknown> | null, broadcast: Partial<WebsocketBroadcast> | null): Promise<void>;"},
		{api, "getUser(userID: string): Promise<User | null>;"},
		{api, "deletePreferencesForUser(userID: string, preferences: Preference[] | null): Promise<void>;"}, // only the top level is partial
		{hooks, "executeCommand(c: Context | null, args: CommandArgs | null): HookResult<Partial<CommandResponse> | null>;"},
		{hooks, "channelMemberWillBeAdded(c: Context | null, channelMember: ChannelMember | null): HookResult<[Partial<ChannelMember> | null, string]>;"},
	} {
		if !strings.Contains(c.text, c.want) {
			t.Errorf("generated signatures lack %q", c.want)
		}
	}
}

func TestDeterministic(t *testing.T) {
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	a, err := generate(root)
	if err != nil {
		t.Fatal(err)
	}
	b, err := generate(root)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		for name := range a {
			if a[name] != b[name] {
				t.Errorf("%s differs between two runs", name)
			}
		}
	}
	for name, text := range a {
		if !strings.HasPrefix(text, generatedMarker+"from github.com/mattermost/mattermost/server/public@v") {
			t.Errorf("%s: header is %q", name, strings.SplitN(text, "\n", 2)[0])
		}
	}
}

func TestCheckReportsStaleMissingAndUnexpected(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"gen/a.ts":   generatedMarker + "x\nexport const a = 1;\n",
		"gen/b.ts":   generatedMarker + "x\nexport const b = 2;\n",
		"other/c.go": generatedMarker + "x\npackage main\n",
	}
	if err := writeFiles(root, files); err != nil {
		t.Fatal(err)
	}
	if err := checkFiles(root, files); err != nil {
		t.Fatalf("fresh files reported: %v", err)
	}
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(name)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("gen/a.ts", files["gen/a.ts"]+"// edited\n")
	if err := os.Remove(filepath.Join(root, "gen", "b.ts")); err != nil {
		t.Fatal(err)
	}
	write("gen/old.ts", generatedMarker+"x\n")
	write("other/old.go", generatedMarker+"x\npackage main\n")
	write("gen/models.test.ts", "// a hand-written test\n")
	write("other/main.go", "package main\n")
	err := checkFiles(root, files)
	if err == nil {
		t.Fatal("check passed with an edited, a missing and unexpected files")
	}
	for _, want := range []string{"stale: gen/a.ts", "missing: gen/b.ts", "unexpected: gen/old.ts", "unexpected: other/old.go"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("check error lacks %q:\n%v", want, err)
		}
	}
	if strings.Contains(err.Error(), "models.test.ts") || strings.Contains(err.Error(), "main.go") {
		t.Errorf("check named a hand-written file: %v", err)
	}
	// Writing repairs everything and removes the stale generated files only.
	if err := writeFiles(root, files); err != nil {
		t.Fatal(err)
	}
	if err := checkFiles(root, files); err != nil {
		t.Errorf("after writing: %v", err)
	}
	for _, kept := range []string{"gen/models.test.ts", "other/main.go"} {
		if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(kept))); err != nil {
			t.Errorf("writing removed a hand-written file: %v", err)
		}
	}
	for _, gone := range []string{"gen/old.ts", "other/old.go"} {
		if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(gone))); !os.IsNotExist(err) {
			t.Errorf("writing kept the stale generated %s", gone)
		}
	}
}

// time.Time is a GobEncoder by value; url.URL a BinaryMarshaler through
// *url.URL: gob's rule checks T, what T points to, and *T.
func TestMarshalers(t *testing.T) {
	m := loadModel(t)
	found := map[string]string{}
	var walk func(w *wireType)
	walk = func(w *wireType) {
		switch w.kind {
		case kMarshaler:
			found[w.marsh.reflectName] = w.marsh.method + " " + w.marsh.schema
		case kPtr, kSlice, kArray:
			walk(w.elem)
		case kMap:
			walk(w.key)
			walk(w.elem)
		}
	}
	for _, s := range m.structs {
		for _, f := range s.fields {
			walk(f.typ)
		}
	}
	want := map[string]string{"time.Time": "GobEncoder timeTime", "url.URL": "BinaryMarshaler urlURL"}
	if !reflect.DeepEqual(found, want) {
		t.Errorf("marshalers %v, want %v", found, want)
	}
	g := newGraph()
	str := types.Typ[types.String]
	if implementsGob(str, g.gobEncoder) || implementsGob(types.NewPointer(str), g.binaryMarshaler) {
		t.Error("string counts as a marshaler")
	}
}
