// Package redactpii defines an Analyzer that reports AssemblyAI
// transcription requests made without PII redaction.
//
// # Analyzer redactpii
//
// redactpii: report transcription requests without PII redaction (checklist: pii-redaction)
//
// AssemblyAI transcribes audio that often holds personal data (names,
// phone numbers, card numbers). Redaction is off unless the request sets
// redact_pii to true, and the API then requires a list of policies. The
// analyzer reports
//
//   - SDK calls TranscribeFromURL, TranscribeFromReader, SubmitFromURL,
//     SubmitFromReader (and Submit, v1.0.0-beta) of
//     github.com/AssemblyAI/assemblyai-go-sdk whose options are nil;
//   - options (TranscriptOptionalParams, CreateTranscriptOptionalParameters,
//     TranscriptParams) without RedactPII set to true;
//   - options with RedactPII true but no RedactPIIPolicies (absent, nil or
//     empty), unless -redactpii.require-policies=false;
//   - REST payloads: a map literal with an "audio_url" key, or a struct
//     value with an audio_url JSON field, passed to json.Marshal,
//     json.MarshalIndent or (*json.Encoder).Encode, or a JSON string literal
//     with "audio_url" in a package that names an AssemblyAI host, without
//     redact_pii true (or without redact_pii_policies).
//
// Options are followed to their declaration: &literal, a local variable
// (:= or var) or package-level variable assigned once, and fields set on it
// afterwards (opts.RedactPII = aai.Bool(true), req["redact_pii"] = true).
// True is recognised as true, aai.Bool(true) (under any import name), Go
// 1.26 new(true), &v of a true constant, and pointer helpers of the shape
// func(x T) *T { return &x }. Where the options or the value cannot be
// resolved (a function parameter, a call result, a variable passed to
// other code, aai.Bool(cfg.Redact)) the analyzer stays silent: precision
// first.
//
// The suggested fix adds RedactPII: aai.Bool(true) (new(true), or true for
// bool and map payloads) and the default policy list, or replaces nil
// options with a literal that has them. It reuses the file's import name of
// the SDK.
//
// Flags:
//
//	-redactpii.require-policies  report RedactPII true without policies (default true)
//	-redactpii.policies LIST     comma-separated policies the fix inserts (default
//	                             person_name,phone_number,email_address,credit_card_number,us_social_security_number)
//	-redactpii.tests             also check _test.go files (default false)
package redactpii
