//go:build cgo

package treesitter

/*
#include <stdlib.h>

// ts_set_allocator is tree-sitter's public API (tree_sitter/api.h), linked
// from github.com/tree-sitter/go-tree-sitter's copy of the runtime.
void ts_set_allocator(void *(*)(size_t), void *(*)(size_t, size_t), void *(*)(void *, size_t), void (*)(void *));

// plainAllocator gives tree-sitter back the C library's allocator.
static void plainAllocator(void) { ts_set_allocator(NULL, NULL, NULL, NULL); }
*/
import "C"

import (
	"fmt"
	"runtime"
	"sync"
	"time"
	"unsafe"

	sitter "github.com/tree-sitter/go-tree-sitter"
	csharp "github.com/tree-sitter/tree-sitter-c-sharp/bindings/go"
	golang "github.com/tree-sitter/tree-sitter-go/bindings/go"
	java "github.com/tree-sitter/tree-sitter-java/bindings/go"
	javascript "github.com/tree-sitter/tree-sitter-javascript/bindings/go"
	php "github.com/tree-sitter/tree-sitter-php/bindings/go"
	python "github.com/tree-sitter/tree-sitter-python/bindings/go"
	ruby "github.com/tree-sitter/tree-sitter-ruby/bindings/go"
	typescript "github.com/tree-sitter/tree-sitter-typescript/bindings/go"

	"github.com/aaiguard/aaiguard/scanner/check/lang/syntax"
)

// Available reports whether Parse works in this build.
const Available = true

type grammar struct {
	lang *sitter.Language
	// kinds, named and fields cache the symbol and field tables: one cgo
	// call per symbol instead of one per node.
	kinds  []string
	named  []bool
	fields []string

	// idle parsers for reuse. The binding frees C memory only on Close
	// (no finalizers), so parsers are kept on a bounded list rather than
	// in a sync.Pool, which drops items at garbage collection.
	mu   sync.Mutex
	idle []*sitter.Parser
	err  error // the grammar could not be loaded (ABI mismatch)
}

// grammars are loaded one by one, the first time each is parsed: a
// pre-commit hook that parses one JS file builds one symbol table, not
// ten (loading all of them was ~1.3 ms of every process that parsed).
var (
	allocatorOnce sync.Once
	grammars      [numLangs]struct {
		once sync.Once
		g    *grammar
	}
)

// language returns a grammar's tree-sitter language.
func language(l Lang) *sitter.Language {
	ptrs := [numLangs]func() unsafe.Pointer{
		JavaScript: javascript.Language, TypeScript: typescript.LanguageTypescript, TSX: typescript.LanguageTSX,
		Python: python.Language, Ruby: ruby.Language, Java: java.Language, CSharp: csharp.Language,
		PHP: php.LanguagePHP, Go: golang.Language, PHPOnly: php.LanguagePHPOnly,
	}
	if int(l) < 0 || int(l) >= len(ptrs) || ptrs[l] == nil {
		return nil
	}
	return sitter.NewLanguage(ptrs[l]())
}

// grammarFor returns lang's grammar, loading it on first use; nil for an
// unknown language.
func grammarFor(lang Lang) *grammar {
	if int(lang) < 0 || int(lang) >= len(grammars) {
		return nil
	}
	// go-tree-sitter routes every allocation of the C runtime through Go
	// callbacks (C to Go to C, twice a node); the C library's allocator is
	// the same memory without the crossings.
	allocatorOnce.Do(func() { C.plainAllocator() })
	s := &grammars[lang]
	s.once.Do(func() { s.g = loadGrammar(lang) })
	return s.g
}

func loadGrammar(lang Lang) *grammar {
	l := language(lang)
	g := &grammar{lang: l}
	if l == nil {
		g.err = fmt.Errorf("no grammar for %s", lang)
		return g
	}
	if v := l.AbiVersion(); v < sitter.MIN_COMPATIBLE_LANGUAGE_VERSION || v > sitter.LANGUAGE_VERSION {
		g.err = fmt.Errorf("the %s grammar has ABI version %d; the tree-sitter runtime reads %d to %d", lang, v, sitter.MIN_COMPATIBLE_LANGUAGE_VERSION, sitter.LANGUAGE_VERSION)
	}
	n := int(l.NodeKindCount())
	g.kinds = make([]string, n)
	g.named = make([]bool, n)
	for s := 0; s < n; s++ {
		g.kinds[s] = l.NodeKindForId(uint16(s))
		g.named[s] = l.NodeKindIsNamed(uint16(s))
	}
	nf := int(l.FieldCount())
	g.fields = make([]string, nf+1) // field ids start at 1
	for f := 1; f <= nf; f++ {
		g.fields[f] = l.FieldNameForId(uint16(f))
	}
	return g
}

func (g *grammar) get(timeout time.Duration) (*sitter.Parser, error) {
	if g.err != nil {
		return nil, g.err
	}
	g.mu.Lock()
	if n := len(g.idle); n > 0 {
		p := g.idle[n-1]
		g.idle = g.idle[:n-1]
		g.mu.Unlock()
		setTimeout(p, timeout)
		return p, nil
	}
	g.mu.Unlock()
	p := sitter.NewParser()
	if err := p.SetLanguage(g.lang); err != nil {
		p.Close()
		return nil, err
	}
	setTimeout(p, timeout)
	return p, nil
}

