package edit

import (
	"go/ast"
	"go/types"
	"go/version"
	"strconv"
	"strings"

	"github.com/aaiguard/aaiguard/analyzers/internal/sdk"
)

// TrueValue spells the value true for a field of type t in file: true for
// bool and interface types; for *bool the SDK's Bool(true) under the file's
// import name, or Go 1.26's new(true) when the file does not import the SDK
// but its Go version allows it (an unknown version, as in GOPATH mode,
// places no limit). It reports false otherwise.
func TrueValue(t types.Type, file *ast.File, info *types.Info) (string, bool) {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return "true", u.Info()&types.IsBoolean != 0
	case *types.Interface:
		return "true", true
	case *types.Pointer:
		b, ok := u.Elem().Underlying().(*types.Basic)
		if !ok || b.Info()&types.IsBoolean == 0 {
			return "", false
		}
		if imp := sdk.ImportName(file); imp != "" && types.Identical(u.Elem(), types.Typ[types.Bool]) {
			return sdk.Qualify(imp, "Bool") + "(true)", true
		}
		if v := info.FileVersions[file]; (v == "" || version.Compare(v, "go1.26") >= 0) && types.Identical(u.Elem(), types.Typ[types.Bool]) {
			return "new(true)", true
		}
	}
	return "", false
}

// StringList spells a list of string values for a field of type t: a
// slice of a string type ([]aai.PIIPolicy{…}, []string{…}), or []string{…}
// for an interface field. It reports false otherwise.
func StringList(t types.Type, file *ast.File, pkg *types.Package, values []string) (string, bool) {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = strconv.Quote(v)
	}
	body := "{" + strings.Join(quoted, ", ") + "}"
	switch u := t.Underlying().(type) {
	case *types.Interface:
		return "[]string" + body, true
	case *types.Slice:
		b, ok := u.Elem().Underlying().(*types.Basic)
		if !ok || b.Info()&types.IsString == 0 {
			return "", false
		}
		ts, ok := TypeString(t, file, pkg)
		if !ok {
			return "", false
		}
		return ts + body, true
	}
	return "", false
}
