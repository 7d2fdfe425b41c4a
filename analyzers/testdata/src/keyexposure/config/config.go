// Package config reads the key; the analyzer exports keyHolder facts for
// what holds it.
package config

import "os"

type Config struct {
	APIKey string // want APIKey:`keyHolder`
	Region string
}

func Load() Config {
	return Config{APIKey: os.Getenv("ASSEMBLYAI_API_KEY"), Region: os.Getenv("REGION")}
}

var Key = os.Getenv("AAI_API_KEY") // want Key:`keyHolder`

func APIKey() string { // want APIKey:`keyHolder`
	k, _ := os.LookupEnv("ASSEMBLYAI_API_KEY")
	return k
}

func Region() string { return os.Getenv("REGION") }
