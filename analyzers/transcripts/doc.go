// Package transcripts defines an Analyzer that finds the transcription
// requests of a package and resolves their parameters, for the analyzers
// that judge them (redactpii, webhookauth, contentsafety) and for the
// checklist evidence.
//
// # Analyzer transcripts
//
// transcripts: find AssemblyAI transcription requests and their parameters
//
// It reports nothing; its result is a [*Result].
//
// A request is either
//
//   - an SDK call: (*TranscriptService).TranscribeFromURL, TranscribeFromReader,
//     SubmitFromURL, SubmitFromReader, or Submit (v1.0.0-beta) of
//     github.com/AssemblyAI/assemblyai-go-sdk, with its options argument; or
//   - a REST payload: a map literal with an "audio_url" key, or a struct
//     value whose type has a field with json name audio_url (this includes
//     the SDK's TranscriptParams), passed to json.Marshal, json.MarshalIndent
//     or (*json.Encoder).Encode; or a string literal holding a JSON object
//     with "audio_url" (sent with strings.NewReader) in a package that names
//     an *.assemblyai.com host. A payload that also has "id" or "status"
//     is a transcript (a response, as test servers write them), not a
//     request.
//
// The options are followed to their declaration: a composite literal, &
// literal, a local variable (:= or var) or a package-level variable whose
// only value is such a literal, plus the fields later set on it (v.F = x,
// v["k"] = x). Parameters are keyed by their JSON names (redact_pii,
// webhook_url…), for SDK structs and REST payloads alike.
//
// Where the options cannot be resolved (a function parameter, the result
// of a call, a variable passed to code that may change it, several
// assignments), the request is recorded with Resolved false and the
// analyzers stay silent about it: precision first.
package transcripts
