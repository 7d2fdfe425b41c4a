// Package dotimport passes a dot-imported variable of another package: the
// analyzer cannot see its value there and must not crash on it.
package dotimport

import (
	aai "github.com/AssemblyAI/assemblyai-go-sdk"

	. "hardcodedkey/dotimport/keys"
)

func client() *aai.Client { return aai.NewClient(Key) }

func wrap(k string) *aai.Client { // want wrap:`keySink\[0\]`
	return aai.NewClient(k)
}

func use() { wrap(Key) }
