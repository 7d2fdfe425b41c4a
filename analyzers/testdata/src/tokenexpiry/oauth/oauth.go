// Package oauth answers OAuth token requests of its own: expires_in here is
// not an AssemblyAI token, although the package also calls AssemblyAI.
package oauth

import "encoding/json"

const transcripts = "https://api.assemblyai.com/v2/transcript"

type tokenResponse struct {
	AccessToken string `json:"access_token"`
	ExpiresIn   int    `json:"expires_in"`
}

func issue() ([]byte, error) {
	return json.Marshal(tokenResponse{AccessToken: "t", ExpiresIn: 3600})
}
