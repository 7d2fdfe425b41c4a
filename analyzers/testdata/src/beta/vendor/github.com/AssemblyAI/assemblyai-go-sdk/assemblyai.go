// Package assemblyai is a test stub of the SDK at v1.0.0-beta (2023-11-21),
// vendored: the options type was CreateTranscriptOptionalParameters and the
// method Submit.
package assemblyai

import "context"

type Client struct {
	Transcripts *TranscriptService
}

func NewClient(apiKey string) *Client { return &Client{} }

type TranscriptService struct{}

type PIIPolicy string

type CreateTranscriptOptionalParameters struct {
	RedactPII         *bool       `json:"redact_pii,omitempty"`
	RedactPIIPolicies []PIIPolicy `json:"redact_pii_policies,omitempty"`
	WebhookURL        *string     `json:"webhook_url,omitempty"`
}

type Transcript struct{}

func (s *TranscriptService) Submit(ctx context.Context, audioURL string, opts *CreateTranscriptOptionalParameters) (Transcript, error) {
	return Transcript{}, nil
}

func (s *TranscriptService) Wait(ctx context.Context, transcriptID string) (Transcript, error) {
	return Transcript{}, nil
}

func Bool(v bool) *bool { return &v }
