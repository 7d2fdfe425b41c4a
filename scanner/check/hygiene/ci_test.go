package hygiene_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/internal/gitfixture"
	"github.com/aaiguard/aaiguard/scanner/check/hygiene"
)

func TestCISystem(t *testing.T) {
	for p, want := range map[string]string{
		".github/workflows/ci.yml":          "GitHub Actions",
		".github/workflows/sub/deploy.yaml": "GitHub Actions",
		".github/dependabot.yml":            "",
		".gitlab-ci.yml":                    "GitLab CI",
		"ci/deploy.gitlab-ci.yml":           "GitLab CI",
		".gitlab/ci/build.yml":              "GitLab CI",
		".circleci/config.yml":              "CircleCI",
		"bitbucket-pipelines.yml":           "Bitbucket Pipelines",
		"azure-pipelines.yml":               "Azure Pipelines",
		".azure-pipelines/release.yaml":     "Azure Pipelines",
		"Jenkinsfile":                       "Jenkins",
		"ci/deploy.jenkinsfile":             "Jenkins",
		"android/JenkinsFile":               "Jenkins",
		"Jenkinsfile.release":               "Jenkins",
		"jenkins/pipeline.groovy":           "",
		".travis.yml":                       "Travis CI",
		"docker-compose.yml":                "",
		"config.yml":                        "",
	} {
		if got := hygiene.CISystem(p); got != want {
			t.Errorf("CISystem(%q) = %q, want %q", p, got, want)
		}
	}
}

