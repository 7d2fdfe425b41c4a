package coderules

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/aaiguard/aaiguard/scanner/check/lang/facts"
	"github.com/aaiguard/aaiguard/scanner/check/lang/jsts"
	"github.com/aaiguard/aaiguard/scanner/check/lang/python"
	"github.com/aaiguard/aaiguard/scanner/check/lang/treesitter"
)

// Symbols is the repository-wide symbol table of the code rules: what each
// JS/TS and Python module of the scanned file set exports (SDK clients,
// transcribers, HTTP clients with their base URLs, factories returning
// them, params objects, constants), so that a file importing them
// (import { client } from "./client", from app.aai import transcriber) is
// judged with what they are.
//
// It is built from any file set: the paths of the scan and a function that
// reads one of them (the work tree, or the staged tree for the pre-commit
// hook). A module is read and parsed the first time another module imports
// it, once per scan, and only its exports are kept; lookups are safe for
// concurrent use by the checkers of one scan. Only what a module itself
// shows is exported: re-exports and aliases are followed up to
// MaxImportChain modules (cycles stop), and what cannot be resolved stays
// unknown: a module outside the file set (a package), a path alias not
// configured in tsconfig.json/jsconfig.json, a value computed at run time.
type Symbols struct {
	has  func(string) bool // whether the file set holds a path
	read func(string) ([]byte, error)
	// tsconfig path aliases by the directory of their tsconfig/jsconfig
	aliases map[string][]pathAlias
	// svelteKit and nuxt app roots, for their built-in aliases
	kitRoots, nuxtRoots map[string]bool

	mu     sync.Mutex
	mods   map[string]*module
	hooks  map[string]*hooks
	loaded int   // modules read, under mu
	bytes  int64 // bytes read, under mu
}

// Limits of the table: a repository past them is still scanned, and the
// imports not followed stay unknown, with a note.
const (
	// MaxImportChain bounds the re-exports and aliases followed for one
	// import.
	MaxImportChain = 8
	// MaxModules and MaxModuleBytes bound the modules read for the table
	// in one scan (each is also at most MaxParseSize).
	MaxModules     = 20000
	MaxModuleBytes = 256 << 20
)

type pathAlias struct {
	prefix, suffix string   // "@/" "" for "@/*"
	targets        []string // repository paths with the "*" left in: "src/*"
}

type module struct {
	once    sync.Once
	exports map[string]facts.Export
	stars   []string // JS/TS: export * from ...
	py      bool
}

// NewSymbols prepares the table for a file set: paths are slash-separated
// and relative to the scanned root (kept: the caller must not change
// them); read returns a file's content.
func NewSymbols(paths []string, read func(string) ([]byte, error)) *Symbols {
	s := &Symbols{has: fileSet(paths), read: read, aliases: map[string][]pathAlias{},
		kitRoots: map[string]bool{}, nuxtRoots: map[string]bool{}, mods: map[string]*module{}, hooks: map[string]*hooks{}}
	for _, p := range paths {
		base := path.Base(p)
		dir := func() string {
			if d := path.Dir(p); d != "." {
				return d
			}
			return ""
		}
		switch {
		case !projectFile(base) || base == "package.json": // package.json is NewProject's
		case strings.Contains(p, "node_modules/"):
		case base == "tsconfig.json" || base == "jsconfig.json":
			s.readAliases(p, dir())
		case strings.HasPrefix(base, "svelte.config."):
			s.kitRoots[dir()] = true
		case strings.HasPrefix(base, "nuxt.config."):
			s.nuxtRoots[dir()] = true
		}
	}
	return s
}

// ProjectPath reports whether NewProject needs to be given a path: the
// files it reads (package.json, tsconfig/jsconfig, SvelteKit and Nuxt
// configs) and those an import can resolve to (JS/TS and Python modules).
// A caller listing a large tree passes only these; the project is the same.
func ProjectPath(p string) bool {
	// by the extension first, without allocating: staged asks for each
	// of a large repository's paths
	dot := strings.LastIndexByte(p, '.')
	if dot < 0 || strings.IndexByte(p[dot:], '/') >= 0 {
		return false
	}
	ext := p[dot:]
	switch ext[len(ext)-1] | 0x20 { // every extension kept ends in s, x, y or n (json)
	case 's', 'x', 'y', 'n':
	default:
		return false
	}
	if strings.EqualFold(ext, ".py") || slices.ContainsFunc(jsExts, func(e string) bool { return strings.EqualFold(ext, e) }) {
		return true // an import may name App.JS
	}
	return projectFile(p[strings.LastIndexByte(p, '/')+1:])
}

// projectFile reports whether NewProject reads a file of this name: the
// one list of them, which ProjectPath keeps and NewSymbols dispatches on.
func projectFile(base string) bool {
	return base == "package.json" || base == "tsconfig.json" || base == "jsconfig.json" ||
		strings.HasPrefix(base, "svelte.config.") || strings.HasPrefix(base, "nuxt.config.")
}

