package main

// Facts read from the plugin package's source: the Hooks and API interfaces,
// hook ids, the hand-written exclusion list, the net/rpc handlers that define
// the real wire shapes, their "not implemented" texts, the hooks whose reply
// the host pre-fills, and the gob registrations in init().

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"sort"
	"strconv"
	"strings"
)

// goMethod is one method of plugin.Hooks or plugin.API.
type goMethod struct {
	name     string
	doc      string
	params   []*types.Var
	results  []*types.Var
	variadic bool
}

// rpcHandler is a net/rpc method of hooksRPCServer or apiRPCServer: what the
// "Plugin.<name>" call really decodes and replies.
type rpcHandler struct {
	name           string
	args           types.Type // the argument type as declared
	reply          types.Type // the reply pointer's element
	file           string     // declaring file (client_rpc.go or client_rpc_generated.go)
	notImplemented string     // the error text when the implementation lacks the method; "" if none
}

type registration struct {
	name string // gob's registered name
	typ  types.Type
	call string // the source call, for messages
}

type facts struct {
	module     string
	hooks, api []*goMethod
	hookIDs    map[string]int
	totalHooks int
	excluded   map[string]bool
	hookRPC    map[string]*rpcHandler
	apiRPC     map[string]*rpcHandler
	replySeeds map[string]map[string]string // hook → Returns field → Args field the host pre-fills it with
	registered []registration
	generatedZ map[string]types.Type // Z_ types declared in client_rpc_generated.go
}

const (
	generatedFile   = "client_rpc_generated.go"
	handwrittenFile = "client_rpc.go"
)

func readFacts(l *loaded) (*facts, error) {
	f := &facts{module: l.module}
	scope := l.plugin.Types.Scope()
	var err error
	if f.hooks, err = interfaceMethods(l, "Hooks"); err != nil {
		return nil, err
	}
	if f.api, err = interfaceMethods(l, "API"); err != nil {
		return nil, err
	}
	if f.hookIDs, f.totalHooks, err = hookIDs(l); err != nil {
		return nil, err
	}
	if f.excluded, err = excludedMethods(l); err != nil {
		return nil, err
	}
	if f.hookRPC, err = rpcHandlers(l, "hooksRPCServer"); err != nil {
		return nil, err
	}
	if f.apiRPC, err = rpcHandlers(l, "apiRPCServer"); err != nil {
		return nil, err
	}
	f.replySeeds = replySeeds(l)
	if f.registered, err = gobRegistrations(l); err != nil {
		return nil, err
	}
	f.generatedZ = map[string]types.Type{}
	for _, name := range scope.Names() {
		obj := scope.Lookup(name)
		if tn, ok := obj.(*types.TypeName); ok && strings.HasPrefix(name, "Z_") && l.fileOf(obj.Pos()) == generatedFile {
			f.generatedZ[name] = tn.Type()
		}
	}
	return f, nil
}

// interfaceMethods lists an interface's methods in source order, with docs.
func interfaceMethods(l *loaded, name string) ([]*goMethod, error) {
	for _, file := range l.plugin.Syntax {
		for _, decl := range file.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, spec := range gd.Specs {
				ts := spec.(*ast.TypeSpec)
				if ts.Name.Name != name {
					continue
				}
				it, ok := ts.Type.(*ast.InterfaceType)
				if !ok {
					return nil, fmt.Errorf("plugin.%s is not an interface", name)
				}
				var out []*goMethod
				for _, m := range it.Methods.List {
					if len(m.Names) != 1 {
						return nil, fmt.Errorf("plugin.%s: embedded interfaces are not supported", name)
					}
					fn, ok := l.plugin.TypesInfo.Defs[m.Names[0]].(*types.Func)
					if !ok {
						return nil, fmt.Errorf("plugin.%s.%s: no type information", name, m.Names[0].Name)
					}
					sig := fn.Type().(*types.Signature)
					out = append(out, &goMethod{
						name:     fn.Name(),
						doc:      m.Doc.Text(),
						params:   tupleVars(sig.Params()),
						results:  tupleVars(sig.Results()),
						variadic: sig.Variadic(),
					})
				}
				return out, nil
			}
		}
	}
	return nil, fmt.Errorf("%s: no interface %s", pluginPkgPath, name)
}

func tupleVars(t *types.Tuple) []*types.Var {
	out := make([]*types.Var, t.Len())
	for i := range out {
		out[i] = t.At(i)
	}
	return out
}

