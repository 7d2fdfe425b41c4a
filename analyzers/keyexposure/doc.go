// Package keyexposure defines an Analyzer that reports the AssemblyAI API
// key sent to browsers.
//
// # Analyzer keyexposure
//
// keyexposure: report the AssemblyAI API key written to HTTP responses or used in js/wasm code (checklist: browser-tokens)
//
// A browser that streams audio to AssemblyAI needs a credential, and the
// only safe one is a short-lived temporary token minted on the server
// (RealTime.CreateTemporaryToken in the SDK, GET
// https://streaming.assemblyai.com/v3/token for Universal Streaming). The
// analyzer reports
//
//   - the API key written to an http.ResponseWriter: w.Write,
//     fmt.Fprint/Fprintf/Fprintln, io.WriteString, json.NewEncoder(w).Encode,
//     (html|text)/template Execute and ExecuteTemplate, w.Header().Set/Add,
//     http.SetCookie; the key may be inside a conversion, a concatenation, a
//     fmt.Sprint* call, a composite literal (a JSON body, template data) or a
//     variable holding one of those;
//   - NewClient, WithAPIKey, NewRealTimeClient or WithRealTimeAPIKey of
//     github.com/AssemblyAI/assemblyai-go-sdk in code built for the browser:
//     a file constrained to js or wasm (build tag or _js.go/_wasm.go
//     name) or a package importing syscall/js.
//
// The API key is what os.Getenv or os.LookupEnv return for an AssemblyAI
// key variable (-keyexposure.env), and whatever the analyzer sees it flow
// into: variables, struct fields, functions returning it. It exports a
// keyHolder fact for functions, package-level variables and fields that
// hold the key, so config.APIKey() from another package counts. A variable
// or field named like an AssemblyAI key (aaiKey, AssemblyAIAPIKey) counts
// too.
//
// Writers of other frameworks (gin's c.JSON, echo) are not recognised.
// There is no suggested fix: the remedy is a token endpoint.
//
// Flags:
//
//	-keyexposure.env REGEXP  names of environment variables that hold the key
//	                         (default: AssemblyAI key names as every aaiguard
//	                         check knows them: ASSEMBLYAI_API_KEY, AAI_KEY,
//	                         ASSEMBLY_API_TOKEN…)
//	-keyexposure.tests       also check _test.go files (default false)
package keyexposure
