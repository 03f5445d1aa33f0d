package main

// Method tables: each hook and API method joined with the net/rpc handler
// that serves it, the Z_ struct naming rule of interface_generator checked
// against the real Z_ types, and how Go parameters and results bind to the
// Args/Returns fields.

import (
	"fmt"
	"go/types"
	"sort"
	"strings"
)

const appErrorType = "github.com/mattermost/mattermost/server/public/model.AppError"

type paramDef struct {
	goName, tsName string
	typ            types.Type
	field          string // the Args field carrying it ("" when the transport is special)
}

type resultDef struct {
	typ   types.Type
	field string // the Returns field carrying it ("" when the transport is special)
}

type methodDef struct {
	goName, tsName string
	doc            string
	id             int // hook id; -1 for API methods and Implemented
	params         []paramDef
	values         []resultDef // results other than the trailing error
	errorKind      string      // "error", "appError" or "" (no trailing error result)
	args, reply    types.Type  // wire types of the net/rpc call (pointers stripped)
	handWritten    bool
	// plain: every parameter is Args field A, B, C… in order and every result
	// Returns field A, B, C… in order, so a generic caller can drive it.
	plain          bool
	notImplemented string
	replySeeds     map[string]string
	rpcOnly        bool // a net/rpc method with no interface method (PluginHTTPStream)
	variadic       bool // the last parameter is ...T (a []T field)
}

// letter is interface_generator's field name for the i-th parameter or result.
func letter(i int) (string, error) {
	if i >= 26 {
		return "", fmt.Errorf("more than 26 parameters")
	}
	return string(rune('A' + i)), nil
}

func buildMethods(f *facts, isHook bool, usedZ map[string]bool) ([]*methodDef, error) {
	methods, handlers, kind := f.api, f.apiRPC, "API"
	if isHook {
		methods, handlers, kind = f.hooks, f.hookRPC, "Hook"
	}
	var errs []string
	fail := func(format string, a ...any) { errs = append(errs, fmt.Sprintf(format, a...)) }

	usedHandlers := map[string]bool{}
	var out []*methodDef
	for _, m := range methods {
		h := handlers[m.name]
		if h == nil {
			fail("%s %s: no net/rpc handler", kind, m.name)
			continue
		}
		usedHandlers[m.name] = true
		d := &methodDef{
			goName:         m.name,
			tsName:         camelCase(m.name),
			doc:            m.doc,
			id:             -1,
			args:           derefOnce(h.args),
			reply:          derefOnce(h.reply),
			handWritten:    f.excluded[m.name],
			notImplemented: h.notImplemented,
		}
		if isHook {
			if id, ok := f.hookIDs[m.name]; ok {
				d.id = id
			} else if m.name != "Implemented" {
				fail("hook %s: no %sID constant in hooks.go", m.name, m.name)
			}
			d.replySeeds = f.replySeeds[m.name]
		}
		if err := bindSignature(d, m); err != nil {
			fail("%s %s: %v", kind, m.name, err)
			continue
		}

		// Hand-written exactly when interface_generator excludes it.
		switch {
		case d.handWritten && h.file != handwrittenFile:
			fail("%s %s: excluded by interface_generator but served from %s", kind, m.name, h.file)
		case !d.handWritten && h.file != generatedFile:
			fail("%s %s: not excluded by interface_generator but served from %s", kind, m.name, h.file)
		case !d.handWritten:
			argsName, replyName := "Z_"+m.name+"Args", "Z_"+m.name+"Returns"
			usedZ[argsName], usedZ[replyName] = true, true
			if err := checkZ(f, argsName, h.args, m.params); err != nil {
				fail("%s %s: %v", kind, m.name, err)
			}
			if err := checkZ(f, replyName, h.reply, m.results); err != nil {
				fail("%s %s: %v", kind, m.name, err)
			}
			if !d.plain {
				fail("%s %s: generated, yet its parameters do not bind to Args/Returns A, B, C…", kind, m.name)
			}
			if d.notImplemented == "" {
				fail("%s %s: generated handler has no \"not implemented\" error", kind, m.name)
			}
		}
		out = append(out, d)
	}

	// net/rpc methods with no interface method (the streaming PluginHTTP).
	for _, name := range sortedKeys(handlers) {
		if usedHandlers[name] {
			continue
		}
		h := handlers[name]
		if h.file != handwrittenFile {
			fail("%s handler %s in %s has no interface method", kind, name, h.file)
			continue
		}
		out = append(out, &methodDef{
			goName: name, tsName: camelCase(name), id: -1,
			args: derefOnce(h.args), reply: derefOnce(h.reply),
			handWritten: true, notImplemented: h.notImplemented, rpcOnly: true,
		})
	}
	if isHook {
		for name, id := range f.hookIDs {
			if !usedHandlers[name] {
				fail("hook id %s (%d) names no method of plugin.Hooks", name, id)
			}
		}
	}
	if len(errs) > 0 {
		sort.Strings(errs)
		return nil, fmt.Errorf("the Z_ cross-check failed:\n  %s", strings.Join(errs, "\n  "))
	}
	if isHook {
		sort.SliceStable(out, func(i, j int) bool { return hookOrder(out[i]) < hookOrder(out[j]) })
	} else {
		sort.SliceStable(out, func(i, j int) bool { return out[i].goName < out[j].goName })
	}
	return out, nil
}

// checkNoOrphanZ fails when a Z_ type of client_rpc_generated.go belongs to
// no generated hook or API method: the interfaces and the glue disagree.
func checkNoOrphanZ(f *facts, usedZ map[string]bool) error {
	var orphans []string
	for _, name := range sortedKeys(f.generatedZ) {
		if !usedZ[name] {
			orphans = append(orphans, name)
		}
	}
	if len(orphans) > 0 {
		return fmt.Errorf("the Z_ cross-check failed: %s declares types no generated method uses: %s",
			generatedFile, strings.Join(orphans, ", "))
	}
	return nil
}

