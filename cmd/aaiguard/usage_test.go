package main

import (
	"runtime/debug"
	"strings"
	"testing"
)

// Mistakes in how aaiguard is called get one line saying what was meant,
// and exit 2.
func TestUsageMistakes(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"chek", dir}, `unknown command "chek": did you mean check?`},
		{[]string{"chek"}, `unknown command "chek": did you mean check?`},
		{[]string{"histroy", dir}, `did you mean history?`},
		{[]string{"frobnicate", dir}, `unknown command "frobnicate" (aaiguard --help lists the commands)`},
		{[]string{"--fromat", "json", dir}, "unknown flag: --fromat (did you mean --format?)"},
		{[]string{"scan", "--fromat", "json", dir}, "unknown flag: --fromat (did you mean --format?)"},
		{[]string{"scan", "--max-commits", "3", dir}, "unknown flag: --max-commits (aaiguard scan --help lists the flags)"},
		{[]string{"scan", "--exit-code", "abc", dir}, `--exit-code "abc": want a whole number`},
		{[]string{"scan", "--strict=maybe", dir}, `--strict "maybe": want true or false`},
		{[]string{"scan", "--max-file-size", "10XB", dir}, `--max-file-size: invalid size "10XB": want bytes`},
	} {
		code, out, errs := runCLI(t, c.args...)
		if code != exitError || !strings.Contains(errs, c.want) || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
			t.Errorf("aaiguard %q: exit %d\nstderr %q\nwant   %q (one line)\nstdout %q", c.args, code, errs, c.want, out)
		}
	}
	// A real directory named like a command's misspelling is still a path.
	if code, _, errs := runCLI(t, "-q", dir); code != exitOK {
		t.Errorf("aaiguard DIR: exit %d: %s", code, errs)
	}
}

func TestVersionFlagAndStamp(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"version"}} {
		code, out, _ := runCLI(t, args...)
		if code != exitOK || !strings.HasPrefix(out, "aaiguard ") || strings.Count(out, "\n") != 1 {
			t.Errorf("%q: exit %d, %q", args, code, out)
		}
	}
	for _, c := range []struct {
		module   string
		settings []debug.BuildSetting
		want     string
	}{
		{"v1.2.3", nil, "v1.2.3"},
		{"v0.0.0-20261203090000-abcdef123456", []debug.BuildSetting{{Key: "vcs.revision", Value: "abcdef1234567890"}}, "v0.0.0-20261203090000-abcdef123456"},
		{"(devel)", []debug.BuildSetting{{Key: "vcs.revision", Value: "abcdef1234567890"}, {Key: "vcs.modified", Value: "false"}}, "dev-abcdef123456"},
		{"(devel)", []debug.BuildSetting{{Key: "vcs.revision", Value: "abcdef1234567890"}, {Key: "vcs.modified", Value: "true"}}, "dev-abcdef123456-dirty"},
		{"(devel)", nil, "dev"},
		{"", nil, "dev"},
	} {
		if got := versionOf(c.module, c.settings); got != c.want {
			t.Errorf("versionOf(%q, %v) = %q, want %q", c.module, c.settings, got, c.want)
		}
	}
}
