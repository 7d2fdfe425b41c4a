//go:build !js

// Package server mints tokens: the SDK with the key is fine on the server.
package server

import (
	"context"
	"encoding/json"
	"net/http"
	"os"

	aai "github.com/AssemblyAI/assemblyai-go-sdk"
)

func token(w http.ResponseWriter, r *http.Request) {
	client := aai.NewClient(os.Getenv("ASSEMBLYAI_API_KEY"))
	resp, err := client.RealTime.CreateTemporaryToken(context.Background(), 60)
	if err != nil {
		http.Error(w, "token", http.StatusBadGateway)
		return
	}
	json.NewEncoder(w).Encode(map[string]string{"token": aai.ToString(resp.Token)})
}
