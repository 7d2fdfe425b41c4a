// Package assemblyai is a test stub of github.com/AssemblyAI/assemblyai-go-sdk
// v1.10.0: the exported names and signatures the analyzers match, without
// behaviour. Keep it in step with docs/reference (assemblyai-api.md §1).
package assemblyai

import (
	"context"
	"io"
	"net/http"
)

type Client struct {
	Transcripts *TranscriptService
	LeMUR       *LeMURService
	RealTime    *RealTimeService
}

type ClientOption func(*Client)

func NewClientWithOptions(opts ...ClientOption) *Client                      { return &Client{} }
func NewClient(apiKey string) *Client                                        { return NewClientWithOptions(WithAPIKey(apiKey)) }
func WithHTTPClient(httpClient *http.Client) ClientOption                    { return nil }
func WithBaseURL(rawurl string) ClientOption                                 { return nil }
func WithUserAgent(userAgent string) ClientOption                            { return nil }
func WithAPIKey(key string) ClientOption                                     { return nil }
func (c *Client) Upload(ctx context.Context, data io.Reader) (string, error) { return "", nil }

type TranscriptService struct{}

func (s *TranscriptService) SubmitFromURL(ctx context.Context, audioURL string, opts *TranscriptOptionalParams) (Transcript, error) {
	return Transcript{}, nil
}
func (s *TranscriptService) SubmitFromReader(ctx context.Context, reader io.Reader, params *TranscriptOptionalParams) (Transcript, error) {
	return Transcript{}, nil
}
func (s *TranscriptService) TranscribeFromURL(ctx context.Context, audioURL string, opts *TranscriptOptionalParams) (Transcript, error) {
	return Transcript{}, nil
}
func (s *TranscriptService) TranscribeFromReader(ctx context.Context, reader io.Reader, opts *TranscriptOptionalParams) (Transcript, error) {
	return Transcript{}, nil
}
func (s *TranscriptService) Wait(ctx context.Context, transcriptID string) (Transcript, error) {
	return Transcript{}, nil
}
func (s *TranscriptService) Get(ctx context.Context, transcriptID string) (Transcript, error) {
	return Transcript{}, nil
}
func (s *TranscriptService) Delete(ctx context.Context, transcriptID string) (Transcript, error) {
	return Transcript{}, nil
}

type LeMURService struct{}

type RealTimeService struct{}

type RealtimeTemporaryTokenResponse struct {
	Token *string `json:"token,omitempty"`
}

func (svc *RealTimeService) CreateTemporaryToken(ctx context.Context, expiresIn int64) (*RealtimeTemporaryTokenResponse, error) {
	return nil, nil
}

type RealTimeClient struct{}

type RealTimeClientOption func(*RealTimeClient)

type RealTimeHandler interface{}

func NewRealTimeClientWithOptions(options ...RealTimeClientOption) *RealTimeClient { return nil }
func NewRealTimeClient(apiKey string, handler RealTimeHandler) *RealTimeClient     { return nil }
func WithRealTimeAPIKey(apiKey string) RealTimeClientOption                        { return nil }
func WithRealTimeAuthToken(token string) RealTimeClientOption                      { return nil }
func WithRealTimeBaseURL(rawurl string) RealTimeClientOption                       { return nil }
func WithRealTimeSampleRate(sampleRate int) RealTimeClientOption                   { return nil }
func (c *RealTimeClient) Connect(ctx context.Context) error                        { return nil }
