// Package edit builds the text edits of suggested fixes: inserting fields
// into a composite literal, adding an import, and spelling a type the way a
// file can refer to it.
package edit

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// InsertFields returns an edit that adds the key-value elements (already
// formatted, "RedactPII: aai.Bool(true)") at the start of lit, laid out as
// gofmt would: one per line in a multi-line literal, inline otherwise.
func InsertFields(fset *token.FileSet, lit *ast.CompositeLit, elems []string) analysis.TextEdit {
	if len(lit.Elts) == 0 {
		if fset.Position(lit.Lbrace).Line != fset.Position(lit.Rbrace).Line {
			// {\n} : put the elements on their own lines.
			ind := indentOf(fset, lit.Rbrace)
			return analysis.TextEdit{Pos: lit.Lbrace + 1, End: lit.Lbrace + 1,
				NewText: []byte("\n" + ind + "\t" + strings.Join(elems, ",\n"+ind+"\t") + ",")}
		}
		return analysis.TextEdit{Pos: lit.Lbrace + 1, End: lit.Lbrace + 1, NewText: []byte(strings.Join(elems, ", "))}
	}
	first := lit.Elts[0]
	if fset.Position(first.Pos()).Line != fset.Position(lit.Lbrace).Line {
		ind := indentOf(fset, first.Pos())
		return analysis.TextEdit{Pos: first.Pos(), End: first.Pos(),
			NewText: []byte(strings.Join(elems, ",\n"+ind) + ",\n" + ind)}
	}
	return analysis.TextEdit{Pos: first.Pos(), End: first.Pos(), NewText: []byte(strings.Join(elems, ", ") + ", ")}
}

// InsertAfter returns an edit that adds the elements right after the
// element kv of lit, on their own lines when lit is laid out one element
// per line.
func InsertAfter(fset *token.FileSet, lit *ast.CompositeLit, kv ast.Expr, elems []string) analysis.TextEdit {
	next := lit.Rbrace
	for i, e := range lit.Elts {
		if e == kv && i+1 < len(lit.Elts) {
			next = lit.Elts[i+1].Pos()
		}
	}
	if fset.Position(next).Line != fset.Position(kv.End()).Line {
		ind := indentOf(fset, kv.Pos())
		return analysis.TextEdit{Pos: kv.End(), End: kv.End(), NewText: []byte(",\n" + ind + strings.Join(elems, ",\n"+ind))}
	}
	return analysis.TextEdit{Pos: kv.End(), End: kv.End(), NewText: []byte(", " + strings.Join(elems, ", "))}
}

// indentOf returns the tabs before pos on its line, assuming gofmt's
// tab indentation.
func indentOf(fset *token.FileSet, pos token.Pos) string {
	col := fset.Position(pos).Column
	if col <= 1 {
		return ""
	}
	return strings.Repeat("\t", col-1)
}

// importSpec returns file's import of path (vendored paths match their
// unvendored form), skipping blank imports.
func importSpec(file *ast.File, path string) *ast.ImportSpec {
	for _, spec := range file.Imports {
		p, err := strconv.Unquote(spec.Path.Value)
		if err != nil || p != stripVendor(path) {
			continue
		}
		if spec.Name != nil && spec.Name.Name == "_" {
			continue
		}
		return spec
	}
	return nil
}

// ImportName returns the name under which file imports path, or "" when it
// does not. For an import without a name it assumes the package is named
// after the last element of its path, true of the standard library this is
// used for; TypeString asks the type checker instead.
func ImportName(file *ast.File, path string) string {
	spec := importSpec(file, path)
	switch {
	case spec == nil:
		return ""
	case spec.Name != nil:
		return spec.Name.Name
	}
	return path[strings.LastIndex(path, "/")+1:]
}

// EnsureImport returns the name to use for path in file and, when file
// does not import it yet, the edit that adds the import. It gives up ("",
// false) when the package's last path element is already used as a name in
// the file's scope, which adding the import would break.
func EnsureImport(file *ast.File, info *types.Info, path string) (name string, edits []analysis.TextEdit, ok bool) {
	if n := ImportName(file, path); n != "" {
		return n, nil, true
	}
	name = path[strings.LastIndex(path, "/")+1:]
	if scope := info.Scopes[file]; scope != nil && scope.Lookup(name) != nil {
		return "", nil, false
	}
	if obj := scopeOfPackage(info, file).Lookup(name); obj != nil {
		return "", nil, false
	}
	quoted := strconv.Quote(path)
	for _, d := range file.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			continue
		}
		if gd.Lparen.IsValid() && len(gd.Specs) > 0 {
			// Insert before the first spec of the block, keeping its indent.
			first := gd.Specs[0].Pos()
			return name, []analysis.TextEdit{{Pos: first, End: first, NewText: []byte(quoted + "\n\t")}}, true
		}
		return name, []analysis.TextEdit{{Pos: gd.End(), End: gd.End(), NewText: []byte("\nimport " + quoted)}}, true
	}
	// No imports at all: add one after the package clause.
	pos := file.Name.End()
	return name, []analysis.TextEdit{{Pos: pos, End: pos, NewText: []byte("\n\nimport " + quoted)}}, true
}

func scopeOfPackage(info *types.Info, file *ast.File) *types.Scope {
	if obj := info.Defs[file.Name]; obj != nil && obj.Pkg() != nil {
		return obj.Pkg().Scope()
	}
	if s := info.Scopes[file]; s != nil && s.Parent() != nil {
		return s.Parent()
	}
	return types.NewScope(nil, token.NoPos, token.NoPos, "")
}

// TypeString spells t as file can refer to it: packages qualified by the
// names file imports them under, the current package unqualified. It
// reports false when t needs a package that file does not import.
func TypeString(t types.Type, file *ast.File, pkg *types.Package) (string, bool) {
	ok := true
	s := types.TypeString(t, func(p *types.Package) string {
		if p == pkg {
			return ""
		}
		spec := importSpec(file, p.Path())
		switch {
		case spec == nil:
			ok = false
			return p.Name()
		case spec.Name == nil:
			return p.Name()
		case spec.Name.Name == ".":
			return ""
		}
		return spec.Name.Name
	})
	return s, ok
}

// stripVendor turns the path of a GOPATH-mode vendored package
// ("a/vendor/example.com/x") into the path its importers write.
func stripVendor(path string) string {
	if i := strings.LastIndex(path, "/vendor/"); i >= 0 {
		return path[i+len("/vendor/"):]
	}
	return strings.TrimPrefix(path, "vendor/")
}
