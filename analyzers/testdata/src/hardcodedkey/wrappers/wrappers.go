// Package wrappers defines functions that forward a key to the SDK: the
// analyzer exports a KeySink fact for each.
package wrappers

import assemblyai "github.com/AssemblyAI/assemblyai-go-sdk"

func NewClient(key string) *assemblyai.Client { // want NewClient:`keySink\[0\]`
	return assemblyai.NewClient(key)
}

// Options forwards its second parameter through another wrapper.
func Options(baseURL, key string) []assemblyai.ClientOption { // want Options:`keySink\[1\]`
	return []assemblyai.ClientOption{assemblyai.WithBaseURL(baseURL), apiKey(key)}
}

func apiKey(k string) assemblyai.ClientOption { // want apiKey:`keySink\[0\]`
	return assemblyai.WithAPIKey(k)
}

// Reassigned parameters are not forwarded as given.
func normalised(k string) *assemblyai.Client {
	k = k + "-suffix"
	return assemblyai.NewClient(k)
}

type Service struct{}

func (Service) Connect(key string) *assemblyai.RealTimeClient { // want Connect:`keySink\[0\]`
	return assemblyai.NewRealTimeClient(key, nil)
}

func use() {
	NewClient("531b92387181e40c29e8941c2b0148d9") // want `passed to NewClient \(which passes it to the AssemblyAI SDK\)`
	_ = normalised
}
