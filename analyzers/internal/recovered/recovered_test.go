package recovered_test

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/aaiguard/aaiguard/analyzers/internal/recovered"
)

func TestRun(t *testing.T) {
	boom := recovered.Run("boom", func(*analysis.Pass) (any, error) { panic("odd code") })
	if res, err := boom(nil); res != nil || err == nil || !strings.Contains(err.Error(), "internal error in analyzer boom: odd code") {
		t.Errorf("panic: %v, %v", res, err)
	}
	want := errors.New("plain")
	ok := recovered.Run("ok", func(*analysis.Pass) (any, error) { return 42, want })
	if res, err := ok(nil); res != 42 || err != want {
		t.Errorf("no panic: %v, %v", res, err)
	}
}
