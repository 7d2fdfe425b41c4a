package rules

import (
	"bufio"
	"bytes"
	"regexp"
	"strings"
)

// locate finds the line of key inside the n-th [[array]] table of a TOML
// document (or of its sub-tables such as [rules.evidence]). It returns the
// line of the table header when key is empty or not found, and 0 when the
// table is not found (for instance when the file uses inline tables).
//
// go-toml reports positions for syntax and unknown-key errors but not for
// values that fail later validation (a bad regex), so validation errors are
// located by this lexical scan.
func locate(data []byte, array string, n int, key string) int {
	header := "[[" + array + "]]"
	keyRE := regexp.MustCompile(`^\s*["']?` + regexp.QuoteMeta(key) + `["']?\s*=`)
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	line, count, headerLine := 0, -1, 0
	for sc.Scan() {
		line++
		t := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(t, "[") {
			switch {
			case t == header || strings.HasPrefix(t, header+" ") || strings.HasPrefix(t, header+"#"):
				count++
				if count == n {
					headerLine = line
				} else if count > n {
					return headerLine
				}
				continue
			case count == n && strings.HasPrefix(t, "["+array+".") || strings.HasPrefix(t, "[["+array+"."):
				// a sub-table of the current element: keep searching
				continue
			default:
				if count == n {
					return headerLine
				}
			}
		}
		if count == n && key != "" && keyRE.MatchString(sc.Text()) {
			return line
		}
	}
	return headerLine
}

// lineOf returns the first line containing needle, or 0.
func lineOf(data []byte, needle string) int {
	for i, l := range bytes.Split(data, []byte("\n")) {
		if bytes.Contains(l, []byte(needle)) {
			return i + 1
		}
	}
	return 0
}
