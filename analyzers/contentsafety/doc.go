// Package contentsafety defines an Analyzer that reports AssemblyAI
// transcription requests without content safety detection.
//
// # Analyzer contentsafety
//
// contentsafety: report transcription requests without content safety (checklist: content-safety; off by default)
//
// Content safety detection labels hate speech, violence and other
// sensitive content in user-generated audio. It matters only for services
// that transcribe audio uploaded by their users, so the analyzer is off by
// default and reports nothing until enabled with -contentsafety.enable (or
// "enable: true" in the golangci-lint settings). go/analysis drivers have
// no notion of an analyzer that is off by default, hence the flag.
//
// When enabled it reports SDK options and REST payloads (found as the
// redactpii analyzer finds them) whose ContentSafety / content_safety is
// absent, nil or false, and SDK calls with nil options. Values that cannot
// be resolved are not reported. There is no suggested fix.
//
// Flags:
//
//	-contentsafety.enable  report requests without content safety (default false)
//	-contentsafety.tests   also check _test.go files (default false)
package contentsafety
