// Package recovered turns a panic in an analyzer's Run into an error of
// its action. No driver (checker, unitchecker, golangci-lint) recovers, and
// one bad pass on odd code must not crash a whole scan. Each of aaiguard's
// analyzers builds its Run with [Run]; the analyzers of x/tools they
// require are left as they are (they are shared by every analyzer of the
// process and must not be changed in place).
package recovered

import (
	"fmt"

	"golang.org/x/tools/go/analysis"
)

// Run returns run with panics turned into an error naming the analyzer.
func Run(name string, run func(*analysis.Pass) (any, error)) func(*analysis.Pass) (any, error) {
	return func(pass *analysis.Pass) (res any, err error) {
		defer func() {
			if r := recover(); r != nil {
				res, err = nil, fmt.Errorf("internal error in analyzer %s: %v (please report it)", name, r)
			}
		}()
		return run(pass)
	}
}
