// Package vendored decides which paths hold vendored or dependency code:
// other projects' files that a repository carries (node_modules, vendor,
// a virtualenv's site-packages…). It is the one policy every check follows
// (README, "Vendored and dependency directories"):
//
//   - keys are still reported: a key in any committed file is in every
//     clone, whoever wrote the file (the secret engine and the history scan
//     do not ask this package);
//   - the hygiene checks skip these paths: an env file inside a package is
//     that package's, not the repository's configuration;
//   - the code rules skip them: a dependency's transcription requests are
//     not the repository's, and its AssemblyAI code does not make the
//     repository an AssemblyAI user.
package vendored

import "strings"

// Dir returns the vendored directory that holds the slash-separated path p
// (its path up to and including that directory: "web/node_modules"), and
// whether there is one. A directory counts at any depth when its name is
//
//	node_modules, bower_components   npm, Yarn, pnpm, Bower packages
//	vendor                           Go, PHP Composer, Ruby Bundler, copied libraries
//	third_party                      other projects' code, by convention (Chromium, Bazel, Go)
//	.venv, site-packages             Python virtualenvs and installed packages
//
// The last element of p is a file name and never counts.
func Dir(p string) (string, bool) {
	parts := strings.Split(strings.TrimPrefix(p, "./"), "/")
	for i, name := range parts[:len(parts)-1] {
		if isVendorDir(name) {
			return strings.Join(parts[:i+1], "/"), true
		}
	}
	return "", false
}

// Has reports whether p is inside a vendored directory.
func Has(p string) bool {
	_, ok := Dir(p)
	return ok
}

func isVendorDir(name string) bool {
	switch name {
	case "node_modules", "bower_components", "vendor", "third_party", ".venv", "site-packages":
		return true
	}
	return false
}