// fileSet answers whether paths holds a path: by binary search when paths
// are in order (a git index's are: a staged scan of 38k paths then builds
// no table), else through a set.
func fileSet(paths []string) func(string) bool {
	if slices.IsSorted(paths) {
		return func(p string) bool { _, ok := slices.BinarySearch(paths, p); return ok }
	}
	set := make(map[string]bool, len(paths))
	for _, p := range paths {
		set[p] = true
	}
	return func(p string) bool { return set[p] }
}

// readAliases reads compilerOptions.paths (and baseUrl) of a tsconfig or
// jsconfig file: JSON with comments and trailing commas.
func (s *Symbols) readAliases(p, dir string) {
	data, err := s.read(p)
	if err != nil || len(data) > 1<<20 {
		return
	}
	var cfg struct {
		CompilerOptions struct {
			BaseURL string              `json:"baseUrl"`
			Paths   map[string][]string `json:"paths"`
		} `json:"compilerOptions"`
	}
	if json.Unmarshal(jsonc(data), &cfg) != nil {
		return
	}
	base := path.Join(dir, cfg.CompilerOptions.BaseURL)
	var out []pathAlias
	for pat, targets := range cfg.CompilerOptions.Paths {
		prefix, suffix, _ := strings.Cut(pat, "*")
		al := pathAlias{prefix: prefix, suffix: suffix}
		for _, t := range targets {
			al.targets = append(al.targets, path.Join(base, t))
		}
		out = append(out, al)
	}
	// the longest prefix first, as TypeScript does
	slices.SortFunc(out, func(a, b pathAlias) int { return len(b.prefix) - len(a.prefix) })
	if dir == "." {
		dir = ""
	}
	s.aliases[dir] = out
}

// jsonc turns JSON with comments and trailing commas into JSON.
func jsonc(b []byte) []byte {
	var out bytes.Buffer
	inStr := false
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case inStr:
			out.WriteByte(c)
			if c == '\\' && i+1 < len(b) {
				i++
				out.WriteByte(b[i])
			} else if c == '"' {
				inStr = false
			}
		case c == '"':
			inStr = true
			out.WriteByte(c)
		case c == '/' && i+1 < len(b) && b[i+1] == '/':
			for i < len(b) && b[i] != '\n' {
				i++
			}
			out.WriteByte('\n')
		case c == '/' && i+1 < len(b) && b[i+1] == '*':
			i += 2
			for i+1 < len(b) && (b[i] != '*' || b[i+1] != '/') {
				i++
			}
			i++
		case c == ',':
			j := i + 1
			for j < len(b) && (b[j] == ' ' || b[j] == '\t' || b[j] == '\n' || b[j] == '\r') {
				j++
			}
			if j < len(b) && (b[j] == '}' || b[j] == ']') {
				continue
			}
			out.WriteByte(c)
		default:
			out.WriteByte(c)
		}
	}
	return out.Bytes()
}

// importer returns the facts.Importer of one file of the set; the notes
// its lookups leave (limits, cycles) go to that file's result.
func (s *Symbols) importer(file string) *importer {
	return &importer{s: s, file: file}
}

type importer struct {
	s     *Symbols
	file  string
	notes []string
}

// KeyLocals implements facts.KeyLocals: the request locals the SvelteKit
// hooks (src/hooks.server.ts of the file's app) set to the key.
func (im *importer) KeyLocals() map[string]string {
	for dir := path.Dir(im.file); ; dir = path.Dir(dir) {
		if dir == "." {
			dir = ""
		}
		for _, ext := range []string{".ts", ".js"} {
			if p := path.Join(dir, "src/hooks.server"+ext); im.s.has(p) {
				return im.s.localsOf(p)
			}
		}
		if dir == "" {
			return nil
		}
	}
}

// localsOf reads a hooks file's key locals once.
func (s *Symbols) localsOf(p string) map[string]string {
	s.mu.Lock()
	h := s.hooks[p]
	if h == nil {
		h = &hooks{}
		s.hooks[p] = h
	}
	s.mu.Unlock()
	h.once.Do(func() {
		data, err := s.read(p)
		if err != nil || len(data) > MaxParseSize {
			return
		}
		lang, _ := jsts.LangFor(p)
		if tr, err := treesitter.Parse(data, lang); err == nil {
			h.locals = jsts.LocalsKeys(tr)
		}
	})
	return h.locals
}

type hooks struct {
	once   sync.Once
	locals map[string]string
}

func (im *importer) note(format string, args ...any) {
	n := fmt.Sprintf(format, args...)
	if !slices.Contains(im.notes, n) {
		im.notes = append(im.notes, n)
	}
}