func setTimeout(p *sitter.Parser, d time.Duration) {
	//lint:ignore SA1019 the replacement (ParseWithOptions with a progress callback) keeps one go-pointer entry per parse forever in v0.25.0 (pointer.Save without Unref); this is the runtime's own clock check.
	p.SetTimeoutMicros(uint64(d.Microseconds()))
}

// put keeps a parser for reuse, at most one per P; the rest are freed.
func (g *grammar) put(p *sitter.Parser) {
	g.mu.Lock()
	if len(g.idle) < runtime.GOMAXPROCS(0) {
		g.idle = append(g.idle, p)
		p = nil
	}
	g.mu.Unlock()
	if p != nil {
		p.Close()
	}
}

// Parse parses src. The result may contain syntax errors (tree-sitter
// recovers from them); Tree.Errors counts them. An error is returned only
// when no tree could be built at all: the parse took longer than
// [Timeout] (pathological input), or the grammar failed to load.
//
// The timeout is the runtime's own clock check (every 100 parse
// operations), not a cancelable context: a context watcher sets a
// cancellation flag from another goroutine, possibly after the parse has
// finished, which would fail the pooled parser's next parse.
func Parse(src []byte, lang Lang) (*syntax.Tree, error) {
	return parse(src, lang, Timeout)
}

func parse(src []byte, lang Lang, timeout time.Duration) (*syntax.Tree, error) {
	g := grammarFor(lang)
	if g == nil {
		return nil, fmt.Errorf("unknown language %d", lang)
	}
	p, err := g.get(timeout)
	if err != nil {
		return nil, err
	}
	tr := p.Parse(src, nil)
	if tr == nil {
		// Out of time. A parser that stopped halfway resumes where it
		// was on its next parse unless it is reset.
		p.Reset()
		g.put(p)
		return nil, ErrTimeout
	}
	g.put(p)
	defer tr.Close()
	return convert(g, tr, src), nil
}

// convert copies the C tree into a syntax.Tree with one cursor walk.
func convert(g *grammar, tr *sitter.Tree, src []byte) *syntax.Tree {
	out := &syntax.Tree{Src: src}
	root := tr.RootNode()
	defer func() {
		if out.Errors == 0 && root.HasError() {
			out.Errors = 1
		}
	}()
	cur := root.Walk()
	defer cur.Close()
	var stack []*syntax.Node
	for {
		n := cur.Node()
		sym := int(n.KindId())
		kind := "?"
		named := false
		if sym >= 0 && sym < len(g.kinds) {
			kind, named = g.kinds[sym], g.named[sym]
		}
		field := ""
		// ERROR nodes have the reserved symbol 0xFFFF; zero-width MISSING
		// nodes are not looked for (one cgo call per node saved): a tree
		// with only those still reports an error through HasError above.
		start, end := int(n.StartByte()), int(n.EndByte())
		if sym == 0xFFFF {
			out.Errors++
			out.ErrorBytes += end - start
			kind = "ERROR"
			named = true
		}
		keep := named
		if named {
			if len(stack) > 0 {
				field = g.field(cur.FieldId())
			}
		} else if len(stack) > 0 && operatorParents[stack[len(stack)-1].Kind] {
			// Anonymous tokens are kept only when they carry a field
			// (an operator, a declaration kind); asking for the field
			// costs a cgo call, so only where one can be.
			field = g.field(cur.FieldId())
			keep = field != ""
		}
		if kind == "comment" || kind == "line_comment" || kind == "block_comment" {
			keep = false
		}
		var node *syntax.Node
		if keep {
			sp := n.StartPosition()
			node = &syntax.Node{
				Kind: kind, Field: field, Named: named,
				Start: start, End: end,
				Line: int(sp.Row) + 1, Col: int(sp.Column) + 1,
			}
			if len(stack) > 0 {
				parent := stack[len(stack)-1]
				node.Parent = parent
				parent.Children = append(parent.Children, node)
			} else {
				out.Root = node
			}
		}
		// Descend into kept named nodes only: an anonymous token has no
		// interesting children, and a comment's are dropped with it.
		if keep && named && cur.GotoFirstChild() {
			stack = append(stack, node)
			continue
		}
		for !cur.GotoNextSibling() {
			if !cur.GotoParent() || len(stack) <= 1 {
				return out
			}
			stack = stack[:len(stack)-1]
		}
	}
}

func (g *grammar) field(id uint16) string {
	if int(id) < len(g.fields) {
		return g.fields[id]
	}
	return ""
}

// operatorParents are the node kinds (of the JS, TS, Python, Ruby, Java,
// C#, PHP and Go grammars)
// whose anonymous children can carry a field name.
var operatorParents = map[string]bool{
	"binary_expression": true, "assignment_expression": true, "augmented_assignment_expression": true,
	"unary_expression": true, "update_expression": true, "lexical_declaration": true,
	"binary_operator": true, "boolean_operator": true, "comparison_operator": true, "unary_operator": true,
	"augmented_assignment": true, "not_operator": true,
	"assignment_statement": true,                                             // Go
	"binary":               true, "operator_assignment": true, "unary": true, // Ruby
}