// hookIDs reads the const block OnActivateID … TotalHooksID of hooks.go.
func hookIDs(l *loaded) (map[string]int, int, error) {
	file, err := l.file("hooks.go")
	if err != nil {
		return nil, 0, err
	}
	for _, decl := range file.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST || !declares(gd, "OnActivateID") {
			continue
		}
		ids, total := map[string]int{}, -1
		for _, spec := range gd.Specs {
			for _, ident := range spec.(*ast.ValueSpec).Names {
				c, ok := l.plugin.TypesInfo.Defs[ident].(*types.Const)
				if !ok {
					return nil, 0, fmt.Errorf("hooks.go: %s is not a constant", ident.Name)
				}
				v, exact := constant.Int64Val(c.Val())
				if !exact {
					return nil, 0, fmt.Errorf("hooks.go: %s is not an int", ident.Name)
				}
				switch {
				case ident.Name == "TotalHooksID":
					total = int(v)
				case ident.IsExported() && strings.HasSuffix(ident.Name, "ID"):
					ids[strings.TrimSuffix(ident.Name, "ID")] = int(v)
				}
			}
		}
		if total < 0 {
			return nil, 0, fmt.Errorf("hooks.go: the hook id block has no TotalHooksID")
		}
		return ids, total, nil
	}
	return nil, 0, fmt.Errorf("hooks.go: no const block declaring OnActivateID")
}

func declares(gd *ast.GenDecl, name string) bool {
	for _, spec := range gd.Specs {
		if vs, ok := spec.(*ast.ValueSpec); ok {
			for _, n := range vs.Names {
				if n.Name == name {
					return true
				}
			}
		}
	}
	return false
}

// excludedMethods reads excludedPluginHooks from interface_generator/main.go:
// the methods whose RPC glue is hand-written in client_rpc.go.
func excludedMethods(l *loaded) (map[string]bool, error) {
	file, err := l.parseGenerator()
	if err != nil {
		return nil, err
	}
	for _, decl := range file.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			if len(vs.Names) != 1 || vs.Names[0].Name != "excludedPluginHooks" || len(vs.Values) != 1 {
				continue
			}
			lit, ok := vs.Values[0].(*ast.CompositeLit)
			if !ok {
				return nil, fmt.Errorf("interface_generator: excludedPluginHooks is not a literal")
			}
			out := map[string]bool{}
			for _, e := range lit.Elts {
				bl, ok := e.(*ast.BasicLit)
				if !ok || bl.Kind != token.STRING {
					return nil, fmt.Errorf("interface_generator: excludedPluginHooks holds a non-string")
				}
				s, _ := strconv.Unquote(bl.Value)
				out[s] = true
			}
			return out, nil
		}
	}
	return nil, fmt.Errorf("interface_generator/main.go: no excludedPluginHooks")
}

// rpcHandlers lists the methods net/rpc registers for *<typeName>: exported,
// (args, *reply) error, args of an exported or builtin type.
func rpcHandlers(l *loaded, typeName string) (map[string]*rpcHandler, error) {
	obj, ok := l.plugin.Types.Scope().Lookup(typeName).(*types.TypeName)
	if !ok {
		return nil, fmt.Errorf("%s: no type %s", pluginPkgPath, typeName)
	}
	decls := funcDecls(l)
	ms := types.NewMethodSet(types.NewPointer(obj.Type()))
	out := map[string]*rpcHandler{}
	for i := 0; i < ms.Len(); i++ {
		fn := ms.At(i).Obj().(*types.Func)
		sig := fn.Type().(*types.Signature)
		if !fn.Exported() || sig.Params().Len() != 2 || sig.Results().Len() != 1 ||
			!types.Identical(sig.Results().At(0).Type(), types.Universe.Lookup("error").Type()) {
			continue
		}
		reply, ok := sig.Params().At(1).Type().(*types.Pointer)
		if !ok || !exportedOrBuiltin(sig.Params().At(0).Type()) || !exportedOrBuiltin(reply) {
			continue
		}
		h := &rpcHandler{
			name:  fn.Name(),
			args:  sig.Params().At(0).Type(),
			reply: reply.Elem(),
			file:  l.fileOf(fn.Pos()),
		}
		if d := decls[fn]; d != nil {
			h.notImplemented = notImplementedText(d)
		}
		out[fn.Name()] = h
	}
	return out, nil
}

// exportedOrBuiltin is net/rpc's isExportedOrBuiltinType.
func exportedOrBuiltin(t types.Type) bool {
	for {
		p, ok := t.(*types.Pointer)
		if !ok {
			break
		}
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Obj().Exported() || n.Obj().Pkg() == nil
	}
	return true
}

