package goanalysis

import (
	"bytes"
	"go/parser"
	"go/scanner"
	"go/token"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/aaiguard/aaiguard/internal/keyname"
	"github.com/aaiguard/aaiguard/internal/regularfile"
	"github.com/aaiguard/aaiguard/internal/testpath"
	"github.com/aaiguard/aaiguard/internal/workpool"
)

// SDKPath is the AssemblyAI Go SDK's module and package path.
const SDKPath = "github.com/AssemblyAI/assemblyai-go-sdk"

// maxGoFile bounds the Go files read for selection. A larger file is
// type-checked if its package is loaded for another reason; alone, it
// selects its package (nothing was read to rule it out).
const maxGoFile = 8 << 20

// goFile is one Go file of the tree, as selection saw it.
type goFile struct {
	File
	// relevant: the file's code (not its comments) names AssemblyAI (see
	// mentions).
	relevant bool
	// sdkLines are the lines that import the SDK.
	sdkLines []int
	imports  []string
	tooLarge bool
}

// goPackage is a directory of Go files in a module.
type goPackage struct {
	dir      string // slash, relative to the root
	abs      string
	mod      *goModule
	path     string // import path; "" when the module's path is unknown
	files    []*goFile
	relevant bool // one of its files mentions AssemblyAI
	selected bool // relevant, or imports a selected package
}

// prefilter holds lower-case byte strings one of which a file's text must
// contain to mention AssemblyAI; mentions then reads its tokens.
var prefilter = [][]byte{
	// "assembly" covers assemblyai, assembly_ai and the key names
	// keyname.Is accepts (ASSEMBLY_API_TOKEN).
	[]byte("assembly"), []byte("aai"), []byte("audio_url"),
	[]byte("expires_in_seconds"), []byte("realtime/token"), []byte("/v2/transcript"),
}

// stringKeywords are what, in a string literal, makes a file relevant:
// the SDK path and hosts (assemblyai), environment variable names, and
// the REST API's request fields and paths that the analyzers recognise
// without the SDK (transcripts' audio_url payloads, tokenexpiry's
// expires_in_seconds and v2 token endpoint, evidence's DELETE
// /v2/transcript).
var stringKeywords = []string{"assemblyai", "assembly_ai", "audio_url", "expires_in_seconds", "/v2/realtime/token", "/v2/transcript"}

// mentions reports whether Go source src names AssemblyAI in its code,
// where the analyzers can see it: an import of the SDK, a string literal
// holding an AssemblyAI host, key variable name or REST field, or an
// identifier naming AssemblyAI or its key. Comments do not count. It also
// returns the lines that import the SDK.
func mentions(src []byte) (relevant bool, sdkLines []int) {
	low := bytes.ToLower(src)
	if !slices.ContainsFunc(prefilter, func(k []byte) bool { return bytes.Contains(low, k) }) {
		return false, nil
	}
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	s.Init(file, src, nil, 0) // comments skipped; errors tolerated
	for {
		pos, tok, lit := s.Scan()
		switch tok {
		case token.EOF:
			return relevant, sdkLines
		case token.STRING:
			v, err := strconv.Unquote(lit)
			if err != nil {
				v = lit
			}
			if v == SDKPath || strings.HasSuffix(v, "/vendor/"+SDKPath) {
				sdkLines = append(sdkLines, file.Line(pos))
			}
			lv := strings.ToLower(v)
			if keyname.Is(v) || slices.ContainsFunc(stringKeywords, func(k string) bool { return strings.Contains(lv, k) }) {
				relevant = true
			}
		case token.IDENT:
			if keyname.Is(lit) || strings.Contains(strings.ToLower(lit), "assemblyai") {
				relevant = true
			}
		}
	}
}

// imports returns the import paths of Go source src (nil when its
// import block does not parse).
func imports(src []byte) []string {
	f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.ImportsOnly)
	if f == nil {
		return nil
	}
	_ = err // a later syntax error leaves the imports read
	out := make([]string, 0, len(f.Imports))
	for _, spec := range f.Imports {
		if p, err := strconv.Unquote(spec.Path.Value); err == nil {
			out = append(out, p)
		}
	}
	return out
}

