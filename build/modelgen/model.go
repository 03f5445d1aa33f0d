package main

// The whole generator input in one value: method tables with their wire
// types, the registered interface types, and every struct they reach, named
// for TypeScript and documented from the Go sources.

import (
	"fmt"
	"go/types"
	"sort"
	"strings"
	"unicode"
)

const modelPkgPath = "github.com/mattermost/mattermost/server/public/model"

type regDef struct {
	name string
	wire *wireType
}

type spec struct {
	module     string
	hooks, api []*methodDef
	totalHooks int
	structs    []*structDef // sorted by TS name
	registered []regDef
	wires      map[*methodDef][2]*wireType // args, reply
}

func buildModel(l *loaded) (*spec, error) {
	f, err := readFacts(l)
	if err != nil {
		return nil, err
	}
	usedZ := map[string]bool{}
	hooks, err := buildMethods(f, true, usedZ)
	if err != nil {
		return nil, err
	}
	api, err := buildMethods(f, false, usedZ)
	if err != nil {
		return nil, err
	}
	if err := checkNoOrphanZ(f, usedZ); err != nil {
		return nil, err
	}

	m := &spec{module: f.module, hooks: hooks, api: api, totalHooks: f.totalHooks, wires: map[*methodDef][2]*wireType{}}
	g := newGraph()
	for _, list := range [][]*methodDef{hooks, api} {
		for _, d := range list {
			m.wires[d] = [2]*wireType{
				g.wire(d.args, "plugin."+d.goName+" arguments"),
				g.wire(d.reply, "plugin."+d.goName+" reply"),
			}
		}
	}
	for _, r := range f.registered {
		m.registered = append(m.registered, regDef{name: r.name, wire: g.wire(r.typ, "gob registration at "+r.call)})
	}
	if err := g.err(); err != nil {
		return nil, err
	}

	// Model types: every struct reached, except the Z_ wire structs (they
	// belong to the method tables) and struct{}.
	for _, s := range g.ordered {
		if isZStruct(s) || len(s.fields) == 0 && s.goName == "" {
			continue
		}
		m.structs = append(m.structs, s)
	}
	if err := assignTSNames(m.structs); err != nil {
		return nil, err
	}
	sort.Slice(m.structs, func(i, j int) bool { return m.structs[i].tsName < m.structs[j].tsName })
	if err := attachDocs(l, m.structs); err != nil {
		return nil, err
	}
	return m, nil
}

func isZStruct(s *structDef) bool {
	return s.pkgPath == pluginPkgPath && strings.HasPrefix(s.goName, "Z_")
}

// assignTSNames names each struct after its Go type without the package.
// When names clash, the model package keeps the bare name and the others
// are prefixed with their capitalised package name (plugin.Context stays
// Context unless model has one too). Unnamed structs are rejected.
func assignTSNames(structs []*structDef) error {
	groups := map[string][]*structDef{}
	for _, s := range structs {
		if s.goName == "" {
			return fmt.Errorf("unnamed struct type %s: give it a TypeScript name in the generator", s.reflectName)
		}
		base := tsTypeBase(s.goType)
		groups[base] = append(groups[base], s)
	}
	taken := map[string]*structDef{}
	for _, base := range sortedKeys(groups) {
		group := groups[base]
		sort.Slice(group, func(i, j int) bool { return group[i].pkgPath < group[j].pkgPath })
		for _, s := range group {
			name := base
			if (len(group) > 1 || tsGlobals[base]) && s.pkgPath != modelPkgPath {
				name = exportedIdent(packageName(s.goType)) + base
			}
			if other, dup := taken[name]; dup {
				return fmt.Errorf("TypeScript name %s fits both %s (%s) and %s (%s)",
					name, other.reflectName, other.pkgPath, s.reflectName, s.pkgPath)
			}
			taken[name] = s
			s.tsName = name
		}
	}
	// Schemas are <Name>Schema, unless that is a model type's name
	// (PluginSettings' schema next to the PluginSettingsSchema interface).
	for _, s := range structs {
		s.schemaName = s.tsName + "Schema"
		if taken[s.schemaName] != nil {
			s.schemaName = s.tsName + "StructSchema"
		}
	}
	return nil
}

// tsGlobals are global JS/TS names a model interface must not shadow.
var tsGlobals = map[string]bool{
	"Array": true, "Blob": true, "Boolean": true, "Buffer": true, "Date": true, "Error": true,
	"Event": true, "File": true, "Function": true, "Headers": true, "Map": true, "Number": true,
	"Object": true, "Partial": true, "Promise": true, "Readonly": true, "Record": true,
	"Request": true, "Response": true, "Set": true, "String": true, "Symbol": true, "URL": true,
}

// tsTypeBase is a named type's TS name before clash resolution; type
// arguments are appended: PropertyOptions[*model.X] → PropertyOptionsX.
func tsTypeBase(t types.Type) string {
	n := types.Unalias(t).(*types.Named)
	name := n.Obj().Name()
	if args := n.TypeArgs(); args != nil {
		for i := 0; i < args.Len(); i++ {
			name += exportedIdent(tsArgName(args.At(i)))
		}
	}
	return name
}

func tsArgName(t types.Type) string {
	switch t := types.Unalias(t).(type) {
	case *types.Pointer:
		return tsArgName(t.Elem())
	case *types.Named:
		return tsTypeBase(t)
	case *types.Slice:
		return tsArgName(t.Elem()) + "List"
	case *types.Basic:
		return t.Name()
	}
	return "T"
}

func packageName(t types.Type) string {
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil {
		return n.Obj().Pkg().Name()
	}
	return ""
}

// exportedIdent upper-cases the first letter and drops non-identifier runes.
func exportedIdent(s string) string {
	var b strings.Builder
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			continue
		}
		if b.Len() == 0 {
			r = unicode.ToUpper(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}