func TestCISecrets(t *testing.T) {
	for _, c := range []struct {
		name string
		file string
		src  string
		// extra files, committed
		extra    map[string]string
		want     []string // "rule line"
		browser  []string // browser-tokens findings, "rule line"
		evidence []string // substrings
		unknown  string
	}{
		{
			name: "GitHub Actions: secrets reference",
			file: ".github/workflows/ci.yml",
			src: `name: ci
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    env:
      ASSEMBLYAI_API_KEY: ${{ secrets.ASSEMBLYAI_API_KEY }}
    steps:
      - uses: actions/checkout@v4
      - run: npm test
      - run: echo "ASSEMBLYAI_API_KEY=${{ secrets.AAI_PROD_KEY }}" >> .env
`,
			evidence: []string{"ci.yml:7: ASSEMBLYAI_API_KEY from the secret store (secrets.ASSEMBLYAI_API_KEY, GitHub Actions)", "ci.yml:11: ASSEMBLYAI_API_KEY from the secret store (secrets.AAI_PROD_KEY"},
		},
		{
			name: "GitHub Actions: secret used directly in a command",
			file: ".github/workflows/smoke.yml",
			src: `jobs:
  smoke:
    steps:
      - run: |
          curl -fsS -H "Authorization: ${{ secrets.ASSEMBLYAI_API_KEY }}" https://api.assemblyai.com/v2/transcript?limit=1
`,
			evidence: []string{"smoke.yml:5: secrets.ASSEMBLYAI_API_KEY used in a command (GitHub Actions)"},
		},
		{
			name: "GitHub Actions: literal key",
			file: ".github/workflows/ci.yml",
			src: `jobs:
  test:
    runs-on: ubuntu-latest
    env:
      ASSEMBLYAI_API_KEY: ` + keyA + `
    steps:
      - run: npm test
`,
			want: []string{"ci-key-literal 5"},
		},
		{
			name: "GitHub Actions: literal that is not key-shaped",
			file: ".github/workflows/ci.yml",
			src: `jobs:
  test:
    steps:
      - run: npm test
        env:
          ASSEMBLYAI_API_KEY: "abc-live-7Hq2LmZ9"
`,
			want: []string{"ci-env-literal 6"},
		},
		{
			name: "GitHub Actions: dummy value for tests is not reported",
			file: ".github/workflows/ci.yml",
			src: `jobs:
  test:
    steps:
      - run: npm test
        env:
          ASSEMBLYAI_API_KEY: dummy
`,
			unknown: "takes no AssemblyAI key from a secret store",
		},
		{
			name: "GitHub Actions: key from secrets into a public build variable",
			file: ".github/workflows/pages.yml",
			src: `jobs:
  build:
    steps:
      - run: npm run build
        env:
          VITE_ASSEMBLYAI_API_KEY: ${{ secrets.VITE_ASSEMBLYAI_API_KEY }}
          NEXT_PUBLIC_SITE_NAME: demo
          REACT_APP_AAI_KEY: dummy
`,
			browser:  []string{"ci-public-key-var 6"},
			evidence: []string{"pages.yml:6: VITE_ASSEMBLYAI_API_KEY from the secret store"},
		},
		{
			name: "GitHub Actions: configuration variable is not a secret",
			file: ".github/workflows/deploy.yml",
			src: `jobs:
  deploy:
    env:
      ASSEMBLYAI_API_KEY: ${{ vars.ASSEMBLYAI_API_KEY }}
`,
			want: []string{"ci-env-literal 4"},
		},
		{
			name: "GitHub Actions: key exported in a run script",
			file: ".github/workflows/ci.yml",
			src: `jobs:
  test:
    steps:
      - name: test
        run: |
          npm ci
          export ASSEMBLYAI_API_KEY=` + keyB + `
          npm test
`,
			want: []string{"ci-key-literal 7"},
		},
		{
			name: "GitHub Actions: generic input name fed from an AssemblyAI secret",
			file: ".github/workflows/ci.yml",
			src: `jobs:
  test:
    steps:
      - uses: some/action@v1
        with:
          api-key: ${{ secrets.ASSEMBLYAI_API_KEY }}
`,
			evidence: []string{"ci.yml:6: api-key from the secret store"},
		},
		{
			name: "GitHub Actions: cp committed env file",
			file: ".github/workflows/ci.yml",
			src: `jobs:
  deploy:
    steps:
      - run: cp .env.production .env
      - run: cp .env.example .env
      - run: cp .env.generated .env
`,
			extra: map[string]string{".env.production": "PORT=1\n"},
			want:  []string{"ci-env-file-copy 4"},
		},
		{
			name: "GitLab CI: variables literal and masked variable",
			file: ".gitlab-ci.yml",
			src: `variables:
  ASSEMBLYAI_API_KEY: "` + keyC + `"
test:
  script:
    - export AAI_API_KEY=$ASSEMBLYAI_KEY_MASKED
    - npm test
`,
			want:     []string{"ci-key-literal 2"},
			evidence: []string{".gitlab-ci.yml:5: AAI_API_KEY from the CI/CD variable ASSEMBLYAI_KEY_MASKED (GitLab CI)"},
		},
		{
			name: "GitLab CI: expanded variable form and vault secret",
			file: ".gitlab-ci.yml",
			src: `variables:
  ASSEMBLYAI_API_KEY:
    value: "sk-not-hex-but-literal-123"
    description: the key
deploy:
  secrets:
    ASSEMBLYAI_TOKEN:
      vault: production/assemblyai/key@secrets
  script:
    - ./deploy.sh
`,
			want:     []string{"ci-env-literal 3"},
			evidence: []string{".gitlab-ci.yml:7: ASSEMBLYAI_TOKEN from vault (GitLab CI)"},
		},
		{
			name: "GitLab CI: cat committed env file into place",
			file: ".gitlab-ci.yml",
			src: `deploy:
  script:
    - cat config/.env.prod > .env && ./deploy.sh
`,
			extra: map[string]string{"config/.env.prod": "PORT=1\n"},
			want:  []string{"ci-env-file-copy 3"},
		},
		{
			name: "CircleCI: environment literal",
			file: ".circleci/config.yml",
			src: `version: 2.1
jobs:
  build:
    docker:
      - image: cimg/node:20.0
        environment:
          ASSEMBLYAI_API_KEY: ` + keyA + `
    steps:
      - checkout
`,
			want: []string{"ci-key-literal 7"},
		},
		{
			name: "CircleCI: project variable",
			file: ".circleci/config.yml",
			src: `version: 2.1
jobs:
  build:
    environment:
      ASSEMBLYAI_API_KEY: ${ASSEMBLYAI_API_KEY_PROD}
    steps:
      - checkout
`,
			evidence: []string{"config.yml:5: ASSEMBLYAI_API_KEY from the CI/CD variable ASSEMBLYAI_API_KEY_PROD (CircleCI)"},
		},
		{
			name: "Bitbucket Pipelines: script literal and docker --env-file",
			file: "bitbucket-pipelines.yml",
			src: `pipelines:
  default:
    - step:
        script:
          - ASSEMBLYAI_API_KEY=` + keyB + ` npm test
          - docker run --env-file .env.staging app
`,
			extra: map[string]string{".env.staging": "X=1\n"},
			want:  []string{"ci-env-file-copy 6", "ci-key-literal 5"},
		},
		{
			name: "Bitbucket Pipelines: repository variable",
			file: "bitbucket-pipelines.yml",
			src: `pipelines:
  default:
    - step:
        script:
          - export ASSEMBLYAI_API_KEY=$AAI_KEY
          - npm test
`,
			evidence: []string{"bitbucket-pipelines.yml:5: ASSEMBLYAI_API_KEY from the CI/CD variable AAI_KEY"},
		},
		{
			name: "Azure Pipelines: name/value literal and macro reference",
			file: "azure-pipelines.yml",
			src: `variables:
  - name: ASSEMBLYAI_API_KEY
    value: ` + keyC + `
  - name: AAI_KEY
    value: $(assemblyaiKey)
steps:
  - script: npm test
    env:
      ASSEMBLYAI_API_KEY: $(ASSEMBLYAI_API_KEY)
`,
			want:     []string{"ci-key-literal 3"},
			evidence: []string{"azure-pipelines.yml:5: AAI_KEY from the CI/CD variable assemblyaiKey", "azure-pipelines.yml:9: ASSEMBLYAI_API_KEY from the CI/CD variable ASSEMBLYAI_API_KEY"},
		},
		{
			name: "Travis CI: env list literal",
			file: ".travis.yml",
			src: `language: node_js
env:
  global:
    - ASSEMBLYAI_API_KEY=` + keyA + `
    - secure: "bXlzZWNyZXQ="
script: npm test
`,
			want: []string{"ci-key-literal 4"},
		},
		{
			name: "Jenkins: literal in environment block",
			file: "Jenkinsfile",
			src: `pipeline {
  agent any
  environment {
    ASSEMBLYAI_API_KEY = '` + keyB + `'
  }
  stages {
    stage('test') { steps { sh 'npm test' } }
  }
}
`,
			want: []string{"ci-key-literal 4"},
		},
		{
			name: "Jenkins: credentials and withCredentials",
			file: "Jenkinsfile",
			src: `pipeline {
  agent any
  environment {
    ASSEMBLYAI_API_KEY = credentials('assemblyai-api-key')
  }
  stages {
    stage('deploy') {
      steps {
        withCredentials([string(credentialsId: 'aai', variable: 'AAI_API_KEY')]) {
          sh 'cp .env.production .env && ./deploy.sh'
        }
      }
    }
  }
}
`,
			extra:    map[string]string{".env.production": "X=1\n"},
			want:     []string{"ci-env-file-copy 10"},
			evidence: []string{"Jenkinsfile:4: ASSEMBLYAI_API_KEY from a vault or credentials store", "Jenkinsfile:9: AAI_API_KEY from Jenkins credentials"},
		},
		{
			name: "YAML that does not parse is checked line by line",
			file: ".github/workflows/broken.yml",
			src: `jobs:
  test: [
    env:
      ASSEMBLYAI_API_KEY: abcdef-live-literal
`,
			want: []string{"ci-env-literal 4"},
		},
		{
			name:    "CI without AssemblyAI",
			file:    ".github/workflows/ci.yml",
			src:     "jobs:\n  test:\n    steps:\n      - run: go test ./...\n",
			unknown: "does not use an AssemblyAI key",
		},
		{
			name: "a 32-hex cache key is not a key",
			file: ".github/workflows/ci.yml",
			src: `jobs:
  test:
    steps:
      - uses: actions/cache@v4
        with:
          key: ` + keyA + `
`,
			unknown: "does not use an AssemblyAI key",
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			files := map[string]string{".gitignore": goodGitignore, c.file: c.src}
			track := []string{".gitignore", c.file}
			for p, s := range c.extra {
				files[p] = s
				track = append(track, p)
			}
			dir := gitfixture.Repo(t, files, track...)
			r := runCheck(t, dir, "")
			var got, browser []string
			for _, f := range r.Findings {
				if f.Checklist == "browser-tokens" {
					browser = append(browser, f.Rule+" "+strconv.Itoa(f.Line))
				}
				if f.Checklist == "ci-secrets" {
					if f.File != c.file {
						t.Errorf("finding in %s, want %s", f.File, c.file)
					}
					got = append(got, f.Rule+" "+strconv.Itoa(f.Line))
				}
			}
			slices.Sort(got)
			if !slices.Equal(browser, c.browser) {
				t.Errorf("browser-tokens findings %q, want %q", browser, c.browser)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("findings:\n got %q\nwant %q", got, c.want)
			}
			for _, e := range r.Evidence["ci-secrets"] {
				// A script that mentions a secret is not a setting named "run".
				if strings.Contains(e, ": run from") || strings.Contains(e, ": script from") {
					t.Errorf("script judged as a setting: %q", e)
				}
			}
			for _, e := range c.evidence {
				if !containsSub(r.Evidence["ci-secrets"], e) {
					t.Errorf("evidence %q missing from %q", e, r.Evidence["ci-secrets"])
				}
			}
			if c.unknown != "" && !strings.Contains(r.Unknown["ci-secrets"], c.unknown) {
				t.Errorf("unknown %q, want %q", r.Unknown["ci-secrets"], c.unknown)
			}
			if len(c.evidence) > 0 && r.Unknown["ci-secrets"] != "" {
				t.Errorf("unexpected unknown %q", r.Unknown["ci-secrets"])
			}
			for _, f := range r.Findings {
				if strings.Contains(f.Message, keyA) || strings.Contains(f.Message, keyB) || strings.Contains(f.Message, keyC) {
					t.Errorf("key in message %q", f.Message)
				}
			}
		})
	}
}

