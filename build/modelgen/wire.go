package main

// The gob view of Go types: what encoding/gob actually sends for a go/types
// type. The rules follow $GOROOT/src/encoding/gob (type.go, encode.go):
//   - every int kind is "int", every uint kind "uint"; []byte (and any named
//     type over it) is the predefined bytes type; pointers are flattened;
//   - a struct sends its exported fields that are not chan/func (or pointers
//     to them), embedded structs as one field named after the type; struct
//     tags are ignored (json tags only give the JS property names);
//   - a type implementing GobEncoder, else BinaryMarshaler (T, the types it
//     points to, or *T for a non-pointer T) is sent as opaque bytes.
//     TextMarshaler is deliberately not used by gob (see validUserType).

import (
	"fmt"
	"go/token"
	"go/types"
	"reflect"
	"sort"
	"strings"
)

type kind uint8

const (
	kBool kind = iota
	kInt
	kUint
	kFloat
	kComplex
	kString
	kBytes
	kSlice
	kArray
	kMap
	kPtr
	kIface
	kStruct
	kMarshaler
)

// wireType is one gob type, with the Go type it was derived from.
type wireType struct {
	kind   kind
	bits   int        // int, uint, float, complex
	elem   *wireType  // slice, array, ptr; map value
	key    *wireType  // map key
	length int64      // array
	strct  *structDef // struct
	marsh  *marshaler // marshaler
	goType types.Type
}

// structDef is a Go struct type as gob sends it.
type structDef struct {
	goType      types.Type
	reflectName string // as reflect's Type.String() prints it: "model.Post"
	pkgPath     string // "" for unnamed structs
	goName      string // type name without package; "" for unnamed structs
	tsName      string // assigned by assignTSNames
	schemaName  string // the TS constant of its gob schema, assigned with tsName
	fields      []*fieldDef
	doc         string
	// pruned lists fields left out on purpose (see prunedFields).
	pruned []string
}

type fieldDef struct {
	name      string // Go field name: the wire name
	key       string // JS property: json tag name, else the Go name
	omitEmpty bool
	typ       *wireType
	embedded  bool
	doc       string
}

// marshaler is a type gob sends through GobEncode or MarshalBinary.
type marshaler struct {
	method      string // "GobEncoder" or "BinaryMarshaler"
	reflectName string // base type, e.g. "time.Time"
	schema      string // TS identifier of the codec's MarshalerType
}

// knownMarshalers are the marshaler types the codec implements
// (server/runtime/gob/marshalers.ts). Any other one fails the generator.
var knownMarshalers = map[string]struct{ method, schema string }{
	"time.Time":   {"GobEncoder", "timeTime"},
	"net/url.URL": {"BinaryMarshaler", "urlURL"},
}

// prunedFields are struct fields deliberately left out of the schemas, keyed
// "pkgpath.Type.Field". http.Response and http.Request are reachable only
// through the legacy buffered PluginHTTP reply, whose Response Mattermost
// builds from a status, header and body: TLS is never set there. Keeping it
// would pull in x509.Certificate, whose big.Int (GobEncoder) and x509.OID
// (BinaryMarshaler) the codec does not implement. Gob accepts a receiver
// with fewer fields, so the pruned schema stays wire compatible.
var prunedFields = map[string]string{
	"net/http.Request.TLS":  "TLS connection state: never set on the plugin wire; its x509 certificates need big.Int and x509.OID marshalers",
	"net/http.Response.TLS": "TLS connection state: never set on the plugin wire; its x509 certificates need big.Int and x509.OID marshalers",
}

type graph struct {
	structs  map[string]*structDef // by types.TypeString
	ordered  []*structDef          // first-seen order
	problems []string              // unsupported types, sorted and reported together
	// textOnly are named types with MarshalText but neither GobEncode nor
	// MarshalBinary: gob ignores TextMarshaler and sends them by kind.
	textOnly map[string]bool
	gobIfaces
}

type gobIfaces struct {
	gobEncoder, gobDecoder, binaryMarshaler, binaryUnmarshaler, textMarshaler *types.Interface
}

func newGraph() *graph {
	return &graph{structs: map[string]*structDef{}, textOnly: map[string]bool{}, gobIfaces: makeGobIfaces()}
}

