package main

import (
	"runtime/debug"
)

// modulePath is aaiguard's module, as `go install` names it.
const modulePath = "github.com/aaiguard/aaiguard"

// pinnedCommit is the commit of aaiguard that the README's install and
// integration snippets pin (docs/examples/*, the golangci-lint plugin, the
// install section). A full commit hash works wherever a repository is
// fetched at a commit and no release tag exists yet (pre-commit's rev, the
// Action's uses, go install …@hash). scripts/pin.sh changes every pin at
// once; TestSnippetsPinned keeps them equal to this one.
const pinnedCommit = "57e1e729de23cf7cc501404d018f5905125438ea"

// installRef is the version `go install …@REF` should name to install this
// very build again: its module version (go install …@v1.2.3, or the
// pseudo-version of a commit), else the commit a checkout was built from,
// else the commit the README pins.
func installRef() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return pinnedCommit
	}
	return installRefOf(bi.Main.Version, bi.Settings)
}

func installRefOf(module string, settings []debug.BuildSetting) string {
	if module != "" && module != "(devel)" {
		return module
	}
	for _, s := range settings {
		if s.Key == "vcs.revision" && len(s.Value) == 40 {
			return s.Value
		}
	}
	return pinnedCommit
}

// installCommand is how to install aaiguard again, for messages (the hook
// that cannot find its binary).
func installCommand() string {
	return "go install " + modulePath + "/cmd/aaiguard@" + installRef()
}
