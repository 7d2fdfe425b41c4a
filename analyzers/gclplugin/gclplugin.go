// Package gclplugin registers aaiguard's analyzers as a golangci-lint v2
// module plugin named "aaiguard" (see README.md, "golangci-lint plugin",
// for .custom-gcl.yml and .golangci.yml).
//
// It is the only package that imports
// github.com/golangci/plugin-module-register, so the analyzers, `aaiguard
// vet` and aaiguard-vet do not depend on it. Each build of the plugin makes
// fresh analyzers from the settings (the packages' New constructors), so
// the settings never change the package-level Analyzer variables.
package gclplugin

import (
	"fmt"
	"slices"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/aaiguard/aaiguard/analyzers/contentsafety"
	"github.com/aaiguard/aaiguard/analyzers/hardcodedkey"
	"github.com/aaiguard/aaiguard/analyzers/keyexposure"
	"github.com/aaiguard/aaiguard/analyzers/redactpii"
	"github.com/aaiguard/aaiguard/analyzers/tokenexpiry"
	"github.com/aaiguard/aaiguard/analyzers/webhookauth"
)

// Name is the plugin's name: the key under linters.settings.custom in
// .golangci.yml, and the linter name in golangci-lint's output and
// //nolint comments.
const Name = "aaiguard"

func init() { register.Plugin(Name, New) }

// Settings are the plugin's settings in .golangci.yml. golangci-lint
// lower-cases keys, so they are kebab-case; unknown keys are an error.
type Settings struct {
	// Disable lists analyzers not to run (hardcodedkey, keyexposure,
	// redactpii, webhookauth, tokenexpiry, contentsafety).
	Disable []string `json:"disable"`
	// Tests also checks _test.go files, for every analyzer.
	Tests bool `json:"tests"`

	HardcodedKey struct {
		Env string `json:"env"`
	} `json:"hardcodedkey"`
	KeyExposure struct {
		Env string `json:"env"`
	} `json:"keyexposure"`
	RedactPII struct {
		RequirePolicies *bool    `json:"require-policies"`
		Policies        []string `json:"policies"`
	} `json:"redactpii"`
	TokenExpiry struct {
		Max int `json:"max"`
	} `json:"tokenexpiry"`
	ContentSafety struct {
		Enable bool `json:"enable"`
	} `json:"contentsafety"`
}

// Plugin is the golangci-lint plugin: the analyzers built from settings.
type Plugin struct{ settings Settings }

var _ register.LinterPlugin = (*Plugin)(nil)

// New decodes the settings given under linters.settings.custom.aaiguard.
func New(conf any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](conf)
	if err != nil {
		return nil, fmt.Errorf("aaiguard plugin settings: %w", err)
	}
	return &Plugin{settings: s}, nil
}

// BuildAnalyzers returns the enabled analyzers configured by the settings.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	s := p.settings
	hk := hardcodedkey.DefaultConfig()
	hk.Tests = s.Tests
	if s.HardcodedKey.Env != "" {
		hk.Env = s.HardcodedKey.Env
	}
	ke := keyexposure.DefaultConfig()
	ke.Tests = s.Tests
	if s.KeyExposure.Env != "" {
		ke.Env = s.KeyExposure.Env
	}
	rp := redactpii.DefaultConfig()
	rp.Tests = s.Tests
	if s.RedactPII.RequirePolicies != nil {
		rp.RequirePolicies = *s.RedactPII.RequirePolicies
	}
	if len(s.RedactPII.Policies) > 0 {
		rp.Policies = s.RedactPII.Policies
	}
	te := tokenexpiry.DefaultConfig()
	te.Tests = s.Tests
	if s.TokenExpiry.Max < 0 {
		return nil, fmt.Errorf("aaiguard plugin settings: tokenexpiry.max %d is negative", s.TokenExpiry.Max)
	}
	if s.TokenExpiry.Max > 0 {
		te.Max = s.TokenExpiry.Max
	}
	wa := webhookauth.DefaultConfig()
	wa.Tests = s.Tests
	cs := contentsafety.DefaultConfig()
	cs.Tests = s.Tests
	cs.Enable = s.ContentSafety.Enable

	all := []*analysis.Analyzer{
		hardcodedkey.New(hk),
		keyexposure.New(ke),
		redactpii.New(rp),
		webhookauth.New(wa),
		tokenexpiry.New(te),
		contentsafety.New(cs),
	}
	var names []string
	for _, a := range all {
		names = append(names, a.Name)
	}
	for _, d := range s.Disable {
		if !slices.Contains(names, d) {
			return nil, fmt.Errorf("aaiguard plugin settings: disable: unknown analyzer %q (have %s)", d, strings.Join(names, ", "))
		}
	}
	var out []*analysis.Analyzer
	for _, a := range all {
		if !slices.Contains(s.Disable, a.Name) {
			out = append(out, a)
		}
	}
	return out, nil
}

// GetLoadMode asks for type information: every analyzer resolves objects
// through go/types.
func (p *Plugin) GetLoadMode() string { return register.LoadModeTypesInfo }
