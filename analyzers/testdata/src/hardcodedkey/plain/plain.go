// Package plain sets Authorization headers for another service: not
// reported, the package never talks to AssemblyAI.
package plain

import "net/http"

func other(req *http.Request) {
	req.Header.Set("Authorization", "af36baae8661d44b5db4ad886795daa8")
}
