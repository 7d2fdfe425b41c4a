module example.com/gclsample

go 1.26

require github.com/AssemblyAI/assemblyai-go-sdk v1.10.0

// .ci/golangci-plugin.sh copies the SDK stub of analyzers/testdata here.
replace github.com/AssemblyAI/assemblyai-go-sdk => ./sdk
