// Package user calls wrappers defined in another package: the keySink facts
// carry the knowledge across.
package user

import (
	"os"

	"hardcodedkey/wrappers"
)

const key = "cb5d07a8e3d8961f8e1ba551d4e0c371" // want `passed to NewClient \(which passes it to the AssemblyAI SDK\) \(line 14 and 1 more\)`

func clients() {
	wrappers.NewClient(key)
	wrappers.Options("https://api.assemblyai.com", key)
	wrappers.Service{}.Connect("55fd8f2d7b2808ad9a3aea728cb46ead") // want `passed to Connect`
	wrappers.NewClient(os.Getenv("ASSEMBLYAI_API_KEY"))
}
