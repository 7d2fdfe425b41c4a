//go:build js && wasm

package main

import aai "github.com/AssemblyAI/assemblyai-go-sdk"

func client(key string) *aai.Client {
	return aai.NewClient(key) // want `assemblyai.NewClient in code built for the browser`
}
