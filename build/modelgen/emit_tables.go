package main

// hooks.ts and api.ts: the method tables, the hook interface a plugin
// implements and the typed API client.

import (
	"fmt"
	"strings"
)

// tableWriter renders method table entries into one module.
type tableWriter struct {
	m      *spec
	f      *tsFile
	x      *schemaExprs
	models map[string]bool // model interfaces used by signatures
}

func newTableWriter(m *spec, f *tsFile) *tableWriter {
	w := &tableWriter{m: m, f: f, models: map[string]bool{}}
	w.x = newSchemaExprs(f, func(s *structDef) string {
		f.use("./schemas", schemaName(s))
		return schemaName(s)
	})
	w.x.inlineStruct = func(s *structDef) string {
		f.use(schemaModule, "defineStruct")
		var fs []string
		for _, fd := range s.fields {
			fs = append(fs, w.x.fieldExpr(fd))
		}
		return fmt.Sprintf("defineStruct(%s, [%s])", quote(s.reflectName), strings.Join(fs, ", "))
	}
	return w
}

func (w *tableWriter) countWires(ds []*methodDef) {
	for _, d := range ds {
		for _, wt := range w.m.wires[d] {
			w.countWire(wt)
		}
	}
}

func (w *tableWriter) countWire(t *wireType) {
	if t.kind == kStruct && isZStruct(t.strct) {
		for _, fd := range t.strct.fields {
			w.x.count(fd.typ)
		}
		return
	}
	w.x.count(t)
}

// entry renders one table entry.
func (w *tableWriter) entry(d *methodDef, isHook bool) string {
	var b strings.Builder
	b.WriteString(jsdoc(goSignature(d), "  "))
	fmt.Fprintf(&b, "  %s: {\n", d.goName)
	fmt.Fprintf(&b, "    name: %s, method: %s,", quote(d.goName), quote(d.tsName))
	if isHook {
		fmt.Fprintf(&b, " id: %d,", d.id)
	}
	var params []string
	for _, p := range d.params {
		params = append(params, quote(p.tsName))
	}
	fmt.Fprintf(&b, " params: [%s],\n", strings.Join(params, ", "))
	wires := w.m.wires[d]
	fmt.Fprintf(&b, "    args: %s,\n", w.x.expr(wires[0]))
	fmt.Fprintf(&b, "    returns: %s,\n", w.x.expr(wires[1]))
	var opts []string
	opts = append(opts, fmt.Sprintf("values: %d", len(d.values)))
	if d.errorKind != "" {
		opts = append(opts, "error: "+quote(d.errorKind))
	}
	if len(d.params) > 0 && d.isVariadic() {
		opts = append(opts, "variadic: true")
	}
	if d.handWritten {
		opts = append(opts, "handWritten: true")
	}
	if !d.plain {
		opts = append(opts, "special: true")
	}
	if d.rpcOnly {
		opts = append(opts, "rpcOnly: true")
	}
	if len(d.replySeeds) > 0 {
		var seeds []string
		for _, k := range sortedKeys(d.replySeeds) {
			seeds = append(seeds, fmt.Sprintf("%s: %s", k, quote(d.replySeeds[k])))
		}
		opts = append(opts, "replySeeds: { "+strings.Join(seeds, ", ")+" }")
	}
	if d.notImplemented != "" {
		opts = append(opts, "notImplemented: "+quote(d.notImplemented))
	}
	fmt.Fprintf(&b, "    %s,\n", strings.Join(opts, ", "))
	b.WriteString("  },\n")
	return b.String()
}

// goSignature is the Go method as declared, for the table's comments.
func goSignature(d *methodDef) string {
	if d.rpcOnly {
		return fmt.Sprintf("net/rpc only: (%s) → %s", reflectString(d.args), reflectString(d.reply))
	}
	var ps, rs []string
	for i, p := range d.params {
		t := reflectString(p.typ)
		if i == len(d.params)-1 && d.isVariadic() {
			t = "..." + strings.TrimPrefix(t, "[]")
		}
		ps = append(ps, strings.TrimSpace(p.goName+" "+t))
	}
	for _, r := range d.values {
		rs = append(rs, reflectString(r.typ))
	}
	switch d.errorKind {
	case "error":
		rs = append(rs, "error")
	case "appError":
		rs = append(rs, "*model.AppError")
	}
	s := "func " + d.goName + "(" + strings.Join(ps, ", ") + ")"
	switch len(rs) {
	case 0:
	case 1:
		s += " " + rs[0]
	default:
		s += " (" + strings.Join(rs, ", ") + ")"
	}
	return s
}