// makeGobIfaces builds the interfaces gob tests for, with the same method
// signatures as encoding/gob and encoding.
func makeGobIfaces() gobIfaces {
	errType := types.Universe.Lookup("error").Type()
	bytesType := types.NewSlice(types.Typ[types.Byte])
	method := func(name string, params, results []types.Type) *types.Func {
		vars := func(ts []types.Type) *types.Tuple {
			var vs []*types.Var
			for _, t := range ts {
				vs = append(vs, types.NewParam(token.NoPos, nil, "", t))
			}
			return types.NewTuple(vs...)
		}
		return types.NewFunc(token.NoPos, nil, name, types.NewSignatureType(nil, nil, nil, vars(params), vars(results), false))
	}
	iface := func(f *types.Func) *types.Interface {
		return types.NewInterfaceType([]*types.Func{f}, nil).Complete()
	}
	return gobIfaces{
		gobEncoder:        iface(method("GobEncode", nil, []types.Type{bytesType, errType})),
		gobDecoder:        iface(method("GobDecode", []types.Type{bytesType}, []types.Type{errType})),
		binaryMarshaler:   iface(method("MarshalBinary", nil, []types.Type{bytesType, errType})),
		binaryUnmarshaler: iface(method("UnmarshalBinary", []types.Type{bytesType}, []types.Type{errType})),
		textMarshaler:     iface(method("MarshalText", nil, []types.Type{bytesType, errType})),
	}
}

// implementsGob is encoding/gob's implementsInterface: T or anything it
// points to implements iface, or (for a non-pointer T) *T does.
func implementsGob(t types.Type, iface *types.Interface) bool {
	rt := t
	for depth := 0; depth <= 100; depth++ {
		if types.Implements(rt, iface) {
			return true
		}
		p, ok := rt.Underlying().(*types.Pointer)
		if !ok {
			break
		}
		rt = p.Elem()
	}
	if _, isPtr := t.Underlying().(*types.Pointer); !isPtr {
		return types.Implements(types.NewPointer(t), iface)
	}
	return false
}

// externalEncoding returns gob's choice of marshaler for t ("" for none),
// checking that decoding uses the same mechanism as encoding.
func (g *graph) externalEncoding(t types.Type) (string, error) {
	enc, dec := "", ""
	switch {
	case implementsGob(t, g.gobEncoder):
		enc = "GobEncoder"
	case implementsGob(t, g.binaryMarshaler):
		enc = "BinaryMarshaler"
	}
	switch {
	case implementsGob(t, g.gobDecoder):
		dec = "GobEncoder"
	case implementsGob(t, g.binaryUnmarshaler):
		dec = "BinaryMarshaler"
	}
	if enc != dec {
		return "", fmt.Errorf("encodes with %q but decodes with %q", or(enc, "fields"), or(dec, "fields"))
	}
	return enc, nil
}

func or(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

// wire returns the gob type of t; where names the place for error messages.
func (g *graph) wire(t types.Type, where string) *wireType {
	if t == nil {
		g.problem(where, "no type")
		return &wireType{kind: kIface}
	}
	if _, isIface := t.Underlying().(*types.Interface); !isIface {
		method, err := g.externalEncoding(t)
		if err != nil {
			g.problem(where, fmt.Sprintf("%s %v", reflectString(t), err))
		} else if method != "" {
			return g.marshalerType(t, method, where)
		} else if _, named := types.Unalias(t).(*types.Named); named && implementsGob(t, g.textMarshaler) {
			g.textOnly[reflectString(t)] = true
		}
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return basicWire(u, t, func(msg string) { g.problem(where, msg) })
	case *types.Pointer:
		return &wireType{kind: kPtr, elem: g.wire(u.Elem(), where), goType: t}
	case *types.Slice:
		if b, ok := u.Elem().Underlying().(*types.Basic); ok && b.Kind() == types.Uint8 {
			return &wireType{kind: kBytes, goType: t}
		}
		return &wireType{kind: kSlice, elem: g.wire(u.Elem(), where+"[]"), goType: t}
	case *types.Array:
		return &wireType{kind: kArray, elem: g.wire(u.Elem(), where+"[]"), length: u.Len(), goType: t}
	case *types.Map:
		return &wireType{kind: kMap, key: g.wire(u.Key(), where+"[key]"), elem: g.wire(u.Elem(), where+"[value]"), goType: t}
	case *types.Interface:
		return &wireType{kind: kIface, goType: t}
	case *types.Struct:
		return &wireType{kind: kStruct, strct: g.structOf(t, u), goType: t}
	case *types.Chan, *types.Signature:
		g.problem(where, fmt.Sprintf("%s cannot be sent by gob", reflectString(t)))
	default:
		g.problem(where, fmt.Sprintf("unsupported type %s", reflectString(t)))
	}
	return &wireType{kind: kIface, goType: t}
}

func basicWire(b *types.Basic, t types.Type, fail func(string)) *wireType {
	w := func(k kind, bits int) *wireType { return &wireType{kind: k, bits: bits, goType: t} }
	switch b.Kind() {
	case types.Bool:
		return w(kBool, 0)
	case types.Int, types.Int64:
		return w(kInt, 64)
	case types.Int8:
		return w(kInt, 8)
	case types.Int16:
		return w(kInt, 16)
	case types.Int32:
		return w(kInt, 32)
	case types.Uint, types.Uint64, types.Uintptr:
		return w(kUint, 64)
	case types.Uint8:
		return w(kUint, 8)
	case types.Uint16:
		return w(kUint, 16)
	case types.Uint32:
		return w(kUint, 32)
	case types.Float32:
		return w(kFloat, 32)
	case types.Float64:
		return w(kFloat, 64)
	case types.Complex64:
		return w(kComplex, 64)
	case types.Complex128:
		return w(kComplex, 128)
	case types.String:
		return w(kString, 0)
	}
	fail(fmt.Sprintf("unsupported basic type %s", b))
	return &wireType{kind: kIface, goType: t}
}

func (g *graph) marshalerType(t types.Type, method, where string) *wireType {
	// A pointer to a marshaler stays a pointer (nil is legal); the marshaler is the base.
	if p, ok := t.Underlying().(*types.Pointer); ok {
		if m, _ := g.externalEncoding(p.Elem()); m == method {
			return &wireType{kind: kPtr, elem: g.marshalerType(p.Elem(), method, where), goType: t}
		}
	}
	name := qualifiedName(t)
	known, ok := knownMarshalers[name]
	if !ok {
		g.problem(where, fmt.Sprintf("%s implements gob.%s; the codec has no marshaler for it", reflectString(t), method))
		return &wireType{kind: kIface, goType: t}
	}
	if known.method != method {
		g.problem(where, fmt.Sprintf("%s: gob uses %s, the codec's %s expects %s", name, method, known.schema, known.method))
	}
	return &wireType{kind: kMarshaler, marsh: &marshaler{method: method, reflectName: reflectString(t), schema: known.schema}, goType: t}
}

// qualifiedName is "pkgpath.Name" for a named type, "" otherwise.
func qualifiedName(t types.Type) string {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return ""
	}
	return n.Obj().Pkg().Path() + "." + n.Obj().Name()
}

