//go:build cgo

package treesitter

import (
	"context"
	"errors"
	"fmt"
	"sync"

	sitter "github.com/smacker/go-tree-sitter"
	"github.com/smacker/go-tree-sitter/javascript"
	"github.com/smacker/go-tree-sitter/python"
	"github.com/smacker/go-tree-sitter/typescript/tsx"
	"github.com/smacker/go-tree-sitter/typescript/typescript"

	"github.com/aaiguard/aaiguard/scanner/check/lang/syntax"
)

// Available reports whether Parse works in this build.
const Available = true

type grammar struct {
	lang *sitter.Language
	// kinds and named cache the symbol table: one cgo call per symbol
	// instead of one per node.
	kinds []string
	named []bool
	pool  sync.Pool // *sitter.Parser
}

var (
	grammarsOnce sync.Once
	grammars     [4]*grammar
)

func load() {
	for i, l := range []*sitter.Language{javascript.GetLanguage(), typescript.GetLanguage(), tsx.GetLanguage(), python.GetLanguage()} {
		g := &grammar{lang: l}
		n := int(l.SymbolCount())
		g.kinds = make([]string, n)
		g.named = make([]bool, n)
		for s := 0; s < n; s++ {
			g.kinds[s] = l.SymbolName(sitter.Symbol(s))
			g.named[s] = l.SymbolType(sitter.Symbol(s)) == sitter.SymbolTypeRegular
		}
		g.pool.New = func() any {
			p := sitter.NewParser()
			p.SetLanguage(l)
			p.SetOperationLimit(int(Timeout.Microseconds()))
			return p
		}
		grammars[i] = g
	}
}

// Parse parses src. The result may contain syntax errors (tree-sitter
// recovers from them); Tree.Errors counts them. An error is returned only
// when no tree could be built at all: the parse took longer than
// [Timeout] (pathological input), or the grammar failed to load.
//
// The timeout is the parser's own operation limit, not a cancelable
// context: go-tree-sitter's context watcher can set the cancellation flag
// after a parse has finished, which would fail the pooled parser's next
// parse.
func Parse(src []byte, lang Lang) (*syntax.Tree, error) {
	grammarsOnce.Do(load)
	if int(lang) < 0 || int(lang) >= len(grammars) {
		return nil, fmt.Errorf("unknown language %d", lang)
	}
	g := grammars[lang]
	p := g.pool.Get().(*sitter.Parser)
	tr, err := p.ParseCtx(context.Background(), nil, src)
	if err != nil {
		// A parser that stopped halfway must be reset before it is reused.
		p.Reset()
		g.pool.Put(p)
		if errors.Is(err, sitter.ErrOperationLimit) {
			return nil, ErrTimeout
		}
		return nil, err
	}
	g.pool.Put(p)
	if tr == nil {
		return nil, errors.New("the parser returned no tree")
	}
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
	cur := sitter.NewTreeCursor(root)
	defer cur.Close()
	var stack []*syntax.Node
	for {
		n := cur.CurrentNode()
		sym := int(n.Symbol())
		kind := "?"
		named := false
		if sym >= 0 && sym < len(g.kinds) {
			kind, named = g.kinds[sym], g.named[sym]
		}
		field := ""
		// ERROR nodes have the reserved symbol 0xFFFF; zero-width MISSING
		// nodes are not looked for (one cgo call per node saved): a tree
		// with only those still reports an error through HasError below.
		if sym == 0xFFFF {
			out.Errors++
			out.ErrorBytes += int(n.EndByte() - n.StartByte())
			kind = "ERROR"
			named = true
		}
		keep := named
		if named {
			if len(stack) > 0 {
				field = cur.CurrentFieldName()
			}
		} else if len(stack) > 0 && operatorParents[stack[len(stack)-1].Kind] {
			// Anonymous tokens are kept only when they carry a field
			// (an operator, a declaration kind); asking for the field
			// costs a cgo call, so only where one can be.
			field = cur.CurrentFieldName()
			keep = field != ""
		}
		if kind == "comment" {
			keep = false
		}
		var node *syntax.Node
		if keep {
			sp := n.StartPoint()
			node = &syntax.Node{
				Kind: kind, Field: field, Named: named,
				Start: int(n.StartByte()), End: int(n.EndByte()),
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
		if keep && named && cur.GoToFirstChild() {
			stack = append(stack, node)
			continue
		}
		for !cur.GoToNextSibling() {
			if !cur.GoToParent() || len(stack) <= 1 {
				return out
			}
			stack = stack[:len(stack)-1]
		}
	}
}

// operatorParents are the node kinds (of the JS, TS and Python grammars)
// whose anonymous children can carry a field name.
var operatorParents = map[string]bool{
	"binary_expression": true, "assignment_expression": true, "augmented_assignment_expression": true,
	"unary_expression": true, "update_expression": true, "lexical_declaration": true,
	"binary_operator": true, "boolean_operator": true, "comparison_operator": true, "unary_operator": true,
	"augmented_assignment": true, "not_operator": true,
}