// paramTS is a bound parameter's TS type, from its Args field.
func (w *tableWriter) paramTS(d *methodDef, i int, sent bool) string {
	return w.fieldTS(w.m.wires[d][0], d.params[i].field, sent)
}

// fieldTS is the TS type of an Args or Returns field. sent: the plugin
// produces the value (API arguments, hook results), so a struct at the top
// level may be partial; values the plugin receives keep the full type.
func (w *tableWriter) fieldTS(t *wireType, field string, sent bool) string {
	for _, fd := range t.strct.fields {
		if fd.name == field {
			if sent {
				return inputTS(fd.typ, w.named)
			}
			return tsFieldType(fd.typ, w.named)
		}
	}
	panic("no field " + field)
}

// inputTS is Partial<T> for a struct T or a pointer to one (| null), since
// gob sends only the non-zero fields and the receiver reads a missing one
// as Go's zero value; any other type as tsFieldType gives it.
func inputTS(t *wireType, named func(string)) string {
	base, pointer := t, false
	for base.kind == kPtr {
		base, pointer = base.elem, true
	}
	if base.kind != kStruct || base.strct.tsName == "" {
		return tsFieldType(t, named)
	}
	named(base.strct.tsName)
	if pointer {
		return "Partial<" + base.strct.tsName + "> | null"
	}
	return "Partial<" + base.strct.tsName + ">"
}

func (w *tableWriter) named(name string) { w.models[name] = true }

// resultTS is the TS result: void, the value, or a tuple in Go order.
func (w *tableWriter) resultTS(d *methodDef, sent bool) string {
	var vs []string
	for _, r := range d.values {
		vs = append(vs, w.fieldTS(w.m.wires[d][1], r.field, sent))
	}
	switch len(vs) {
	case 0:
		return "void"
	case 1:
		return vs[0]
	}
	return "[" + strings.Join(vs, ", ") + "]"
}

// signatureTS is "(a: A, ...rest: B[])"; sent as for fieldTS.
func (w *tableWriter) signatureTS(d *methodDef, sent bool) string {
	var ps []string
	for i, p := range d.params {
		t := w.paramTS(d, i, sent)
		if i == len(d.params)-1 && d.isVariadic() {
			ps = append(ps, "..."+p.tsName+": "+strings.TrimSuffix(t, " | null"))
		} else {
			ps = append(ps, p.tsName+": "+t)
		}
	}
	return "(" + strings.Join(ps, ", ") + ")"
}

// typable: every parameter and value result maps to an Args/Returns field.
func (d *methodDef) typable() bool {
	for _, p := range d.params {
		if p.field == "" {
			return false
		}
	}
	for _, r := range d.values {
		if r.field == "" {
			return false
		}
	}
	return !d.rpcOnly
}

func (d *methodDef) isVariadic() bool { return d.variadic && len(d.params) > 0 }

func (w *tableWriter) importModels() {
	for _, name := range sortedKeys(w.models) {
		w.f.useType("./models", name)
	}
}

func (w *tableWriter) finish(tables string) {
	for _, d := range w.x.decls {
		w.f.p("%s", d)
	}
	if len(w.x.decls) > 0 {
		w.f.p("")
	}
	w.f.body.WriteString(tables)
	w.importModels()
}

// errorName is how docs name the trailing error result.
func errorName(d *methodDef) string {
	if d.errorKind == "appError" {
		return "*model.AppError"
	}
	return "error"
}

