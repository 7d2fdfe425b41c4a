package history

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// timing prints the full pass's phases (elapsed time, peak and resident
// memory) and how much its shortcuts saved. A nil *timing prints nothing:
// the switch is read once per scan (Options.Timing, AAIGUARD_DEBUG_TIMING),
// never in the walk's hot path.
type timing struct {
	w  io.Writer
	t0 time.Time
}

func newTiming(w io.Writer) *timing {
	if w == nil {
		return nil
	}
	return &timing{w: w, t0: time.Now()}
}

// timingFromEnv is the writer AAIGUARD_DEBUG_TIMING asks for (stderr), or
// nil.
func timingFromEnv() io.Writer {
	if os.Getenv("AAIGUARD_DEBUG_TIMING") != "" {
		return os.Stderr
	}
	return nil
}

// mark prints the time since the pass started and the process's memory.
func (t *timing) mark(what string) {
	if t == nil {
		return
	}
	rss := ""
	if b, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, "VmHWM") || strings.HasPrefix(l, "RssAnon") || strings.HasPrefix(l, "RssFile") {
				rss += " " + strings.Join(strings.Fields(l), " ")
			}
		}
	}
	fmt.Fprintf(t.w, "%s %.2fs%s\n", what, time.Since(t.t0).Seconds(), rss)
}

func (t *timing) printf(format string, a ...any) {
	if t != nil {
		fmt.Fprintf(t.w, format, a...)
	}
}
