// Package hardcodedkey uses the vendored v1.0.0-beta SDK.
package hardcodedkey

import (
	"os"

	sdk "github.com/AssemblyAI/assemblyai-go-sdk"
)

var c = sdk.NewClient("6070688762e1bdaf53a640e6dd369c7a") // want `passed to assemblyai.NewClient`

var ok = sdk.NewClient(os.Getenv("ASSEMBLYAI_API_KEY"))
