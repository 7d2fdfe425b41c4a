package long

import (
	"context"

	aai "github.com/AssemblyAI/assemblyai-go-sdk"
)

// With -tokenexpiry.max=100000, an hour passes and 360000 does not.
func tokens(ctx context.Context, c *aai.Client) {
	c.RealTime.CreateTemporaryToken(ctx, 3600)
	c.RealTime.CreateTemporaryToken(ctx, 360000) // want `expires after 360000 s, above the 100000 s limit`
}
