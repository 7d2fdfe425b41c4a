// Browser code: the file name builds it for js only.
package main

import aai "github.com/AssemblyAI/assemblyai-go-sdk"

func connect(key, token string) {
	aai.NewRealTimeClientWithOptions(aai.WithRealTimeAPIKey(key)) // want `assemblyai.WithRealTimeAPIKey in code built for the browser \(js/wasm\)`
	aai.NewRealTimeClientWithOptions(aai.WithRealTimeAuthToken(token))
}

func main() {}