func TestCINoConfig(t *testing.T) {
	r := runCheck(t, gitfixture.Repo(t, map[string]string{"a.js": "x\n"}, "a.js"), "")
	if !strings.Contains(r.Unknown["ci-secrets"], "no CI configuration found") {
		t.Errorf("unknown %q", r.Unknown["ci-secrets"])
	}
}

func TestAllowMarker(t *testing.T) {
	dir := gitfixture.Repo(t, map[string]string{
		".gitignore": goodGitignore,
		".github/workflows/ci.yml": "jobs:\n  t:\n    env:\n      ASSEMBLYAI_API_KEY: not-hex-literal-1 # aaiguard:allow\n      AAI_API_KEY: " + keyA + " # aaiguard:allow\n" +
			"    steps:\n      - run: cp .env.production .env # aaiguard:allow\n",
		".env.production": "X=1\n",
		".env.example":    "ASSEMBLYAI_API_KEY=not-a-placeholder-value # aaiguard:allow\n",
	}, ".gitignore", ".github/workflows/ci.yml", ".env.production", ".env.example")
	r := runCheck(t, dir, "")
	got := describe(r, "ci-secrets")
	got = append(got, describe(r, "gitignore-env")...)
	// Only the committed .env.production itself (a whole-file finding) remains.
	if !slices.Equal(got, []string{"env-file-tracked .env.production:0"}) {
		t.Errorf("findings %q", got)
	}
}

