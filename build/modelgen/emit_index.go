package main

// The index of every struct schema the generator emits, twice from one walk:
// schema-index.ts for the TypeScript tests and a Go list of the same types
// (with the gob registrations) for the conformance vector writer, so the
// two sides agree on the set of types without a hand-kept list.

import (
	"bytes"
	"fmt"
	"go/format"
	"go/types"
	"path"
	"sort"
	"strings"
)

// goTypesFile is the Go side of the index, in the vector writer's package.
const goTypesFile = "server/conformance/gobvectors/types_generated.go"

// indexEntry is one struct with a schema: a model type of schemas.ts or a
// Z_ wire struct of hooks.ts / api.ts.
type indexEntry struct {
	name   string // file-safe and unique: the TS name, or the Z_ type's Go name
	strct  *structDef
	schema string // TS expression of its schema
	module string // TS module the expression's root comes from
	root   string // identifier imported from module
}

// indexEntries lists the model structs, then the Z_ structs in table order
// (a Z_ struct shared by two methods appears once).
func indexEntries(m *spec) ([]indexEntry, error) {
	var out []indexEntry
	for _, s := range m.structs {
		out = append(out, indexEntry{name: s.tsName, strct: s, schema: s.schemaName, module: "./schemas", root: s.schemaName})
	}
	seen := map[string]bool{}
	tables := []struct {
		list   []*methodDef
		module string
		table  string
	}{{m.hooks, "./hooks", "hooks"}, {m.api, "./api", "apiMethods"}}
	for _, t := range tables {
		for _, d := range t.list {
			for side, w := range m.wires[d] {
				if w.kind != kStruct || !isZStruct(w.strct) || seen[w.strct.reflectName] {
					continue
				}
				seen[w.strct.reflectName] = true
				prop := [2]string{"args", "returns"}[side]
				out = append(out, indexEntry{
					name:   w.strct.goName,
					strct:  w.strct,
					schema: fmt.Sprintf("%s.%s.%s", t.table, d.goName, prop),
					module: t.module,
					root:   t.table,
				})
			}
		}
	}
	names := map[string]string{}
	for _, e := range out {
		if other, dup := names[e.name]; dup {
			return nil, fmt.Errorf("index name %s fits both %s and %s", e.name, other, e.strct.reflectName)
		}
		names[e.name] = e.strct.reflectName
	}
	return out, nil
}

func emitSchemaIndex(m *spec, entries []indexEntry) string {
	f := newTSFile(m.module, `Every struct schema the generator emits: the model types of schemas.ts
and the net/rpc Args/Returns structs of hooks.ts and api.ts, by a unique,
file-safe name (the TS name; the Go name for Z_ structs), with the Go type
as reflect prints it. The conformance vector writer
(server/conformance/gobvectors) lists the same types from the same run.
For tests and tools: the runtime does not import this module.`)
	f.useType(schemaModule, "GobType")
	for _, e := range entries {
		f.use(e.module, e.root)
	}
	f.p("export interface SchemaIndexEntry {")
	f.p("  /** The Go type as reflect's String() prints it, e.g. \"model.Post\". */")
	f.p("  readonly go: string;")
	f.p("  /** Its gob schema (always a struct). */")
	f.p("  readonly schema: GobType;")
	f.p("}")
	f.p("")
	f.p("export const schemaIndex: Readonly<Record<string, SchemaIndexEntry>> = {")
	for _, e := range entries {
		f.p("  %s: { go: %s, schema: %s },", propName(e.name), quote(e.strct.reflectName), e.schema)
	}
	f.p("};")
	return f.String()
}

// goImports names the packages of one generated Go file: the package's own
// name, numbered when two paths share it.
type goImports struct {
	byPath map[string]string
	taken  map[string]string
}

func (g *goImports) qualifier(p *types.Package) string {
	if alias, ok := g.byPath[p.Path()]; ok {
		return alias
	}
	alias := p.Name()
	for i := 2; g.taken[alias] != ""; i++ {
		alias = fmt.Sprintf("%s%d", p.Name(), i)
	}
	g.byPath[p.Path()] = alias
	g.taken[alias] = p.Path()
	return alias
}

func (g *goImports) block() string {
	var paths []string
	for p := range g.byPath {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var std, other []string
	for _, p := range paths {
		line := fmt.Sprintf("%q", p)
		if alias := g.byPath[p]; alias != path.Base(p) {
			line = alias + " " + line
		}
		if strings.Contains(strings.Split(p, "/")[0], ".") {
			other = append(other, "\t"+line)
		} else {
			std = append(std, "\t"+line)
		}
	}
	parts := []string{strings.Join(std, "\n")}
	if len(other) > 0 {
		parts = append(parts, strings.Join(other, "\n"))
	}
	return "import (\n" + strings.Join(parts, "\n\n") + "\n)\n"
}

func emitGoTypes(m *spec, entries []indexEntry) (string, error) {
	imp := &goImports{byPath: map[string]string{"reflect": "reflect"}, taken: map[string]string{"reflect": "reflect"}}
	typeExpr := func(t types.Type) string { return types.TypeString(t, imp.qualifier) }

	var body bytes.Buffer
	body.WriteString("// generatedTypes has one entry per entry of schemaIndex in\n")
	body.WriteString("// server/runtime/mattermost/generated/schema-index.ts, in the same order.\n")
	body.WriteString("var generatedTypes = []generatedType{\n")
	for _, e := range entries {
		fmt.Fprintf(&body, "\t{name: %q, goName: %q, typ: reflect.TypeFor[%s]()", e.name, e.strct.reflectName, typeExpr(types.Unalias(e.strct.goType)))
		if len(e.strct.pruned) > 0 {
			var fields []string
			for _, p := range e.strct.pruned {
				name, _, _ := strings.Cut(p, ":")
				fields = append(fields, fmt.Sprintf("%q", name))
			}
			fmt.Fprintf(&body, ", pruned: []string{%s}", strings.Join(fields, ", "))
		}
		body.WriteString("},\n")
	}
	body.WriteString("}\n\n")
	body.WriteString("// registeredTypes are client_rpc.go's gob registrations: the concrete\n")
	body.WriteString("// types interface values may hold, by the name gob sends for each.\n")
	body.WriteString("var registeredTypes = []registeredType{\n")
	for _, r := range m.registered {
		fmt.Fprintf(&body, "\t{name: %q, typ: reflect.TypeFor[%s]()},\n", r.name, typeExpr(types.Unalias(r.wire.goType)))
	}
	body.WriteString("}\n")

	var src bytes.Buffer
	fmt.Fprintf(&src, "%sfrom %s; DO NOT EDIT.\n\n", generatedMarker, m.module)
	src.WriteString("package main\n\n")
	src.WriteString(imp.block())
	src.WriteString("\n")
	src.Write(body.Bytes())
	out, err := format.Source(src.Bytes())
	if err != nil {
		return "", fmt.Errorf("formatting %s: %w\n%s", goTypesFile, err, src.String())
	}
	return string(out), nil
}
