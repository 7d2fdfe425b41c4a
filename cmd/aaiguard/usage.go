package main

import (
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/aaiguard/aaiguard/scanner/check/coderules"
)

// rootArgs accepts the default command's optional PATH, but a first
// argument that is no path and looks like a misspelt command is an
// unknown command with a suggestion ("aaiguard chek ." would otherwise say
// "accepts at most 1 arg(s), received 2").
func rootArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		if _, err := os.Stat(args[0]); err != nil {
			if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
				return usageError("unknown command %q: did you mean %s?", args[0], strings.Join(s, " or "))
			}
			if len(args) > 1 {
				return usageError("unknown command %q (aaiguard --help lists the commands)", args[0])
			}
		}
	}
	return cobra.MaximumNArgs(1)(cmd, args)
}

var (
	unknownFlag = regexp.MustCompile(`^unknown (?:shorthand )?flag: '?-{1,2}([^' ]+)'?`)
	badValue    = regexp.MustCompile(`^invalid argument "(.*)" for "(?:-\w, )?(--[\w-]+)" flag: (.*)$`)
)

// flagError rewrites pflag's errors for people: a misspelt flag gets a
// suggestion, a bad value says what is wanted instead of strconv's error.
func flagError(cmd *cobra.Command, err error) error {
	msg := err.Error()
	if m := unknownFlag.FindStringSubmatch(msg); m != nil {
		if s := closestFlag(cmd, m[1]); s != "" {
			return usageError("%s (did you mean --%s?)", msg, s)
		}
		return usageError("%s (aaiguard %s --help lists the flags)", msg, cmd.Name())
	}
	if m := badValue.FindStringSubmatch(msg); m != nil {
		want := "a valid value"
		switch {
		case strings.Contains(m[3], "ParseInt"), strings.Contains(m[3], "ParseUint"):
			want = "a whole number"
		case strings.Contains(m[3], "ParseBool"):
			want = "true or false"
		}
		return usageError("%s %q: want %s", m[2], m[1], want)
	}
	return usageError("%v", err)
}

// closestFlag is the flag of cmd (its own and inherited) nearest to name,
// within the distance cobra uses for commands.
func closestFlag(cmd *cobra.Command, name string) string {
	best, bestD := "", cmd.SuggestionsMinimumDistance
	if bestD <= 0 {
		bestD = 2
	}
	visit := func(f *pflag.Flag) {
		if d := distance(name, f.Name); d <= bestD && (best == "" || d < distance(name, best)) {
			best = f.Name
		}
	}
	cmd.Flags().VisitAll(visit)
	cmd.InheritedFlags().VisitAll(visit)
	return best
}

// distance is the Levenshtein distance between a and b, with a swap of
// two neighbouring letters counted once (--fromat is one edit from
// --format).
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range rb {
		d[0][j+1] = j + 1
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

// versionText is what `aaiguard version` and `aaiguard --version` print:
// the version, and for a build without cgo what it cannot do (release
// binaries for macOS are such builds: scripts/release.sh).
func versionText() string {
	s := fmt.Sprintf("aaiguard %s\n", toolVersion())
	if !coderules.Available {
		s += noCgoNote + "\n"
	}
	return s
}

// versionTemplate is cobra's template for --version, the same text.
func versionTemplate() string {
	if !coderules.Available {
		return "aaiguard {{.Version}}\n" + noCgoNote + "\n"
	}
	return "aaiguard {{.Version}}\n"
}

const noCgoNote = "built without cgo: the JavaScript/TypeScript/Python code rules do not run (scans that need them exit 2 and say so)"
