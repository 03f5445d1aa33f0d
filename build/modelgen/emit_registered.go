package main

// registered.ts (gob's interface registry entries from client_rpc.go's
// init()) and index.ts.

import (
	"fmt"
	"strings"
)

func emitRegistered(m *spec) string {
	f := newTSFile(m.module, `The concrete types Mattermost's plugin package registers with gob in
init(), by the name gob sends for them inside interface values
(gob.Register: reflect's String() for unnamed and pointer types,
"importpath.Name" for named ones; gob.RegisterName: the given name). The
codec's builtin names (int, string, []string, …) are not repeated here.`)
	f.useType(schemaModule, "GobType")
	x := newSchemaExprs(f, func(s *structDef) string {
		f.use("./schemas", schemaName(s))
		return schemaName(s)
	})
	for _, r := range m.registered {
		x.count(r.wire)
	}
	var entries []string
	for _, r := range m.registered {
		entries = append(entries, fmt.Sprintf("  [%s, %s],", quote(r.name), x.expr(r.wire)))
	}
	for _, d := range x.decls {
		f.p("%s", d)
	}
	if len(x.decls) > 0 {
		f.p("")
	}
	f.p("/** [gob name, schema] in registration order; load each with the codec's registerName. */")
	f.p("export const registeredTypes: ReadonlyArray<readonly [name: string, type: GobType]> = [")
	f.p("%s", strings.Join(entries, "\n"))
	f.p("];")
	return f.String()
}

func emitIndex(m *spec) string {
	f := newTSFile(m.module, "The generated Mattermost model types, schemas, method tables and API client.")
	f.p("export type * from './models';")
	f.p("export * from './schemas';")
	f.p("export { hooks, totalHooks, type HookName, type PluginHooks } from './hooks';")
	f.p("export { apiMethods, createPluginAPI, type ApiMethodName, type PluginAPI } from './api';")
	f.p("export { registeredTypes } from './registered';")
	return f.String()
}
