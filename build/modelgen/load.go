package main

// Loading the pinned Mattermost plugin package with go/packages: its syntax
// (for parameter names, doc comments, hook ids, init() registrations and the
// hand-written RPC handlers) and its types (for everything gob sends).

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/packages"
)

const pluginPkgPath = "github.com/mattermost/mattermost/server/public/plugin"

type loaded struct {
	fset   *token.FileSet
	plugin *packages.Package
	// module is "path@version" of the module providing the plugin package, read from go.mod resolution.
	module string
	dir    string // the plugin package's folder
	// workDir is where go.mod lives: every later package lookup resolves
	// versions there, not in the plugin's own module.
	workDir string
}

func loadPlugin(workDir string) (*loaded, error) {
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedSyntax | packages.NeedTypes |
			packages.NeedTypesInfo | packages.NeedImports | packages.NeedModule,
		Dir:   workDir,
		Tests: false,
	}
	pkgs, err := packages.Load(cfg, pluginPkgPath)
	if err != nil {
		return nil, fmt.Errorf("loading %s: %w", pluginPkgPath, err)
	}
	if len(pkgs) != 1 {
		return nil, fmt.Errorf("loading %s: got %d packages", pluginPkgPath, len(pkgs))
	}
	p := pkgs[0]
	if len(p.Errors) > 0 {
		var msgs []string
		for _, e := range p.Errors {
			msgs = append(msgs, e.Error())
		}
		return nil, fmt.Errorf("loading %s:\n  %s", pluginPkgPath, strings.Join(msgs, "\n  "))
	}
	if p.Module == nil || p.Module.Version == "" {
		return nil, fmt.Errorf("%s: no module version (is it required in go.mod?)", pluginPkgPath)
	}
	if len(p.GoFiles) == 0 {
		return nil, fmt.Errorf("%s: no Go files", pluginPkgPath)
	}
	return &loaded{
		fset:    p.Fset,
		plugin:  p,
		module:  p.Module.Path + "@" + p.Module.Version,
		dir:     filepath.Dir(p.GoFiles[0]),
		workDir: workDir,
	}, nil
}

// file returns the parsed file of the plugin package with this base name.
func (l *loaded) file(base string) (*ast.File, error) {
	for _, f := range l.plugin.Syntax {
		if l.fileOf(f.Pos()) == base {
			return f, nil
		}
	}
	return nil, fmt.Errorf("%s: no file %s", pluginPkgPath, base)
}

// fileOf is the base name of the file declaring the node at pos.
func (l *loaded) fileOf(pos token.Pos) string {
	return filepath.Base(l.fset.Position(pos).Filename)
}

// parseGenerator parses interface_generator/main.go, which is a separate
// package main beside the plugin package.
func (l *loaded) parseGenerator() (*ast.File, error) {
	path := filepath.Join(l.dir, "interface_generator", "main.go")
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	if err != nil {
		return nil, fmt.Errorf("parsing %s: %w", path, err)
	}
	return f, nil
}