func funcDecls(l *loaded) map[*types.Func]*ast.FuncDecl {
	out := map[*types.Func]*ast.FuncDecl{}
	for _, file := range l.plugin.Syntax {
		for _, decl := range file.Decls {
			if fd, ok := decl.(*ast.FuncDecl); ok {
				if fn, ok := l.plugin.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					out[fn] = fd
				}
			}
		}
	}
	return out
}

// notImplementedText finds the fmt.Errorf("… not implemented …") the handler returns.
func notImplementedText(fd *ast.FuncDecl) string {
	text := ""
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || text != "" || len(call.Args) == 0 {
			return text == ""
		}
		if sel, ok := call.Fun.(*ast.SelectorExpr); !ok || sel.Sel.Name != "Errorf" {
			return true
		}
		if lit, ok := call.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
			if s, err := strconv.Unquote(lit.Value); err == nil && strings.Contains(s, "not implemented") {
				text = s
			}
		}
		return true
	})
	return text
}

// replySeeds finds hooks whose host-side client pre-fills the reply it
// decodes into (`_returns := &Z_XReturns{A: _args.B}` passed to client.Call):
// the plugin's reply is merged into the host's value, field by field.
func replySeeds(l *loaded) map[string]map[string]string {
	out := map[string]map[string]string{}
	obj, ok := l.plugin.Types.Scope().Lookup("hooksRPCClient").(*types.TypeName)
	if !ok {
		return out
	}
	decls := funcDecls(l)
	ms := types.NewMethodSet(types.NewPointer(obj.Type()))
	for i := 0; i < ms.Len(); i++ {
		fn := ms.At(i).Obj().(*types.Func)
		fd := decls[fn]
		if fd == nil || fd.Body == nil {
			continue
		}
		// The variable passed as the reply to g.client.Call("Plugin.<name>", args, reply).
		var replyVar string
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) != 3 {
				return true
			}
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Call" {
				if lit, ok := call.Args[0].(*ast.BasicLit); ok && lit.Value == strconv.Quote("Plugin."+fn.Name()) {
					if id, ok := call.Args[2].(*ast.Ident); ok && replyVar == "" {
						replyVar = id.Name
					}
				}
			}
			return true
		})
		if replyVar == "" {
			continue
		}
		seeds := map[string]string{}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			as, ok := n.(*ast.AssignStmt)
			if !ok || as.Tok != token.DEFINE || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
				return true
			}
			if id, ok := as.Lhs[0].(*ast.Ident); !ok || id.Name != replyVar {
				return true
			}
			u, ok := as.Rhs[0].(*ast.UnaryExpr)
			if !ok || u.Op != token.AND {
				return true
			}
			lit, ok := u.X.(*ast.CompositeLit)
			if !ok {
				return true
			}
			for _, e := range lit.Elts {
				kv, ok := e.(*ast.KeyValueExpr)
				if !ok {
					continue
				}
				k, kok := kv.Key.(*ast.Ident)
				v, vok := kv.Value.(*ast.SelectorExpr)
				if kok && vok {
					seeds[k.Name] = v.Sel.Name
				}
			}
			return true
		})
		if len(seeds) > 0 {
			out[fn.Name()] = seeds
		}
	}
	return out
}

// gobRegistrations reads the gob.Register / gob.RegisterName calls in the
// plugin package's init functions, in source order.
func gobRegistrations(l *loaded) ([]registration, error) {
	var out []registration
	info := l.plugin.TypesInfo
	for _, file := range l.plugin.Syntax {
		for _, decl := range file.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Name.Name != "init" || fd.Recv != nil {
				continue
			}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				pkgIdent, ok := sel.X.(*ast.Ident)
				if !ok {
					return true
				}
				pn, ok := info.Uses[pkgIdent].(*types.PkgName)
				if !ok || pn.Imported().Path() != "encoding/gob" {
					return true
				}
				src := l.fset.Position(call.Pos()).String()
				switch sel.Sel.Name {
				case "Register":
					t := info.TypeOf(call.Args[0])
					out = append(out, registration{name: gobRegisterName(t), typ: t, call: src})
				case "RegisterName":
					tv := info.Types[call.Args[0]]
					if tv.Value == nil || tv.Value.Kind() != constant.String {
						return true
					}
					out = append(out, registration{name: constant.StringVal(tv.Value), typ: info.TypeOf(call.Args[1]), call: src})
				}
				return true
			})
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no gob registrations found in init()", pluginPkgPath)
	}
	return out, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
