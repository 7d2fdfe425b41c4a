// Package sdk names the objects of the AssemblyAI Go SDK
// (github.com/AssemblyAI/assemblyai-go-sdk, v1.0.0-beta to v1.10.0) and
// matches go/types objects against them by package path and name, so that
// import aliases, dot imports and vendored copies all match.
package sdk

import (
	"go/ast"
	"go/token"
	"go/types"
	"regexp"
	"strconv"
	"strings"
)

// Path is the SDK's module and package path.
const Path = "github.com/AssemblyAI/assemblyai-go-sdk"

// IsPath reports whether path is the SDK package, directly or vendored
// (GOPATH-mode vendoring gives "a/vendor/github.com/AssemblyAI/…").
func IsPath(path string) bool {
	return path == Path || strings.HasSuffix(path, "/vendor/"+Path)
}

// IsPackage reports whether pkg is the SDK package.
func IsPackage(pkg *types.Package) bool { return pkg != nil && IsPath(pkg.Path()) }

// Key sinks: functions whose first parameter is the raw API key. They are
// unchanged from v1.0.0-beta to v1.10.0.
var KeySinks = []string{"NewClient", "WithAPIKey", "NewRealTimeClient", "WithRealTimeAPIKey"}

// Transcription methods of TranscriptService whose third parameter (index 2)
// is the optional parameters. Submit is the v1.0.0-beta name of
// SubmitFromURL.
var TranscribeMethods = []string{"TranscribeFromURL", "TranscribeFromReader", "SubmitFromURL", "SubmitFromReader", "Submit"}

// OptionsTypes are the names of the optional-parameters struct:
// CreateTranscriptOptionalParameters in v1.0.0-beta, TranscriptOptionalParams
// since v1.0.0-beta.2, and TranscriptParams (which embeds it and adds
// AudioURL) for hand-rolled requests.
var OptionsTypes = []string{"TranscriptOptionalParams", "CreateTranscriptOptionalParameters", "TranscriptParams"}

// IsFunc reports whether obj is a package-level function of the SDK with
// one of the given names.
func IsFunc(obj types.Object, names ...string) bool {
	fn, ok := obj.(*types.Func)
	if !ok || !IsPackage(fn.Pkg()) {
		return false
	}
	if sig, ok := fn.Type().(*types.Signature); !ok || sig.Recv() != nil {
		return false
	}
	return contains(names, fn.Name())
}

// IsMethod reports whether obj is a method of the SDK type recv (pointer or
// value receiver) with one of the given names.
func IsMethod(obj types.Object, recv string, names ...string) bool {
	fn, ok := obj.(*types.Func)
	if !ok || !IsPackage(fn.Pkg()) || !contains(names, fn.Name()) {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return false
	}
	t := sig.Recv().Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := t.(*types.Named)
	return ok && n.Obj().Name() == recv
}

// IsType reports whether t (or what it points to) is the SDK named type
// with one of the given names.
func IsType(t types.Type, names ...string) bool {
	if t == nil {
		return false
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && IsPackage(n.Obj().Pkg()) && contains(names, n.Obj().Name())
}

// ImportName returns the name under which file imports the SDK ("aai",
// "assemblyai", "." for a dot import), or "" when it does not import it.
func ImportName(file *ast.File) string { return ImportNameOf(file, IsPath) }

// ImportNameOf returns the local name of the first import of file whose
// path satisfies match, or "".
func ImportNameOf(file *ast.File, match func(path string) bool) string {
	for _, spec := range file.Imports {
		p, err := strconv.Unquote(spec.Path.Value)
		if err != nil || !match(p) {
			continue
		}
		if spec.Name != nil {
			if spec.Name.Name == "_" {
				continue
			}
			return spec.Name.Name
		}
		if IsPath(p) {
			return "assemblyai"
		}
		return p[strings.LastIndex(p, "/")+1:]
	}
	return ""
}

// Qualify returns name qualified by the import name imp ("aai.Bool"), or
// name alone for a dot import.
func Qualify(imp, name string) string {
	if imp == "." {
		return name
	}
	return imp + "." + name
}

// HostRE matches AssemblyAI hosts in URLs and strings: api.assemblyai.com,
// api.eu.assemblyai.com, streaming.assemblyai.com, assemblyai.com; not
// notassemblyai.com or assemblyai.com.example. Group 1 is the host.
var HostRE = regexp.MustCompile(`(?i)(?:^|[^a-z0-9.-])((?:[a-z0-9-]+\.)*assemblyai\.com)(?:$|[^a-z0-9.-])`)

// Host returns the first AssemblyAI host named in s, or "".
func Host(s string) string {
	if m := HostRE.FindStringSubmatch(s); m != nil {
		return m[1]
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// MentionsHost reports whether a string literal of files names an
// AssemblyAI host: the sign that a package talks to the REST API.
func MentionsHost(files []*ast.File) bool {
	found := false
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING && HostRE.MatchString(lit.Value) {
				found = true
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}
