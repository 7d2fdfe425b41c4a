package assemblyai

type PIIPolicy string

type SubstitutionPolicy string

type RedactPIIAudioQuality string

type SpeechModel string

const (
	SpeechModelBest SpeechModel = "best"
	SpeechModelNano SpeechModel = "nano"
)

// TranscriptOptionalParams: the security-relevant fields of v1.10.0 and a few
// others, with their JSON tags.
type TranscriptOptionalParams struct {
	AutoChapters            *bool                 `json:"auto_chapters,omitempty"`
	ContentSafety           *bool                 `json:"content_safety,omitempty"`
	ContentSafetyConfidence *int64                `json:"content_safety_confidence,omitempty"`
	EntityDetection         *bool                 `json:"entity_detection,omitempty"`
	LanguageCode            string                `json:"language_code,omitempty"`
	Punctuate               *bool                 `json:"punctuate,omitempty"`
	RedactPII               *bool                 `json:"redact_pii,omitempty"`
	RedactPIIAudio          *bool                 `json:"redact_pii_audio,omitempty"`
	RedactPIIAudioQuality   RedactPIIAudioQuality `json:"redact_pii_audio_quality,omitempty"`
	RedactPIIPolicies       []PIIPolicy           `json:"redact_pii_policies,omitempty"`
	RedactPIISub            SubstitutionPolicy    `json:"redact_pii_sub,omitempty"`
	SpeakerLabels           *bool                 `json:"speaker_labels,omitempty"`
	SpeechModel             SpeechModel           `json:"speech_model,omitempty"`
	Summarization           *bool                 `json:"summarization,omitempty"`
	WebhookAuthHeaderName   *string               `json:"webhook_auth_header_name,omitempty"`
	WebhookAuthHeaderValue  *string               `json:"webhook_auth_header_value,omitempty"`
	WebhookURL              *string               `json:"webhook_url,omitempty"`
	WordBoost               []string              `json:"word_boost,omitempty"`
}

type TranscriptParams struct {
	AudioURL *string `json:"audio_url,omitempty"`

	TranscriptOptionalParams
}

type Transcript struct {
	ID        *string `json:"id,omitempty"`
	Text      *string `json:"text,omitempty"`
	RedactPII *bool   `json:"redact_pii,omitempty"`
}

func String(v string) *string    { return &v }
func Int64(v int64) *int64       { return &v }
func Float64(v float64) *float64 { return &v }
func Bool(v bool) *bool          { return &v }
func ToString(p *string) (v string) {
	if p != nil {
		v = *p
	}
	return
}
