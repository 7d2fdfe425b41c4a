// Reduction of AssemblyAI/assemblyai-go-sdk README.md ("Inspect API
// errors"): a snippet that uses the SDK as aai without importing it; the
// x.Transcripts.TranscribeFromURL anchor in a file that names AssemblyAI
// (here only in this comment) is enough without the import.
package main

import (
	"errors"
	"fmt"
)

func inspect() {
	transcript, err := client.Transcripts.TranscribeFromURL(ctx, audioURL, nil) // want "aai-pii-redaction-missing" "aai-content-safety-missing" "aai-retention-no-deletion"
	if err != nil {
		var apierr aai.APIError
		if errors.As(err, &apierr) {
			fmt.Println(apierr.Response.StatusCode)
		}
	}
	_ = transcript
}
