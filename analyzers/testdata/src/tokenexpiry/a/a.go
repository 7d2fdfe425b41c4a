package a

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"

	aai "github.com/AssemblyAI/assemblyai-go-sdk"
)

const hour = 3600

func sdkTokens(ctx context.Context, c *aai.Client, n int64) {
	c.RealTime.CreateTemporaryToken(ctx, 3600)          // want `temporary token expires after 3600 s, above the 600 s limit.*\(browser-tokens\)`
	c.RealTime.CreateTemporaryToken(ctx, hour)          // want `expires after 3600 s`
	c.RealTime.CreateTemporaryToken(ctx, 3_600_000_000) // want `expires after 3_600_000_000 s, above`
	c.RealTime.CreateTemporaryToken(ctx, 60*60)         // want `expires after 3600 s \(60 \* 60\), above`
	c.RealTime.CreateTemporaryToken(ctx, 60)
	c.RealTime.CreateTemporaryToken(ctx, 600)
	c.RealTime.CreateTemporaryToken(ctx, n)
}

const tokenURL = "https://streaming.assemblyai.com/v3/token?expires_in_seconds=86400" // want `expires after 86400 s`

func v3(expiry int) []string {
	q := url.Values{}
	q.Set("expires_in_seconds", "1200")            // want `expires after 1200 s`
	q.Set("expires_in_seconds", strconv.Itoa(900)) // want `expires after 900 s`
	q.Set("expires_in_seconds", strconv.Itoa(expiry))
	q.Add("max_session_duration_seconds", "10800")
	return []string{
		fmt.Sprintf("https://streaming.assemblyai.com/v3/token?expires_in_seconds=%d", 7200), // want `expires after 7200 s`
		fmt.Sprintf("%s/v3/token?expires_in_seconds=%d", "https://streaming.assemblyai.com", 60),
		"https://streaming.assemblyai.com/v3/token?expires_in_seconds=300",
	}
}

const v2TokenURL = "https://api.assemblyai.com/v2/realtime/token"

type v2Request struct {
	ExpiresIn int `json:"expires_in"`
}

func v2() {
	json.Marshal(map[string]any{"expires_in": 36000}) // want `expires after 36000 s`
	json.Marshal(v2Request{ExpiresIn: 480})
	json.Marshal(v2Request{ExpiresIn: 7200}) // want `expires after 7200 s`
}