func emitHooks(m *spec) string {
	f := newTSFile(m.module, `The hooks Mattermost calls on a plugin ("Plugin.<name>" on the hooks
stream), with their wire structs, and the interface a plugin implements.`)
	f.useType(tablesModule, "HookInfo", "HookResult")
	w := newTableWriter(m, f)
	w.countWires(m.hooks)

	var tables strings.Builder
	fmt.Fprintf(&tables, "/** TotalHooksID: the length of the host's implemented[] table. */\nexport const totalHooks = %d;\n\n", m.totalHooks)
	var names []string
	for _, d := range m.hooks {
		names = append(names, quote(d.goName))
	}
	fmt.Fprintf(&tables, "export type HookName =\n  | %s;\n\n", strings.Join(names, "\n  | "))
	tables.WriteString("/** Every hook of plugin.Hooks, in hook id order (Implemented first). */\n")
	tables.WriteString("export const hooks: Readonly<Record<HookName, HookInfo>> = {\n")
	for _, d := range m.hooks {
		tables.WriteString(w.entry(d, true))
	}
	tables.WriteString("};\n\n")

	var skipped []string
	var iface strings.Builder
	for _, d := range m.hooks {
		if !d.typable() {
			skipped = append(skipped, d.goName)
			continue
		}
		doc := strings.TrimSpace(d.doc)
		if d.errorKind != "" {
			doc += fmt.Sprintf("\n\nThrow to return the Go %s result.", errorName(d))
		}
		iface.WriteString(jsdoc(doc, "  "))
		fmt.Fprintf(&iface, "  %s%s: HookResult<%s>;\n", d.tsName, w.signatureTS(d, false), w.resultTS(d, true))
	}
	tables.WriteString(jsdoc(fmt.Sprintf(`The hooks a plugin may implement, with the Go parameters in order and
the Go results (none → void, one → the value, several → a tuple in Go
order). Pointers may be null, and so may slices, maps and []byte (gob
sends neither an empty slice nor a nil map). A struct result may be
partial (Partial<CommandResponse>): gob sends only non-zero fields, so a
missing property means Go's zero value. A hook that has a Go error result
reports it by throwing. Not listed, because the runtime serves them over
streams or itself: %s.`, strings.Join(skipped, ", ")), ""))
	tables.WriteString("export interface PluginHooks {\n")
	tables.WriteString(iface.String())
	tables.WriteString("}\n")
	w.finish(tables.String())
	return f.String()
}

func emitAPI(m *spec) string {
	f := newTSFile(m.module, `The plugin API ("Plugin.<name>" calls from the plugin to the host on the
API stream), with its wire structs, and a typed client over one injected
call function.`)
	f.useType(tablesModule, "ApiMethod", "ApiCall")
	f.use(tablesModule, "bindApi")
	w := newTableWriter(m, f)
	w.countWires(m.api)

	var tables strings.Builder
	var names []string
	for _, d := range m.api {
		names = append(names, quote(d.goName))
	}
	fmt.Fprintf(&tables, "export type ApiMethodName =\n  | %s;\n\n", strings.Join(names, "\n  | "))
	tables.WriteString("/** Every method of plugin.API, and the host's net/rpc-only methods, by Go name. */\n")
	tables.WriteString("export const apiMethods: Readonly<Record<ApiMethodName, ApiMethod>> = {\n")
	for _, d := range m.api {
		tables.WriteString(w.entry(d, false))
	}
	tables.WriteString("};\n\n")

	var skipped []string
	var iface strings.Builder
	for _, d := range m.api {
		if d.rpcOnly {
			continue
		}
		if !d.plain {
			skipped = append(skipped, d.goName)
			continue
		}
		doc := strings.TrimSpace(d.doc)
		if d.errorKind != "" {
			doc += fmt.Sprintf("\n\n@throws {PluginApiError} when the Go %s result is non-nil.", errorName(d))
		}
		iface.WriteString(jsdoc(doc, "  "))
		fmt.Fprintf(&iface, "  %s%s: Promise<%s>;\n", d.tsName, w.signatureTS(d, true), w.resultTS(d, false))
	}
	tables.WriteString(jsdoc(fmt.Sprintf(`The Mattermost plugin API, one async method per plugin.API method, Go
parameters in order. A struct parameter may be partial
(Partial<Command>): gob sends only non-zero fields, so a missing property
means Go's zero value ('', 0, false, null). It resolves with the Go
results other than the trailing error (none → undefined, one → the value,
several → a tuple in Go order; an empty list or nil pointer is null) and
rejects with a PluginApiError when that error is non-nil.
Not here, because their transport needs streams or a different shape (the
runtime provides them): %s.`, strings.Join(skipped, ", ")), ""))
	tables.WriteString("export interface PluginAPI {\n")
	tables.WriteString(iface.String())
	tables.WriteString("}\n\n")
	tables.WriteString("/** The typed client over `call`, which performs one \"Plugin.<name>\" RPC (see methodTable.ts). */\n")
	tables.WriteString("export function createPluginAPI(call: ApiCall): PluginAPI {\n")
	tables.WriteString("  return bindApi<PluginAPI>(Object.values(apiMethods), call);\n")
	tables.WriteString("}\n")
	w.finish(tables.String())
	return f.String()
}
