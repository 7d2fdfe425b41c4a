// Package treesitter parses JavaScript, TypeScript, TSX, Python, Ruby, Java,
// C#, PHP and Go with the
// tree-sitter runtime of github.com/tree-sitter/go-tree-sitter and each
// grammar's own Go module (github.com/tree-sitter/tree-sitter-<language>),
// and converts the result into a [syntax.Tree].
//
// The grammars are C code, so this package needs cgo. A build without cgo
// (CGO_ENABLED=0) still compiles: Parse then returns [ErrUnavailable] and
// the code rules report that they did not run, instead of the whole tool
// failing to build.
package treesitter

import (
	"errors"
	"time"
)

// Lang is a grammar.
type Lang int

const (
	JavaScript Lang = iota // .js .jsx .mjs .cjs (the grammar includes JSX)
	TypeScript             // .ts .mts .cts
	TSX                    // .tsx
	Python                 // .py .pyi and notebook cells
	Ruby                   // .rb .rake .gemspec .ru, Gemfile, Rakefile
	Java                   // .java
	CSharp                 // .cs .csx
	PHP                    // .php .phtml (the full grammar: HTML text outside <?php ... ?>)
	Go                     // .go
	PHPOnly                // PHP code without <?php tags (snippets, fragments)

	numLangs
)

func (l Lang) String() string {
	switch l {
	case JavaScript:
		return "javascript"
	case TypeScript:
		return "typescript"
	case TSX:
		return "tsx"
	case Python:
		return "python"
	case Ruby:
		return "ruby"
	case Java:
		return "java"
	case CSharp:
		return "csharp"
	case PHP:
		return "php"
	case Go:
		return "go"
	case PHPOnly:
		return "php-only"
	}
	return "unknown"
}

// ErrUnavailable is returned by Parse in builds without cgo.
var ErrUnavailable = errors.New("code parsers unavailable: aaiguard was built without cgo (CGO_ENABLED=0)")

// Timeout bounds one parse; a file that takes longer is reported as not
// parsed. Real source files parse at about 10 MB/s, so this is reached only
// by pathological input.
const Timeout = 10 * time.Second

// ErrTimeout is returned when a parse took longer than Timeout.
var ErrTimeout = errors.New("parse took longer than " + Timeout.String())
