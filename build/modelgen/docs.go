package main

// Doc comments of the struct types and their fields, read with go/parser
// from the packages that declare them (only the plugin package is loaded
// with syntax; the others come from export data).

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"

	"golang.org/x/tools/go/packages"
)

type typeDocs struct {
	doc    string
	fields map[string]string
}

func attachDocs(l *loaded, structs []*structDef) error {
	paths := map[string]bool{}
	for _, s := range structs {
		paths[s.pkgPath] = true
	}
	cfg := &packages.Config{Mode: packages.NeedName | packages.NeedFiles, Dir: l.workDir}
	pkgs, err := packages.Load(cfg, sortedKeys(paths)...)
	if err != nil {
		return fmt.Errorf("listing packages for doc comments: %w", err)
	}
	docs := map[string]map[string]*typeDocs{} // pkg path → type name → docs
	for _, p := range pkgs {
		docs[p.PkgPath] = map[string]*typeDocs{}
		fset := token.NewFileSet()
		for _, path := range p.GoFiles {
			file, err := parser.ParseFile(fset, path, nil, parser.ParseComments|parser.SkipObjectResolution)
			if err != nil {
				return fmt.Errorf("parsing %s for doc comments: %w", path, err)
			}
			collectTypeDocs(file, docs[p.PkgPath])
		}
	}
	for _, s := range structs {
		n := s.goName
		if i := strings.IndexByte(n, '['); i >= 0 {
			n = n[:i]
		}
		td := docs[s.pkgPath][n]
		if td == nil {
			continue
		}
		s.doc = td.doc
		for _, f := range s.fields {
			f.doc = td.fields[f.name]
		}
	}
	return nil
}

func collectTypeDocs(file *ast.File, into map[string]*typeDocs) {
	for _, decl := range file.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE {
			continue
		}
		for _, spec := range gd.Specs {
			ts := spec.(*ast.TypeSpec)
			doc := ts.Doc.Text()
			if doc == "" && len(gd.Specs) == 1 {
				doc = gd.Doc.Text()
			}
			td := &typeDocs{doc: doc, fields: map[string]string{}}
			if st, ok := ts.Type.(*ast.StructType); ok {
				for _, f := range st.Fields.List {
					text := f.Doc.Text()
					if text == "" {
						text = f.Comment.Text()
					}
					if text == "" {
						continue
					}
					for _, name := range fieldNames(f) {
						td.fields[name] = text
					}
				}
			}
			into[ts.Name.Name] = td
		}
	}
}

// fieldNames are a field list entry's names; an embedded field is named after its type.
func fieldNames(f *ast.Field) []string {
	if len(f.Names) > 0 {
		var out []string
		for _, n := range f.Names {
			out = append(out, n.Name)
		}
		return out
	}
	t := f.Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	switch t := t.(type) {
	case *ast.Ident:
		return []string{t.Name}
	case *ast.SelectorExpr:
		return []string{t.Sel.Name}
	case *ast.IndexExpr:
		return fieldNames(&ast.Field{Type: t.X})
	}
	return nil
}
