// Package hardcodedkey defines an Analyzer that reports AssemblyAI API keys
// written in Go source.
//
// # Analyzer hardcodedkey
//
// hardcodedkey: report hard-coded AssemblyAI API keys (checklist: env-key)
//
// An API key in source code ends up in every clone, fork, build log and
// the git history. The analyzer reports a constant string that reaches
//
//   - the key parameter of NewClient, WithAPIKey, NewRealTimeClient or
//     WithRealTimeAPIKey of github.com/AssemblyAI/assemblyai-go-sdk (any
//     import name, vendored copies too);
//   - the key parameter of a user function that forwards one of its string
//     parameters to such a sink, in this package or another (the
//     analyzer exports a keySink fact for such wrappers, so
//     newClient("…") is caught where newClient is defined elsewhere);
//   - the Authorization header (http.Header Set/Add, h["Authorization"] =
//     []string{…}, http.Header{"Authorization": …}) in a package that
//     mentions an *.assemblyai.com host in a string constant.
//
// The constant may be written at the call, come through a named constant,
// a local or package-level variable given a constant anywhere (a fallback
// default counts: key = "…" when the environment is empty), or string
// concatenation of those. The diagnostic is at the literal, the line to
// fix (const demoKey = "…"), when it is in the package; the places the key
// reaches are its related information (one diagnostic for a constant used
// in several places). Placeholders ("", "<your-api-key>",
// "YOUR_API_KEY", "xxxx") are not reported. Values that are not constant
// (os.Getenv, flags, config files) are never reported.
//
// The suggested fix replaces the constant with
// os.Getenv("ASSEMBLYAI_API_KEY") (importing os when needed); when the
// constant is a variable's initializer it replaces that, so the variable
// stays used. A key held by a named constant gets no fix: the constant's
// declaration must be deleted by hand, and os.Getenv cannot be a constant.
//
// Flags:
//
//	-hardcodedkey.env NAME  environment variable the fix reads (default ASSEMBLYAI_API_KEY)
//	-hardcodedkey.tests     also check _test.go files (default false: tests
//	                        use fake keys against httptest servers; the secret
//	                        scanner still checks them for real keys)
package hardcodedkey