// Import implements facts.Importer.
func (im *importer) Import(spec, name string) (facts.Export, bool) {
	py := isPython(im.file)
	p, ok := im.s.resolve(im.file, spec, py)
	if !ok {
		return facts.Export{}, false
	}
	e, ok := im.lookup(p, name, py, map[string]bool{}, 0)
	if !ok {
		return facts.Export{}, false
	}
	return e, true
}

func isPython(p string) bool {
	switch strings.ToLower(path.Ext(p)) {
	case ".py", ".pyw", ".ipynb":
		return true
	}
	return false
}

// lookup follows name in module p through aliases, re-exports and
// export * up to MaxImportChain modules.
func (im *importer) lookup(p, name string, py bool, seen map[string]bool, depth int) (facts.Export, bool) {
	key := p + "\x00" + name
	if seen[key] {
		im.note("an import cycle through %s: %s is not followed", p, name)
		return facts.Export{}, false
	}
	seen[key] = true
	if depth > MaxImportChain {
		im.note("the import of %s from %s goes through more than %d modules: not followed", name, p, MaxImportChain)
		return facts.Export{}, false
	}
	m := im.s.module(p, py, im)
	if m == nil {
		return facts.Export{}, false
	}
	e, ok := m.exports[name]
	if !ok {
		for _, star := range m.stars {
			if sp, ok := im.s.resolve(p, star, py); ok {
				if e, ok := im.lookup(sp, name, py, seen, depth+1); ok {
					return e, true
				}
			}
		}
		return facts.Export{}, false
	}
	if e.Ref != nil {
		rp, ok := im.s.resolve(p, e.Ref.Spec, py)
		if !ok {
			return facts.Export{}, false
		}
		if e.Ref.Name == "*" {
			return facts.Export{}, false // a module object, not a value
		}
		return im.lookup(rp, e.Ref.Name, py, seen, depth+1)
	}
	if e.BaseRef != nil {
		if bp, ok := im.s.resolve(p, e.BaseRef.Spec, py); ok {
			if be, ok := im.lookup(bp, e.BaseRef.Name, py, seen, depth+1); ok && be.Value.Kind == facts.Str {
				e.Base = be.Value.Str
			}
		}
	}
	if e.File == "" {
		e.File = p
	}
	e.Value = inFile(e.Value, p)
	e.Config = inFile(e.Config, p)
	return e, true
}

// inFile marks a value and its parts as defined in file p.
func inFile(v facts.Value, p string) facts.Value {
	if v.File == "" {
		v.File = p
	}
	switch v.Kind {
	case facts.Obj:
		o := v.Obj.Clone()
		for _, k := range o.Keys {
			o.Vals[k] = inFile(o.Vals[k], p)
		}
		v.Obj = o
	case facts.List:
		items := make([]facts.Value, len(v.Items))
		for i, it := range v.Items {
			items[i] = inFile(it, p)
		}
		v.Items = items
	}
	return v
}

// module returns module p's exports, reading and parsing it on first use.
func (s *Symbols) module(p string, py bool, im *importer) *module {
	s.mu.Lock()
	m := s.mods[p]
	if m == nil {
		if s.loaded >= MaxModules || s.bytes >= MaxModuleBytes {
			s.mu.Unlock()
			im.note("the cross-file symbol table reached its limit (%d modules, %d MiB): imports of further modules stay unknown", MaxModules, MaxModuleBytes>>20)
			return nil
		}
		m = &module{py: py}
		s.mods[p] = m
		s.loaded++
	}
	s.mu.Unlock()
	m.once.Do(func() { s.load(m, p) })
	return m
}

func (s *Symbols) load(m *module, p string) {
	data, err := s.read(p)
	if err != nil || len(data) > MaxParseSize {
		return
	}
	s.mu.Lock()
	s.bytes += int64(len(data))
	s.mu.Unlock()
	lang := treesitter.Python
	if !m.py {
		l, ok := jsts.LangFor(p)
		if !ok {
			return
		}
		lang = l
	}
	tr, err := treesitter.Parse(data, lang)
	if err != nil {
		return
	}
	if m.py {
		m.exports = python.ModuleExports(tr)
	} else {
		m.exports, m.stars = jsts.ModuleExports(tr)
	}
	if tr.Errors > 0 {
		// The parser recovered from syntax errors: an object may hold keys
		// it could not read, so none is taken as complete.
		for k, e := range m.exports {
			e.Value, e.Config = opened(e.Value), opened(e.Config)
			m.exports[k] = e
		}
	}
}

// opened marks a value's objects open (keys may be missing from them).
func opened(v facts.Value) facts.Value {
	switch v.Kind {
	case facts.Obj:
		o := v.Obj.Clone()
		o.Open = true
		for _, k := range o.Keys {
			o.Vals[k] = opened(o.Vals[k])
		}
		v.Obj = o
	case facts.List:
		v.Open = true
	}
	return v
}

