package a

import (
	"os"

	aai "github.com/AssemblyAI/assemblyai-go-sdk"
)

const apiKey = "cb5d07a8e3d8961f8e1ba551d4e0c371" // want `hard-coded AssemblyAI API key passed to assemblyai.WithAPIKey \(line 18\)`

var pkgKey = "55fd8f2d7b2808ad9a3aea728cb46ead" // want `passed to assemblyai.NewRealTimeClient \(line 22\)`

func direct() *aai.Client {
	return aai.NewClient("15137b8789c9d04ddb58f297428216f5") // want `hard-coded AssemblyAI API key passed to assemblyai.NewClient: read it from the environment, e.g. os.Getenv\("ASSEMBLYAI_API_KEY"\) \(env-key\)`
}

func namedConst() *aai.Client {
	return aai.NewClientWithOptions(aai.WithAPIKey(apiKey))
}

func packageVar() *aai.RealTimeClient {
	return aai.NewRealTimeClient(pkgKey, nil)
}

func local() *aai.RealTimeClient {
	key := "ab627a5038f7c7317cc0965ba8560ca6" // want `passed to assemblyai.WithRealTimeAPIKey \(line 27\)`
	return aai.NewRealTimeClientWithOptions(aai.WithRealTimeAPIKey(key))
}

func concat() *aai.Client {
	return aai.NewClient("6070688762e1bdaf" + "53a640e6dd369c7a") // want `hard-coded AssemblyAI API key`
}

// A fallback default is a hard-coded key too.
func fallback() *aai.Client {
	key := os.Getenv("ASSEMBLYAI_API_KEY")
	if key == "" {
		key = "af36baae8661d44b5db4ad886795daa8" // want `hard-coded AssemblyAI API key passed to assemblyai.NewClient \(line 40\)`
	}
	return aai.NewClient(key)
}

// Negative cases.

func fromEnv() *aai.Client {
	return aai.NewClient(os.Getenv("ASSEMBLYAI_API_KEY"))
}

func lookupEnv() *aai.Client {
	key, ok := os.LookupEnv("ASSEMBLYAI_API_KEY")
	if !ok {
		panic("ASSEMBLYAI_API_KEY not set")
	}
	return aai.NewClient(key)
}

func fromParam(key string) *aai.Client { return aai.NewClient(key) } // want fromParam:`keySink\[0\]`

func placeholders() {
	aai.NewClient("")
	aai.NewClient("<your-api-key>")
	aai.NewClient("YOUR_API_KEY")
	aai.NewClientWithOptions() // the SDK reads ASSEMBLYAI_API_KEY itself
}

// Other options of the SDK take strings that are not keys.
func notKeys() *aai.Client {
	return aai.NewClientWithOptions(aai.WithBaseURL("https://api.eu.assemblyai.com"), aai.WithUserAgent("cb5d07a8e3d8961f8e1ba551d4e0c371"))
}
