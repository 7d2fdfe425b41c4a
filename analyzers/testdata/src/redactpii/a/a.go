package a

import (
	"context"
	"encoding/json"
	"io"

	aai "github.com/AssemblyAI/assemblyai-go-sdk"
)

var client = aai.NewClientWithOptions()

const audio = "https://example.com/call.mp3"

func nilOptions(ctx context.Context) {
	client.Transcripts.TranscribeFromURL(ctx, audio, nil) // want `transcription request \(TranscribeFromURL\) with nil options: PII redaction is off.*\(pii-redaction\)`
}

func inlineWithoutRedaction(ctx context.Context, r io.Reader) {
	client.Transcripts.SubmitFromReader(ctx, r, &aai.TranscriptOptionalParams{SpeakerLabels: aai.Bool(true)}) // want `without RedactPII: PII redaction is off`
}

func emptyLiteral(ctx context.Context) {
	client.Transcripts.SubmitFromURL(ctx, audio, &aai.TranscriptOptionalParams{}) // want `without RedactPII`
}

func localMultiline(ctx context.Context) {
	opts := &aai.TranscriptOptionalParams{ // want `without RedactPII`
		SpeakerLabels: aai.Bool(true),
		LanguageCode:  "en",
	}
	client.Transcripts.TranscribeFromURL(ctx, audio, opts)
}

func explicitFalse(ctx context.Context) {
	opts := &aai.TranscriptOptionalParams{RedactPII: aai.Bool(false), RedactPIIPolicies: []aai.PIIPolicy{"person_name"}} // want `with RedactPII false`
	client.Transcripts.TranscribeFromURL(ctx, audio, opts)
}

func noPolicies(ctx context.Context) {
	var opts = aai.TranscriptOptionalParams{ // want `sets RedactPII without RedactPIIPolicies: the API requires at least one policy`
		RedactPII: aai.Bool(true),
	}
	client.Transcripts.TranscribeFromURL(ctx, audio, &opts)
}

func emptyPolicies(ctx context.Context) {
	client.Transcripts.TranscribeFromURL(ctx, audio, &aai.TranscriptOptionalParams{RedactPII: aai.Bool(true), RedactPIIPolicies: []aai.PIIPolicy{}}) // want `without RedactPIIPolicies`
}

// pkgOpts is reported where it is declared.
var pkgOpts = &aai.TranscriptOptionalParams{Punctuate: aai.Bool(true)} // want `without RedactPII`

func packageVar(ctx context.Context) {
	client.Transcripts.TranscribeFromURL(ctx, audio, pkgOpts)
	client.Transcripts.SubmitFromURL(ctx, audio, pkgOpts) // the same literal is reported once
}

// Go 1.26 new(expr) is a bool pointer too.
func newTrueNoPolicies(ctx context.Context) {
	client.Transcripts.TranscribeFromURL(ctx, audio, &aai.TranscriptOptionalParams{RedactPII: new(true)}) // want `without RedactPIIPolicies`
}

// REST: a map payload marshalled by hand.
func restMap() ([]byte, error) {
	body := map[string]any{ // want `REST transcript request \(json.Marshal\) without redact_pii`
		"audio_url":      audio,
		"speaker_labels": true,
	}
	return json.Marshal(body)
}

func restMapNoPolicies(w io.Writer) error {
	return json.NewEncoder(w).Encode(map[string]any{"audio_url": audio, "redact_pii": true}) // want `REST transcript request \(json.Encode\) sets redact_pii without redact_pii_policies`
}

type transcriptRequest struct {
	AudioURL      string `json:"audio_url"`
	SpeakerLabels bool   `json:"speaker_labels"`
}

func restStructNoField() ([]byte, error) {
	return json.Marshal(transcriptRequest{AudioURL: audio}) // want `REST transcript request \(json.Marshal\) without redact_pii`
}

type redactingRequest struct {
	AudioURL  string   `json:"audio_url"`
	RedactPII *bool    `json:"redact_pii,omitempty"`
	Policies  []string `json:"redact_pii_policies,omitempty"`
}

func restStructFalse() ([]byte, error) {
	req := &redactingRequest{AudioURL: audio} // want `REST transcript request \(json.MarshalIndent\) without redact_pii`
	return json.MarshalIndent(req, "", "  ")
}

// The SDK's TranscriptParams marshalled by hand (its RedactPII is promoted
// from the embedded TranscriptOptionalParams, so there is no fix).
func restSDKParams() ([]byte, error) {
	return json.Marshal(aai.TranscriptParams{AudioURL: aai.String(audio)}) // want `without redact_pii`
}
