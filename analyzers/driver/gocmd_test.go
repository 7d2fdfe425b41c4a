package driver_test

import (
	"slices"
	"testing"

	"github.com/aaiguard/aaiguard/analyzers/driver"
)

func TestPolicyEnv(t *testing.T) {
	base := []string{"HOME=/h", "GOFLAGS=-mod=mod -tags=x", "GOPROXY=https://proxy.example", "CGO_ENABLED=1", "GOTOOLCHAIN=auto"}
	last := func(env []string, key string) string {
		v := "<unset>"
		for _, kv := range env {
			if len(kv) > len(key) && kv[:len(key)+1] == key+"=" {
				v = kv[len(key)+1:]
			}
		}
		return v
	}
	for _, c := range []struct {
		name  string
		p     driver.Policy
		want  map[string]string
		exact bool // the environment is base, unchanged
	}{
		{"scan", driver.Policy{}, map[string]string{"GOPROXY": "off", "CGO_ENABLED": "0", "GOTOOLCHAIN": "local", "GOFLAGS": "-tags=x", "HOME": "/h"}, false},
		{"download", driver.Policy{Download: true}, map[string]string{"GOPROXY": "https://proxy.example", "CGO_ENABLED": "0", "GOTOOLCHAIN": "local", "GOFLAGS": "-tags=x"}, false},
		{"trusted", driver.Policy{Trusted: true}, nil, true},
	} {
		env := c.p.Env(base)
		if c.exact && !slices.Equal(env, base) {
			t.Errorf("%s: %q, want the base environment unchanged", c.name, env)
		}
		for k, v := range c.want {
			if got := last(env, k); got != v {
				t.Errorf("%s: %s=%q, want %q", c.name, k, got, v)
			}
		}
	}
	if env := (driver.Policy{}).Env(base); !slices.Equal(env[:len(base)], base) {
		t.Error("the base environment was modified")
	}
}