func (g *graph) structOf(t types.Type, st *types.Struct) *structDef {
	id := types.TypeString(t, nil)
	if s, ok := g.structs[id]; ok {
		return s
	}
	s := &structDef{goType: t, reflectName: reflectString(t)}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		s.goName = namedTypeName(n)
		if n.Obj().Pkg() != nil {
			s.pkgPath = n.Obj().Pkg().Path()
		}
	}
	g.structs[id] = s
	g.ordered = append(g.ordered, s)

	for i := 0; i < st.NumFields(); i++ {
		f := st.Field(i)
		if !isSent(f) {
			continue
		}
		where := s.reflectName + "." + f.Name()
		if reason, ok := prunedFields[s.pkgPath+"."+s.goName+"."+f.Name()]; ok {
			s.pruned = append(s.pruned, f.Name()+": "+reason)
			continue
		}
		key, omitEmpty := jsonKey(st.Tag(i), f.Name())
		s.fields = append(s.fields, &fieldDef{
			name:      f.Name(),
			key:       key,
			omitEmpty: omitEmpty,
			typ:       g.wire(f.Type(), where),
			embedded:  f.Embedded(),
		})
	}
	seen := map[string]string{}
	for _, f := range s.fields {
		if other, dup := seen[f.key]; dup {
			g.problem(s.reflectName, fmt.Sprintf("fields %s and %s share the JS key %q", other, f.name, f.key))
		}
		seen[f.key] = f.name
	}
	return s
}

// isSent is encoding/gob's isSent: exported, and not a chan or func (or a pointer to one).
func isSent(f *types.Var) bool {
	if !token.IsExported(f.Name()) {
		return false
	}
	t := f.Type().Underlying()
	for {
		p, ok := t.(*types.Pointer)
		if !ok {
			break
		}
		t = p.Elem().Underlying()
	}
	switch t.(type) {
	case *types.Chan, *types.Signature:
		return false
	}
	return true
}

// jsonKey is the JS property of a field: the json tag's name, else the Go name.
func jsonKey(tag, goName string) (key string, omitEmpty bool) {
	jt, ok := reflect.StructTag(tag).Lookup("json")
	if !ok {
		return goName, false
	}
	if jt == "-" { // json skips it; gob still sends it under its Go name
		return goName, false
	}
	name, opts, _ := strings.Cut(jt, ",")
	for _, o := range strings.Split(opts, ",") {
		if o == "omitempty" || o == "omitzero" {
			omitEmpty = true
		}
	}
	if name == "" {
		name = goName
	}
	return name, omitEmpty
}

func (g *graph) problem(where, msg string) {
	g.problems = append(g.problems, where+": "+msg)
}

