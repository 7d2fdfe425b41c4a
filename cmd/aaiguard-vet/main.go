// Command aaiguard-vet runs aaiguard's Go analyzers under go vet:
//
//	go install ./cmd/aaiguard-vet   (in a checkout; or …/cmd/aaiguard-vet@COMMIT, README "Install")
//	go vet -vettool=$(which aaiguard-vet) ./...
//
// It speaks go vet's unitchecker protocol only (it is not meant to be run
// by hand; use `aaiguard vet` for that). Analyzer flags are prefixed with
// the analyzer's name: go vet -vettool=$(which aaiguard-vet)
// -tokenexpiry.max=300 -contentsafety.enable ./...
package main

import (
	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/aaiguard/aaiguard/analyzers/suite"
)

func main() { unitchecker.Main(suite.Analyzers()...) }
