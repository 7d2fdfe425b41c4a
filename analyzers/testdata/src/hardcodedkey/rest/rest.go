// Package rest calls the REST API by hand.
package rest

import (
	"net/http"
	"os"
	"strings"
)

const endpoint = "https://api.assemblyai.com/v2/transcript"

func submit(body string) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodPost, endpoint, strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "15137b8789c9d04ddb58f297428216f5") // want `hard-coded AssemblyAI API key set as the Authorization header`
	req.Header.Set("Content-Type", "application/json")
	return http.DefaultClient.Do(req)
}

func headers() http.Header {
	h := http.Header{"authorization": {"ab627a5038f7c7317cc0965ba8560ca6"}} // want `set as the Authorization header`
	h["Authorization"] = []string{"6070688762e1bdaf53a640e6dd369c7a"}       // want `set as the Authorization header`
	return h
}

func fromEnv(req *http.Request) {
	req.Header.Set("Authorization", os.Getenv("ASSEMBLYAI_API_KEY"))
	req.Header.Add("authorization", "Bearer "+os.Getenv("TOKEN"))
}