func (g *graph) err() error {
	if len(g.problems) == 0 {
		return nil
	}
	ps := append([]string(nil), g.problems...)
	sort.Strings(ps)
	ps = dedupe(ps)
	return fmt.Errorf("types the generator cannot map to gob schemas:\n  %s", strings.Join(ps, "\n  "))
}

func dedupe(sorted []string) []string {
	out := sorted[:0]
	for i, s := range sorted {
		if i == 0 || s != sorted[i-1] {
			out = append(out, s)
		}
	}
	return out
}

// namedTypeName is the type's name as reflect's Name() prints it, with
// type arguments spelt with full package paths: "PropertyOptions[*github.com/…/model.X]".
func namedTypeName(n *types.Named) string {
	name := n.Obj().Name()
	if args := n.TypeArgs(); args != nil && args.Len() > 0 {
		parts := make([]string, args.Len())
		for i := range parts {
			parts[i] = typeString(args.At(i), true)
		}
		name += "[" + strings.Join(parts, ",") + "]"
	}
	return name
}

// reflectString is reflect.Type.String() for the type: package names, not paths.
func reflectString(t types.Type) string { return typeString(t, false) }

func typeString(t types.Type, fullPath bool) string {
	switch t := types.Unalias(t).(type) {
	case *types.Named:
		if t.Obj().Pkg() == nil {
			return t.Obj().Name() // error, comparable
		}
		pkg := t.Obj().Pkg().Name()
		if fullPath {
			pkg = t.Obj().Pkg().Path()
		}
		return pkg + "." + namedTypeName(t)
	case *types.Basic:
		switch t.Kind() {
		case types.Byte:
			return "uint8"
		case types.Rune:
			return "int32"
		case types.UnsafePointer:
			return "unsafe.Pointer"
		}
		return t.Name()
	case *types.Pointer:
		return "*" + typeString(t.Elem(), fullPath)
	case *types.Slice:
		return "[]" + typeString(t.Elem(), fullPath)
	case *types.Array:
		return fmt.Sprintf("[%d]%s", t.Len(), typeString(t.Elem(), fullPath))
	case *types.Map:
		return "map[" + typeString(t.Key(), fullPath) + "]" + typeString(t.Elem(), fullPath)
	case *types.Chan:
		prefix := map[types.ChanDir]string{types.SendRecv: "chan ", types.SendOnly: "chan<- ", types.RecvOnly: "<-chan "}[t.Dir()]
		return prefix + typeString(t.Elem(), fullPath)
	case *types.Interface:
		if t.NumMethods() == 0 && t.NumEmbeddeds() == 0 {
			return "interface {}"
		}
		var ms []string
		for i := 0; i < t.NumMethods(); i++ {
			m := t.Method(i)
			ms = append(ms, m.Name()+strings.TrimPrefix(typeString(m.Type(), fullPath), "func"))
		}
		return "interface { " + strings.Join(ms, "; ") + " }"
	case *types.Struct:
		if t.NumFields() == 0 {
			return "struct {}"
		}
		var fs []string
		for i := 0; i < t.NumFields(); i++ {
			f := t.Field(i)
			s := typeString(f.Type(), fullPath)
			if !f.Embedded() {
				s = f.Name() + " " + s
			}
			if tag := t.Tag(i); tag != "" {
				s += " " + fmt.Sprintf("%q", tag)
			}
			fs = append(fs, s)
		}
		return "struct { " + strings.Join(fs, "; ") + " }"
	case *types.Signature:
		var ps, rs []string
		for i := 0; i < t.Params().Len(); i++ {
			p := typeString(t.Params().At(i).Type(), fullPath)
			if t.Variadic() && i == t.Params().Len()-1 {
				p = "..." + strings.TrimPrefix(p, "[]")
			}
			ps = append(ps, p)
		}
		for i := 0; i < t.Results().Len(); i++ {
			rs = append(rs, typeString(t.Results().At(i).Type(), fullPath))
		}
		s := "func(" + strings.Join(ps, ", ") + ")"
		switch len(rs) {
		case 0:
		case 1:
			s += " " + rs[0]
		default:
			s += " (" + strings.Join(rs, ", ") + ")"
		}
		return s
	}
	return t.String()
}

// gobRegisterName is the name gob.Register(v) gives to a value of type t:
// unnamed types and pointers use reflect's String(), named types "pkgpath.Name".
func gobRegisterName(t types.Type) string {
	if n, ok := types.Unalias(t).(*types.Named); ok {
		if n.Obj().Pkg() == nil {
			return namedTypeName(n)
		}
		return n.Obj().Pkg().Path() + "." + namedTypeName(n)
	}
	return reflectString(t)
}