// goFiles lists the tree's Go files that the stage considers: not in a
// directory the go command skips, not test files unless Tests. Each is
// read once, in parallel, for mentions and imports.
func (r *run) goFiles() []*goFile {
	var out []*goFile
	for _, f := range r.in.Files {
		if !strings.HasSuffix(f.Path, ".go") || skippedGoDir(path.Dir(f.Path)) {
			continue
		}
		if !r.in.Tests && testpath.Is(f.Path) {
			continue
		}
		out = append(out, &goFile{File: f})
	}
	workpool.Each(len(out), 0, func(k int) {
		if r.ctx.Err() != nil {
			return // Run reports the interruption
		}
		f := out[k]
		src, err := regularfile.Read(f.Abs, false, maxGoFile)
		if err != nil {
			// Too large, or unreadable (the work tree stage reports
			// unreadable files): nothing rules it out.
			f.relevant, f.tooLarge = true, true
			return
		}
		f.relevant, f.sdkLines = mentions(src)
		f.imports = imports(src)
	})
	return out
}

// packages groups files into packages (directories) of the modules they
// belong to (the deepest module around them). Files outside every module
// are returned apart.
func (r *run) packages(mods []*goModule, files []*goFile) (pkgs []*goPackage, loose []*goFile) {
	byDir := map[string]*goPackage{}
	for _, f := range files {
		dir := path.Dir(f.Path)
		p := byDir[dir]
		if p == nil {
			m := moduleFor(dir, mods)
			if m == nil {
				loose = append(loose, f)
				continue
			}
			p = &goPackage{dir: dir, mod: m, abs: joinAbs(r.in.Root, dir)}
			if m.path != "" {
				p.path = m.path
				if dir != m.dir {
					p.path += "/" + relDir(m.dir, dir)
				}
			}
			byDir[dir] = p
			pkgs = append(pkgs, p)
		}
		p.files = append(p.files, f)
		if f.relevant {
			p.relevant = true
		}
	}
	slices.SortFunc(pkgs, func(a, b *goPackage) int { return strings.Compare(a.dir, b.dir) })
	return pkgs, loose
}

// selectPackages marks the packages that can matter: those that mention
// AssemblyAI and, transitively, the packages of the tree that import them
// (a wrapper's callers: facts flow upward). It returns them in directory
// order.
func selectPackages(pkgs []*goPackage) []*goPackage {
	byPath := map[string]*goPackage{}
	for _, p := range pkgs {
		if p.path != "" {
			byPath[p.path] = p
		}
	}
	importers := map[*goPackage][]*goPackage{}
	for _, p := range pkgs {
		seen := map[*goPackage]bool{}
		for _, f := range p.files {
			for _, imp := range f.imports {
				if q := byPath[imp]; q != nil && q != p && !seen[q] {
					seen[q] = true
					importers[q] = append(importers[q], p)
				}
			}
		}
	}
	var queue []*goPackage
	for _, p := range pkgs {
		if p.relevant {
			p.selected = true
			queue = append(queue, p)
		}
	}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		for _, q := range importers[p] {
			if !q.selected {
				q.selected = true
				queue = append(queue, q)
			}
		}
	}
	var out []*goPackage
	for _, p := range pkgs {
		if p.selected {
			out = append(out, p)
		}
	}
	return out
}

// name is the package's import path, or its directory when the module's
// path is unknown.
func (p *goPackage) name() string {
	if p.path != "" {
		return p.path
	}
	return p.dir
}

// moduleFor returns the deepest module whose directory holds dir.
func moduleFor(dir string, mods []*goModule) *goModule {
	var best *goModule
	for _, m := range mods {
		if m.dir == "." || dir == m.dir || strings.HasPrefix(dir, m.dir+"/") {
			if best == nil || len(m.dir) > len(best.dir) || best.dir == "." {
				best = m
			}
		}
	}
	return best
}

// relDir is dir's slash path inside the module directory mod.
func relDir(mod, dir string) string {
	if mod == "." {
		return dir
	}
	return strings.TrimPrefix(dir, mod+"/")
}
