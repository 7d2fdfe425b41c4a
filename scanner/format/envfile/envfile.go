// Package envfile knows the files that hold environment configuration:
// dotenv files (.env, .env.production.local), templates of them
// (.env.example), and per-environment config files (config/prod.yaml,
// appsettings.Production.json). It names the environment a file belongs to,
// parses dotenv content, and recognises AssemblyAI key variable names and
// placeholder values.
package envfile

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/aaiguard/aaiguard/internal/keyname"
)

// IsDotenv reports whether the base name of p is a dotenv file: ".env" or
// ".env.<something>" (.env.local, .env.production, .env.example). Direnv's
// .envrc and names like .environment are not: they are scripts or other
// formats, and committing an .envrc is normal.
func IsDotenv(p string) bool {
	b := path.Base(p)
	return b == ".env" || strings.HasPrefix(b, ".env.") && len(b) > len(".env.")
}

// templateWords mark a committed template of an env file: its values are
// meant to be placeholders for each developer to fill in.
var templateWords = []string{"example", "sample", "template", "dist", "tpl", "defaults-example"}

// IsTemplate reports whether the base name of p is an env file template
// (.env.example, .env.production.sample, .env.template, .env.dist,
// example.env).
func IsTemplate(p string) bool {
	b := strings.ToLower(path.Base(p))
	for _, part := range strings.Split(b, ".") {
		if slices.Contains(templateWords, part) {
			return true
		}
	}
	return false
}

// IsLocal reports whether p is a machine-local override (.env.local,
// .env.production.local), which must never be committed.
func IsLocal(p string) bool {
	b := path.Base(p)
	return IsDotenv(b) && (b == ".env.local" || strings.HasSuffix(b, ".local"))
}

// environments maps the names used for an environment in file names to one
// canonical name, so that config/prod.yaml and .env.production compare as
// the same environment. "local" is not an environment: .env.local and
// config/local.yaml override every environment on one machine.
var environments = map[string]string{
	"dev": "development", "develop": "development", "development": "development",
	"test": "test", "testing": "test",
	"qa":  "qa",
	"stg": "staging", "stage": "staging", "staging": "staging", "preprod": "staging", "uat": "staging",
	"prod": "production", "prd": "production", "production": "production", "live": "production",
}

// configExts are the extensions of config files that can hold a key per
// environment.
var configExts = []string{".yaml", ".yml", ".json", ".toml", ".ini", ".properties", ".conf", ".cfg", ".env", ".hcl", ".tfvars", ".xml"}

// configWords in a file's name say it is configuration
// (application-prod.yml, appsettings.Production.json, values-staging.yaml).
var configWords = []string{"application", "appsettings", "app", "config", "configuration", "settings", "secrets", "secret", "values", "env", "environment", "credentials", "vars", "variables", "parameters", "params", "dotenv"}

// configDirs hold per-environment configuration (config/prod.yaml,
// k8s/overlays/prod/secrets.yaml, environments/staging/terraform.tfvars).
var configDirs = []string{"config", "configs", "conf", "cfg", "settings", "environments", "envs", "env", "deploy", "deployment", "deployments", "k8s", "kubernetes", "helm", "charts", "infra", "secrets", ".config", "overlays", "terraform"}

// ciDirs hold CI configuration, whose per-environment jobs
// (deploy-prod.yml) reference keys rather than hold them; ci-secrets
// judges those.
var ciDirs = []string{".github", ".circleci", ".gitlab", ".azure-pipelines", ".buildkite"}

func tokens(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r == '.' || r == '_' || r == '-' })
}

func envOf(toks []string) string {
	for _, t := range toks {
		if e, ok := environments[t]; ok {
			return e
		}
	}
	return ""
}

// Environment names the deployment environment a file configures
// (development, test, qa, staging, production), or "" when the file is not
// per-environment configuration. Templates and the environment-neutral
// .env and .env.local have none.
func Environment(p string) string {
	p = strings.TrimPrefix(path.Clean(p), "./")
	b := path.Base(p)
	if IsTemplate(b) {
		return ""
	}
	dirs := strings.Split(path.Dir(p), "/")
	for _, d := range dirs {
		if slices.Contains(ciDirs, strings.ToLower(d)) {
			return ""
		}
	}
	if IsDotenv(b) {
		// .env.<env>[.local]: the first part after .env names it.
		return envOf(tokens(strings.TrimPrefix(b, ".env."))[:1])
	}
	ext := strings.ToLower(path.Ext(b))
	if !slices.Contains(configExts, ext) {
		return ""
	}
	stem := tokens(strings.TrimSuffix(b, path.Ext(b)))
	if ext == ".env" {
		// production.env, app.staging.env.
		return envOf(stem)
	}
	inConfigDir := false
	for _, d := range dirs {
		if slices.Contains(configDirs, strings.ToLower(d)) {
			inConfigDir = true
		}
	}
	configName := false
	for _, t := range stem {
		if slices.Contains(configWords, t) {
			configName = true
		}
	}
	if e := envOf(stem); e != "" && (configName || inConfigDir) {
		return e
	}
	// config/production/app.yaml, k8s/overlays/prod/secrets.yaml.
	for _, d := range dirs {
		if e := envOf([]string{strings.ToLower(d)}); e != "" && (configName || inConfigDir) {
			return e
		}
	}
	return ""
}

// IsKeyName reports whether name is an AssemblyAI key variable name
// (ASSEMBLYAI_API_KEY, assemblyai-api-key, PROD_ASSEMBLYAI_TOKEN):
// [keyname.Is], the one definition every check uses.
func IsKeyName(name string) bool { return keyname.Is(name) }

// PublicPrefix returns the browser-public prefix name starts with, or ""
// ([keyname.PublicPrefix]).
func PublicPrefix(name string) string { return keyname.PublicPrefix(name) }

// secretNameRE matches names of variables that hold some credential.
var secretNameRE = regexp.MustCompile(`(?i)(key|token|secret|password|passwd|credential|auth)`)

// IsSecretName reports whether name looks like it holds a credential.
func IsSecretName(name string) bool { return secretNameRE.MatchString(name) }

var placeholderRE = regexp.MustCompile(`(?i)(x{3,}|\*{3,}|\.{3}|…|your|example|placeholder|change[_\-]?me|replace|insert|dummy|fake|sample|redacted|todo|fixme|<[^>]*>|\{\{|\$\{|^(none|null|nil|empty|test|testing|secret|key|token|apikey|api_key|changeit|-|_|0+|1234\d*)$)`)

// IsPlaceholder reports whether a value is a stand-in rather than a
// credential: empty, a placeholder word (your-key-here, changeme, xxx,
// <key>, dummy), or too short to be a key.
func IsPlaceholder(v string) bool {
	v = strings.TrimSpace(v)
	if len(v) < 8 {
		return true
	}
	return placeholderRE.MatchString(v)
}

// hexKeyRE is the shape of an AssemblyAI key.
var hexKeyRE = regexp.MustCompile(`^[0-9a-fA-F]{32}$`)

// KeyShaped reports whether v has the shape of an AssemblyAI key (32 hex
// characters) and is not a placeholder.
func KeyShaped(v string) bool { return hexKeyRE.MatchString(v) && !IsPlaceholder(v) }
