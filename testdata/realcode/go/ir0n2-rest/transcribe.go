// Reduction of Ir0n2/ultimate-speech-to-text-golang-example transcribe.go:
// net/http with a map body and the key in a constant (a synthetic key
// here; the repository's own is a real-looking one).
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
)

func main() {
	const AUDIO_URL = "https://cdn.assemblyai.com/upload/69531591"
	const API_KEY = "55fd8f2d7b2808ad9a3aea728cb46ead" // want "assemblyai-api-key"
	const TRANSCRIPT_URL = "https://api.assemblyai.com/v2/transcript"

	values := map[string]string{"audio_url": AUDIO_URL}
	jsonData, _ := json.Marshal(values)

	client := &http.Client{}
	req, _ := http.NewRequest("POST", TRANSCRIPT_URL, bytes.NewBuffer(jsonData)) // want "aai-pii-redaction-missing" "aai-content-safety-missing" "aai-retention-no-deletion"
	req.Header.Set("content-type", "application/json")
	req.Header.Set("authorization", API_KEY)
	res, _ := client.Do(req)
	defer res.Body.Close()
	var result map[string]interface{}
	json.NewDecoder(res.Body).Decode(&result)
	fmt.Println(result["id"])
}
