package coderules

import (
	"encoding/json"
	"path"
	"regexp"
	"strings"
	"sync"
)

// Project knows what kind of app each directory holds, from the
// package.json files of the repository, so that a file can be judged as
// browser code or server code.
type Project struct {
	// apps maps a package.json directory ("" for the root) to its kind.
	apps map[string]appKind
	// symbols is the cross-file symbol table of the same file set.
	symbols *Symbols
	// lazy, when set, builds apps and symbols on first use.
	lazy *lazyProject
}

type lazyProject struct {
	once  sync.Once
	paths func() []string
	read  func(string) ([]byte, error)
}

// LazyProject is NewProject(paths(), read), built the first time a rule
// needs it: a staged scan whose files hold nothing the rules look for
// never lists the whole index or reads its package.json files (on tldr's
// 38k entries that was half of a 60 ms staged scan).
func LazyProject(paths func() []string, read func(string) ([]byte, error)) *Project {
	return &Project{lazy: &lazyProject{paths: paths, read: read}}
}

// load builds a lazy project, once; safe for concurrent use.
func (p *Project) load() {
	if p == nil || p.lazy == nil {
		return
	}
	p.lazy.once.Do(func() {
		q := NewProject(p.lazy.paths(), p.lazy.read)
		p.apps, p.symbols = q.apps, q.symbols
	})
}

type appKind int

const (
	otherApp  appKind = iota
	spaApp            // Vite (without a full-stack framework) or Create React App: src/ is browser code
	mobileApp         // Expo / React Native: the whole bundle ships to devices
)

// fullStack are dependencies that make a Vite project full-stack, so that
// src/ also holds server code.
var fullStack = []string{"@sveltejs/kit", "nuxt", "@remix-run/", "astro", "@react-router/dev", "@tanstack/start", "@tanstack/react-start", "vike", "@analogjs/", "@solidjs/start", "@qwik-city", "@builder.io/qwik-city", "@redwoodjs/", "next"}

// NewProject reads the package.json files among paths (slash-separated,
// relative to the root) through read, and prepares the cross-file symbol
// table of the same file set (Symbols; modules are read through read when
// another module imports them; paths are kept and must not change). read
// may be called concurrently.
func NewProject(paths []string, read func(string) ([]byte, error)) *Project {
	p := &Project{apps: map[string]appKind{}, symbols: NewSymbols(paths, read)}
	for _, f := range paths {
		if path.Base(f) != "package.json" || strings.Contains(f, "node_modules/") {
			continue
		}
		data, err := read(f)
		if err != nil {
			continue
		}
		var pkg struct {
			Dependencies    map[string]any `json:"dependencies"`
			DevDependencies map[string]any `json:"devDependencies"`
		}
		if json.Unmarshal(data, &pkg) != nil {
			continue
		}
		has := func(prefix string) bool {
			for _, deps := range []map[string]any{pkg.Dependencies, pkg.DevDependencies} {
				for d := range deps {
					if d == prefix || strings.HasSuffix(prefix, "/") && strings.HasPrefix(d, prefix) {
						return true
					}
				}
			}
			return false
		}
		dir := path.Dir(f)
		if dir == "." {
			dir = ""
		}
		kind := otherApp
		switch {
		case has("expo") || has("react-native"):
			kind = mobileApp
		case has("react-scripts"):
			kind = spaApp
		case has("vite"):
			kind = spaApp
			for _, fs := range fullStack {
				if has(fs) {
					kind = otherApp
				}
			}
		}
		p.apps[dir] = kind
	}
	return p
}

// app returns the nearest package.json directory of a file and its kind.
func (p *Project) app(file string) (string, appKind) {
	if p == nil {
		return "", otherApp
	}
	p.load()
	for dir := path.Dir(file); ; dir = path.Dir(dir) {
		if dir == "." {
			dir = ""
		}
		if k, ok := p.apps[dir]; ok {
			return dir, k
		}
		if dir == "" {
			return "", otherApp
		}
	}
}

// serverName matches file names that say server (server.js,
// token-server.ts, api.server.ts).
var serverName = regexp.MustCompile(`(^|[-_.])server([-_.]|$)`)

// Browser tells whether a file's code runs in a browser (or ships in a
// mobile app bundle), and why. useClient is the file's "use client"
// directive; server says it imports server-only modules; hooks that it
// imports React state/effect hooks (a client component).
func (p *Project) Browser(file string, useClient, server, hooks bool) (bool, string) {
	lower := strings.ToLower(file)
	base := path.Base(lower)
	if useClient {
		return true, `a "use client" module`
	}
	switch path.Ext(lower) {
	case ".html", ".htm", ".vue", ".svelte":
		return true, "a script in " + path.Ext(lower) + " markup"
	}
	serverish := server || serverName.MatchString(strings.TrimSuffix(base, path.Ext(base))) || strings.HasPrefix(base, "+server.") || strings.Contains(base, "+api.") ||
		strings.Contains("/"+lower, "/server/") || strings.Contains("/"+lower, "/api/")
	if serverish {
		return false, ""
	}
	if hooks {
		return true, "a React component with state or effect hooks"
	}
	if strings.HasPrefix(lower, "public/") || strings.Contains(lower, "/public/") {
		return true, "served from public/"
	}
	if strings.HasPrefix(lower, "static/") || strings.Contains(lower, "/static/") {
		// Flask's, Django's and static site generators' assets folder
		return true, "served from static/"
	}
	dir, kind := p.app(file)
	rel := strings.TrimPrefix(strings.TrimPrefix(file, dir), "/")
	switch kind {
	case spaApp:
		if strings.HasPrefix(rel, "src/") {
			return true, "src/ of a Vite or Create React App app"
		}
	case mobileApp:
		return true, "an Expo/React Native app bundle"
	}
	return false, ""
}

// Symbols returns the project's cross-file symbol table (nil for a nil
// project).
func (p *Project) Symbols() *Symbols {
	if p == nil {
		return nil
	}
	p.load()
	return p.symbols
}
