package a

import (
	"context"
	"encoding/json"

	aai "github.com/AssemblyAI/assemblyai-go-sdk"
)

const audio = "https://example.com/upload.mp3"

func transcribe(ctx context.Context, c *aai.Client, on bool) {
	c.Transcripts.TranscribeFromURL(ctx, audio, nil)                                                           // want `transcription request \(TranscribeFromURL\) with nil options: user-generated audio is not screened.*\(content-safety\)`
	c.Transcripts.TranscribeFromURL(ctx, audio, &aai.TranscriptOptionalParams{})                               // want `without ContentSafety`
	c.Transcripts.TranscribeFromURL(ctx, audio, &aai.TranscriptOptionalParams{ContentSafety: aai.Bool(false)}) // want `without ContentSafety`
	c.Transcripts.TranscribeFromURL(ctx, audio, &aai.TranscriptOptionalParams{ContentSafety: aai.Bool(true)})
	c.Transcripts.TranscribeFromURL(ctx, audio, &aai.TranscriptOptionalParams{ContentSafety: new(true)})
	c.Transcripts.TranscribeFromURL(ctx, audio, &aai.TranscriptOptionalParams{ContentSafety: aai.Bool(on)})
}

func rest() ([]byte, error) {
	json.Marshal(map[string]any{"audio_url": audio, "content_safety": true})
	return json.Marshal(map[string]any{"audio_url": audio}) // want `REST transcript request \(json.Marshal\) without content_safety`
}
