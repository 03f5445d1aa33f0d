package main

// models.ts (TypeScript interfaces, type-only) and schemas.ts (gob schemas).

import (
	"fmt"
	"strings"
)

func emitModels(m *spec) string {
	f := newTSFile(m.module, `Mattermost model types as a plugin receives them over gob: one interface per
Go struct reachable from a hook, an API method or a gob registration.
Properties use the json tag's name (omitempty → optional); fields without a
json name keep their Go name, because gob carries them all. An embedded
struct is one property named after its type, as gob sends it. A pointer,
slice, map or []byte that gob did not send (nil, or an empty slice) is null.`)
	usedMarshalers := map[string]bool{}
	for _, s := range m.structs {
		doc := s.doc
		if doc != "" {
			doc += "\n"
		}
		doc += "Go: " + s.reflectName
		if len(s.pruned) > 0 {
			doc += "\n\nLeft out (see build/modelgen):\n- " + strings.Join(s.pruned, "\n- ")
		}
		f.body.WriteString(jsdoc(doc, ""))
		f.p("export interface %s {", s.tsName)
		for _, fd := range s.fields {
			f.body.WriteString(jsdoc(fd.doc, "  "))
			// An omitempty field gob left out stays undefined; any other decodes to Go's zero value.
			opt, typeOf := "", tsFieldType
			if fd.omitEmpty {
				opt, typeOf = "?", tsType
			}
			t := typeOf(fd.typ, func(name string) {
				if _, isMarshaler := marshalerAlias(name); isMarshaler {
					usedMarshalers[name] = true
				}
			})
			f.p("  %s%s: %s;", propName(fd.key), opt, t)
		}
		f.p("}")
		f.p("")
	}
	if len(usedMarshalers) > 0 {
		var aliases strings.Builder
		aliases.WriteString("/** The JS value a marshaler schema decodes to. */\n")
		aliases.WriteString("type MarshalerValue<M> = M extends { codec: { decode(bytes: Uint8Array): infer T } } ? T : unknown;\n")
		for _, alias := range sortedKeys(usedMarshalers) {
			schema, _ := marshalerAlias(alias)
			f.useType(marshalersModule, schema)
			fmt.Fprintf(&aliases, "/** The decoded value of the %s marshaler. */\n", schema)
			fmt.Fprintf(&aliases, "export type %s = MarshalerValue<typeof %s>;\n", alias, schema)
		}
		aliases.WriteString("\n")
		body := aliases.String() + f.body.String()
		f.body.Reset()
		f.body.WriteString(body)
	}
	return f.String()
}

func marshalerAlias(tsName string) (schema string, ok bool) {
	for schema, alias := range marshalerTSTypes {
		if alias == tsName {
			return schema, true
		}
	}
	return "", false
}

func emitSchemas(m *spec) string {
	f := newTSFile(m.module, `Gob schemas of the Mattermost model types (see models.ts): Go field names
on the wire, JS keys from the json tags. Declared first and filled after,
so recursive types refer to each other.`)
	f.use(schemaModule, "defineStruct", "defineFields")
	x := newSchemaExprs(f, func(s *structDef) string { return schemaName(s) })
	for _, s := range m.structs {
		for _, fd := range s.fields {
			x.count(fd.typ)
		}
	}
	var fill strings.Builder
	for _, s := range m.structs {
		fmt.Fprintf(&fill, "defineFields(%s, [", schemaName(s))
		if len(s.fields) == 0 {
			fill.WriteString("]);\n")
			continue
		}
		fill.WriteString("\n")
		for _, fd := range s.fields {
			fmt.Fprintf(&fill, "  %s,\n", x.fieldExpr(fd))
		}
		fill.WriteString("]);\n")
	}
	for _, s := range m.structs {
		f.p("export const %s = defineStruct(%s);", schemaName(s), quote(s.reflectName))
	}
	f.p("")
	for _, d := range x.decls {
		f.p("%s", d)
	}
	if len(x.decls) > 0 {
		f.p("")
	}
	f.body.WriteString(fill.String())
	return f.String()
}
