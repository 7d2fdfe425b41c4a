// Package jsonnohost names no AssemblyAI host: its audio_url JSON belongs
// to some other service.
package jsonnohost

const fixture = `{"audio_url": "https://example.com/a.mp3"}`
