//go:build !cgo

package treesitter

import (
	"github.com/aaiguard/aaiguard/scanner/check/lang/syntax"
)

// Available reports whether Parse works in this build.
const Available = false

// Parse always fails without cgo.
func Parse(src []byte, lang Lang) (*syntax.Tree, error) {
	return nil, ErrUnavailable
}