// resolve maps an import spec of file from to a module path of the set.
func (s *Symbols) resolve(from, spec string, py bool) (string, bool) {
	if py {
		return s.resolvePython(from, spec)
	}
	return s.resolveJS(from, spec)
}

var jsExts = []string{".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts"}

func (s *Symbols) resolveJS(from, spec string) (string, bool) {
	dir := path.Dir(from)
	var bases []string
	switch {
	case strings.HasPrefix(spec, "./") || strings.HasPrefix(spec, "../") || spec == "." || spec == "..":
		bases = []string{path.Join(dir, spec)}
	case strings.HasPrefix(spec, "$lib/") || spec == "$lib":
		if root, ok := s.nearest(from, s.kitRoots); ok {
			bases = []string{path.Join(root, "src/lib", strings.TrimPrefix(spec, "$lib"))}
		}
	default:
		if root, ok := s.nearestAliases(from); ok {
			for _, al := range s.aliases[root] {
				if !strings.HasPrefix(spec, al.prefix) || !strings.HasSuffix(spec, al.suffix) || len(spec) < len(al.prefix)+len(al.suffix) {
					continue
				}
				star := spec[len(al.prefix) : len(spec)-len(al.suffix)]
				for _, t := range al.targets {
					bases = append(bases, strings.Replace(t, "*", star, 1))
				}
				break
			}
		}
		if len(bases) == 0 && (strings.HasPrefix(spec, "~/") || strings.HasPrefix(spec, "@/")) {
			// Nuxt's own aliases for its source directory
			if root, ok := s.nearest(from, s.nuxtRoots); ok {
				bases = []string{path.Join(root, spec[2:])}
			}
		}
	}
	for _, b := range bases {
		b = path.Clean(b)
		if strings.HasPrefix(b, "../") || b == ".." {
			continue // outside the scanned root
		}
		if s.has(b) && isJS(b) {
			return b, true
		}
		stem := b
		if ext := path.Ext(b); ext == ".js" || ext == ".jsx" || ext == ".mjs" || ext == ".cjs" {
			stem = strings.TrimSuffix(b, ext) // TypeScript's ESM style: import "./x.js" of x.ts
		}
		for _, ext := range jsExts {
			if s.has(stem + ext) {
				return stem + ext, true
			}
		}
		for _, ext := range jsExts {
			if s.has(b + "/index" + ext) {
				return b + "/index" + ext, true
			}
		}
	}
	return "", false
}

func isJS(p string) bool { _, ok := jsts.LangFor(p); return ok }

// nearest returns the nearest ancestor directory of file in roots.
func (s *Symbols) nearest(file string, roots map[string]bool) (string, bool) {
	for dir := path.Dir(file); ; dir = path.Dir(dir) {
		if dir == "." {
			dir = ""
		}
		if roots[dir] {
			return dir, true
		}
		if dir == "" {
			return "", false
		}
	}
}

func (s *Symbols) nearestAliases(file string) (string, bool) {
	for dir := path.Dir(file); ; dir = path.Dir(dir) {
		if dir == "." {
			dir = ""
		}
		if _, ok := s.aliases[dir]; ok {
			return dir, true
		}
		if dir == "" {
			return "", false
		}
	}
}

// resolvePython maps a module name as written (app.aai, .aai, ..pkg.mod)
// to a file of the set: relative names from the importing file's package,
// absolute ones from the nearest ancestor directory (or the root) that
// holds them, as a source root would.
func (s *Symbols) resolvePython(from, spec string) (string, bool) {
	dots := len(spec) - len(strings.TrimLeft(spec, "."))
	rel := strings.ReplaceAll(spec[dots:], ".", "/")
	var bases []string
	if dots > 0 {
		dir := path.Dir(from)
		for i := 1; i < dots; i++ {
			dir = path.Dir(dir)
		}
		if dir == "." {
			dir = ""
		}
		bases = []string{path.Join(dir, rel)}
	} else {
		for dir := path.Dir(from); ; dir = path.Dir(dir) {
			if dir == "." {
				dir = ""
			}
			bases = append(bases, path.Join(dir, rel))
			if dir == "" {
				break
			}
		}
	}
	for _, b := range bases {
		if strings.HasPrefix(b, "../") || b == ".." {
			continue
		}
		if b == "" || b == "." {
			if s.has("__init__.py") {
				return "__init__.py", true
			}
			continue
		}
		if s.has(b + ".py") {
			return b + ".py", true
		}
		if s.has(b + "/__init__.py") {
			return b + "/__init__.py", true
		}
	}
	return "", false
}

// Stats reports the modules the table read and their bytes, for the
// benchmark.
func (s *Symbols) Stats() (modules int, bytes int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.loaded, s.bytes
}