// CI dialects that stretch YAML parse as YAML.
func TestYAMLDialects(t *testing.T) {
	files := map[string]string{
		".gitignore":                    goodGitignore,
		".gitlab-ci.yml":                ".setup:\n  script:\n    - echo hi\ntest:\n  script:\n    - !reference [.setup, script]\n    - export ASSEMBLYAI_API_KEY=$AAI_MASKED\n",
		"azure-pipelines.yml":           "steps:\n- ${{ if eq(parameters.x, true) }}:\n  - script: echo\n    env:\n      ASSEMBLYAI_API_KEY: $(aaiKey)\n",
		".circleci/config.yml":          "version: 2.1\ncommands:\n  run-it:\n    parameters:\n      cmd: {type: string}\n    steps:\n      - run: << parameters.cmd >>\njobs:\n  b:\n    environment:\n      ASSEMBLYAI_API_KEY: ${AAI}\n    steps: [checkout]\n",
		".github/workflows/anchors.yml": "x-env: &env\n  ASSEMBLYAI_API_KEY: literal-value-not-key\njobs:\n  a:\n    env: *env\n  b:\n    env:\n      <<: *env\n",
	}
	var track []string
	for p := range files {
		track = append(track, p)
	}
	r := runCheck(t, gitfixture.Repo(t, files, track...), "")
	// An anchor is judged once, where it is written, not at each alias.
	if got := describe(r, "ci-secrets"); !slices.Equal(got, []string{"ci-env-literal .github/workflows/anchors.yml:2"}) {
		t.Errorf("findings %q", got)
	}
	for _, e := range []string{".circleci/config.yml:11: ASSEMBLYAI_API_KEY from the CI/CD variable AAI (CircleCI)", ".gitlab-ci.yml:7: ASSEMBLYAI_API_KEY from the CI/CD variable AAI_MASKED (GitLab CI)", "azure-pipelines.yml:5: ASSEMBLYAI_API_KEY from the CI/CD variable aaiKey (Azure Pipelines)"} {
		if !slices.Contains(r.Evidence["ci-secrets"], e) {
			t.Errorf("evidence %q missing from %q", e, r.Evidence["ci-secrets"])
		}
	}
	// GitLab !reference tags, Azure template expressions as keys and
	// CircleCI << parameters >> are valid YAML: no line-by-line fallback.
	if len(r.Notes) != 0 {
		t.Errorf("notes %q", r.Notes)
	}
}
