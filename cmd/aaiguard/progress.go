package main

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/aaiguard/aaiguard/scanner/pipeline"
)

// observer shows a run's progress on stderr: the stage and how far it is
// as a progress bar on a terminal (nothing with -q or when stderr is not
// a terminal), and the run's messages (the history summary unless -q;
// warnings always).
type observer struct {
	mu    sync.Mutex
	w     io.Writer
	bars  bool // stderr is a terminal and not -q
	quiet bool
	stage string
	bar   *progressbar.ProgressBar
	unit  string
}

var _ pipeline.Observer = (*observer)(nil)

func (a *app) observer() *observer {
	return &observer{w: a.stderr, bars: !a.opts.quiet && isTerminal(a.stderr), quiet: a.opts.quiet}
}

func (o *observer) Stage(command pipeline.Command, name string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.finish()
	o.stage = name
	if o.bars {
		// A spinner until the stage says how much there is to do.
		o.bar = o.newBar(-1, "", fmt.Sprintf("%s: %s", command, name))
	}
}

func (o *observer) Progress(stage string, done, total int64, unit string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.bars || stage != o.stage {
		return
	}
	if o.bar == nil || o.unit != unit || o.bar.GetMax64() != total {
		desc := stage
		if o.bar != nil {
			desc = o.bar.State().Description
			_ = o.bar.Clear()
		}
		o.bar, o.unit = o.newBar(total, unit, desc), unit
	}
	_ = o.bar.Set64(done)
}

func (o *observer) Info(msg string) {
	if o.quiet {
		return
	}
	o.print(msg)
}

func (o *observer) Warn(msg string) { o.print(msg) }

func (o *observer) print(msg string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.bar != nil {
		_ = o.bar.Clear()
	}
	fmt.Fprintf(o.w, "aaiguard: %s\n", errorText(msg))
}

// done clears the bar at the end of the run.
func (o *observer) done() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.finish()
}

func (o *observer) finish() {
	if o.bar != nil {
		_ = o.bar.Finish()
		o.bar = nil
	}
}

func (o *observer) newBar(max int64, unit, desc string) *progressbar.ProgressBar {
	opts := []progressbar.Option{
		progressbar.OptionSetWriter(o.w),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionThrottle(100 * time.Millisecond),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSpinnerType(14),
	}
	switch unit {
	case "bytes":
		opts = append(opts, progressbar.OptionShowBytes(true), progressbar.OptionShowCount(), progressbar.OptionSetPredictTime(true))
	case "":
	default:
		opts = append(opts, progressbar.OptionShowCount(), progressbar.OptionSetItsString(unit), progressbar.OptionShowIts(), progressbar.OptionSetPredictTime(true))
	}
	return progressbar.NewOptions64(max, opts...)
}
