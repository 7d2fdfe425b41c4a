// Package noimport does not import os yet: the fix adds it.
package noimport

import assemblyai "github.com/AssemblyAI/assemblyai-go-sdk"

var client = assemblyai.NewClient("cb5d07a8e3d8961f8e1ba551d4e0c371") // want `hard-coded AssemblyAI API key`