// hookOrder sorts hooks by id, Implemented first.
func hookOrder(d *methodDef) int { return d.id }

func derefOnce(t types.Type) types.Type {
	if p, ok := t.(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// bindSignature fills params, values and errorKind, and binds each to an
// Args/Returns field by interface_generator's letter rule when the field
// exists with an identical type.
func bindSignature(d *methodDef, m *goMethod) error {
	d.variadic = m.variadic
	argFields := structFields(d.args)
	replyFields := structFields(d.reply)
	bound := 0
	for i, p := range m.params {
		l, err := letter(i)
		if err != nil {
			return err
		}
		pd := paramDef{goName: p.Name(), tsName: tsIdent(p.Name(), i), typ: p.Type()}
		if ft, ok := argFields[l]; ok && types.Identical(ft, p.Type()) {
			pd.field = l
			bound++
		}
		d.params = append(d.params, pd)
	}
	plain := argFields != nil && bound == len(m.params) && bound == len(argFields)

	bound = 0
	for i, r := range m.results {
		l, err := letter(i)
		if err != nil {
			return err
		}
		if ek := errorKind(r.Type()); ek != "" && i == len(m.results)-1 {
			d.errorKind = ek
		} else if ek == "error" {
			return fmt.Errorf("an error result that is not the last one")
		}
		rd := resultDef{typ: r.Type()}
		if ft, ok := replyFields[l]; ok && types.Identical(ft, r.Type()) {
			rd.field = l
			bound++
		}
		if d.errorKind == "" || i < len(m.results)-1 {
			d.values = append(d.values, rd)
		} else if rd.field == "" {
			plain = false
		}
	}
	d.plain = plain && replyFields != nil && bound == len(m.results) && bound == len(replyFields)
	return nil
}

// errorKind classifies a trailing error result.
func errorKind(t types.Type) string {
	if types.Identical(t, types.Universe.Lookup("error").Type()) {
		return "error"
	}
	if p, ok := t.(*types.Pointer); ok && qualifiedName(p.Elem()) == appErrorType {
		return "appError"
	}
	return ""
}

// structFields maps field name → type, or nil when t is not a struct.
func structFields(t types.Type) map[string]types.Type {
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	out := map[string]types.Type{}
	for i := 0; i < st.NumFields(); i++ {
		out[st.Field(i).Name()] = st.Field(i).Type()
	}
	return out
}

// checkZ compares a real Z_ struct with the one interface_generator's rules
// predict from the interface signature: fields A, B, C… of the same types.
func checkZ(f *facts, want string, actual types.Type, vars []*types.Var) error {
	n, ok := types.Unalias(derefOnce(actual)).(*types.Named)
	if !ok || n.Obj().Name() != want || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != pluginPkgPath {
		return fmt.Errorf("handler uses %s, the naming rule predicts plugin.%s", reflectString(actual), want)
	}
	if _, ok := f.generatedZ[want]; !ok {
		return fmt.Errorf("%s is not declared in %s", want, generatedFile)
	}
	st, ok := n.Underlying().(*types.Struct)
	if !ok {
		return fmt.Errorf("%s is not a struct", want)
	}
	if st.NumFields() != len(vars) {
		return fmt.Errorf("%s has %d fields, the signature has %d", want, st.NumFields(), len(vars))
	}
	for i, v := range vars {
		l, err := letter(i)
		if err != nil {
			return err
		}
		field := st.Field(i)
		// A variadic ...T is already []T in go/types, as the generator's []T rewrite.
		if field.Name() != l || !types.Identical(field.Type(), v.Type()) {
			return fmt.Errorf("%s field %d is %s %s, the naming rule predicts %s %s",
				want, i, field.Name(), reflectString(field.Type()), l, reflectString(v.Type()))
		}
	}
	return nil
}

// camelCase lowers a Go method name's leading capital or acronym:
// CreatePost → createPost, KVSet → kvSet, ServeHTTP → serveHTTP, ID → id.
func camelCase(name string) string {
	r := []rune(name)
	upper := 0
	for upper < len(r) && r[upper] >= 'A' && r[upper] <= 'Z' {
		upper++
	}
	switch {
	case upper == 0:
		return name
	case upper == 1 || upper == len(r):
		// "Create…" or "ID"
	case r[upper] >= 'a' && r[upper] <= 'z':
		upper-- // "KVSet": the last capital starts the next word
	}
	return strings.ToLower(string(r[:upper])) + string(r[upper:])
}

// tsReserved are words a TypeScript parameter may not be named.
var tsReserved = map[string]bool{
	"arguments": true, "await": true, "break": true, "case": true, "catch": true, "class": true,
	"const": true, "continue": true, "debugger": true, "default": true, "delete": true, "do": true,
	"else": true, "enum": true, "eval": true, "export": true, "extends": true, "false": true,
	"finally": true, "for": true, "function": true, "if": true, "implements": true, "import": true,
	"in": true, "instanceof": true, "interface": true, "let": true, "new": true, "null": true,
	"package": true, "private": true, "protected": true, "public": true, "return": true,
	"static": true, "super": true, "switch": true, "this": true, "throw": true, "true": true,
	"try": true, "typeof": true, "var": true, "void": true, "while": true, "with": true, "yield": true,
}

// tsIdent is a parameter's TS name: the Go name, arg<i> when unnamed, with
// a trailing underscore when it is a reserved word.
func tsIdent(goName string, i int) string {
	if goName == "" || goName == "_" {
		return fmt.Sprintf("arg%d", i)
	}
	if tsReserved[goName] {
		return goName + "_"
	}
	return goName
}
