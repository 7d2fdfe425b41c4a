// Command aaiguard keeps AssemblyAI credentials and customers' audio data
// safe inside source repositories. This package is the command line only:
// flags, output targets, exit codes, the progress display, hooks, vet and
// merge. The scans themselves are scanner/pipeline's.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"github.com/aaiguard/aaiguard/internal/errtext"
	"github.com/aaiguard/aaiguard/scanner/pipeline"
	"github.com/aaiguard/aaiguard/scanner/post/verify"
	"github.com/aaiguard/aaiguard/scanner/report"
)

func main() {
	ctx, interrupted := onSignals()
	code := runContext(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	if s := interrupted(); s != nil {
		fmt.Fprintf(os.Stderr, "aaiguard: interrupted (%s): no report written\n", s)
		code = signalExit(s)
	}
	os.Exit(code)
}

// interruptGrace is how long a run may take to stop after SIGINT or
// SIGTERM (its children are killed at once, through the context) before
// the process exits anyway.
const interruptGrace = 3 * time.Second

// onSignals returns a context canceled on the first SIGINT or SIGTERM,
// and a function telling which signal came. A second signal, or a run that
// does not stop within interruptGrace, ends the process with the
// signal's exit code (130, 143).
func onSignals() (context.Context, func() os.Signal) {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	var got atomic.Value
	go func() {
		s := <-sigs
		got.Store(s)
		cancel()
		select {
		case <-sigs:
		case <-time.After(interruptGrace):
		}
		fmt.Fprintf(os.Stderr, "aaiguard: interrupted (%s): no report written\n", s)
		os.Exit(signalExit(s))
	}()
	return ctx, func() os.Signal {
		s, _ := got.Load().(os.Signal)
		return s
	}
}

// signalExit is the shell's exit code for a process ended by s.
func signalExit(s os.Signal) int {
	if n, ok := s.(syscall.Signal); ok {
		return 128 + int(n)
	}
	return exitError
}

// version is set at build time with -ldflags "-X main.version=…"; the
// module version from the build info is used otherwise.
var version = ""

func toolVersion() string {
	if version != "" {
		return version
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	return versionOf(bi.Main.Version, bi.Settings)
}

// versionOf is the version of a build: the module version (go install
// …@v1.2.3, or the pseudo-version go stamps from the checkout's tags),
// else the commit it was built from (git checkouts built with VCS
// stamping), else "dev".
func versionOf(module string, settings []debug.BuildSetting) string {
	if module != "" && module != "(devel)" {
		return module
	}
	var rev, modified string
	for _, s := range settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev == "" {
		return "dev"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if modified == "true" {
		return "dev-" + rev + "-dirty"
	}
	return "dev-" + rev
}

// Exit codes (docs/DESIGN.md): 0 nothing to report, 1 findings, 2 usage,
// config or runtime error.
const (
	exitOK       = 0
	exitFindings = 1
	exitError    = 2
)

// exitErr carries an exit code out of a command.
type exitErr struct {
	code int
	err  error // printed unless nil
}

func (e *exitErr) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

// usageError is a mistake in how aaiguard was called (exit 2).
func usageError(format string, a ...any) error {
	return &exitErr{code: exitError, err: fmt.Errorf(format, a...)}
}

// globalOpts are the flags shared by every scanning command.
type globalOpts struct {
	format      string
	output      string
	config      string
	configFrom  string // --config-from REF
	baseline    string
	showSecrets bool
	noColor     bool
	exitCode    int
	quiet       bool
	maxFileSize string
	strict      bool
	verify      bool   // --verify: check found keys with AssemblyAI
	apiBaseURL  string // --api-base-url
	followLinks bool   // --output-follow-symlinks
	tests       bool   // --tests: code rules and Go analyzers also judge test files
	goDownload  bool   // --go-download (or AAIGUARD_GO_DOWNLOAD=1): the go command may fetch modules
}

type app struct {
	ctx    context.Context // canceled on SIGINT and SIGTERM
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	opts   globalOpts
	// scanRoot is the scanned path of a scan command ("" for others):
	// --output refuses links inside its repository.
	scanRoot string
	// isTTY reports whether stdout is a terminal (tests override it).
	isTTY func() bool
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runContext(context.Background(), args, stdin, stdout, stderr)
}

func runContext(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := &app{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr}
	a.isTTY = func() bool { return isTerminal(stdout) }
	return a.execute(args)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// execute runs one command line (tests call it with their own isTTY).
func (a *app) execute(args []string) int {
	root := a.rootCmd()
	root.SetArgs(args)
	root.SetIn(a.stdin)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	ctx := a.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	var ee *exitErr
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintf(a.stderr, "aaiguard: %s\n", errorText(ee.err.Error()))
		}
		return ee.code
	}
	// Cobra's own errors: unknown flags and commands, bad arguments.
	fmt.Fprintf(a.stderr, "aaiguard: %s\n", errorText(err.Error()))
	return exitError
}

// errorText is an error as aaiguard prints it (here and in
// errorsToStderr, the only two places): one line, key-shaped values
// redacted as findings are (a key pasted into a flag, a path or a
// configuration value), long paths cut in the middle, control characters
// escaped.
func errorText(s string) string {
	return report.Sanitize(errtext.Clean(s))
}

func (a *app) rootCmd() *cobra.Command {
	rootHistory := &historyFlags{}
	root := &cobra.Command{
		Use:   "aaiguard [PATH]",
		Short: "Keep AssemblyAI keys and customers' audio data safe in source repositories",
		Long: `aaiguard finds hard-coded AssemblyAI API keys (in the work tree, staged changes and
the whole git history), raw keys shipped to browsers, and transcription requests
without PII redaction, and grades a repository against the AssemblyAI security
checklist. Run without a command it runs "check".

Exit codes: 0 nothing to report, 1 findings, 2 usage, config or runtime error.`,
		Args:          rootArgs,
		Version:       toolVersion(),
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runScan(cmd.Context(), pipeline.CommandCheck, args, rootHistory)
		},
	}
	// The default command is check: it fails closed in CI too.
	rootHistory.shallowFlags(root)
	root.SuggestionsMinimumDistance = 2
	root.SetFlagErrorFunc(flagError)
	root.SetVersionTemplate(versionTemplate())
	f := root.PersistentFlags()
	f.StringVarP(&a.opts.format, "format", "f", "text", "output format: "+strings.Join(report.Formats, ", "))
	f.StringVarP(&a.opts.output, "output", "o", "", "write the report to `FILE` instead of stdout")
	f.BoolVar(&a.opts.followLinks, "output-follow-symlinks", false, "write --output through a symbolic link (refused by default: a scanned repository can plant one)")
	f.StringVar(&a.opts.config, "config", "", "configuration `FILE` (default: .aaiguard.toml at the repository root)")
	f.StringVar(&a.opts.configFrom, "config-from", "", "read .aaiguard.toml as committed at `REF` (e.g. a pull request's base), so the change under review cannot switch the gate off")
	f.StringVar(&a.opts.baseline, "baseline", "", "hide findings present in this previous JSON report `FILE`")
	f.BoolVar(&a.opts.showSecrets, "show-secrets", false, "print secrets in full (they are redacted by default)")
	f.BoolVar(&a.opts.noColor, "no-color", false, "disable colour (also NO_COLOR)")
	f.IntVar(&a.opts.exitCode, "exit-code", exitFindings, "exit code when there are findings")
	f.BoolVarP(&a.opts.quiet, "quiet", "q", false, "no progress output on stderr, and no text report when there is nothing to report (hooks)")
	f.StringVar(&a.opts.maxFileSize, "max-file-size", "10MiB", "skip files larger than `SIZE` (bytes, or with KiB/MiB/GiB), with a note")
	f.BoolVar(&a.opts.strict, "strict", false, "checklist warnings fail too")
	f.BoolVar(&a.opts.verify, "verify", false, "ask AssemblyAI whether each key found is live (network; opt-in; scan, check, history, staged)")
	f.StringVar(&a.opts.apiBaseURL, "api-base-url", verify.DefaultBaseURL, "AssemblyAI API for --verify (EU: "+verify.EUBaseURL+")")
	f.BoolVar(&a.opts.tests, "tests", false, "code rules and Go analyzers also judge test files (keys are reported in them either way)")
	f.BoolVar(&a.opts.goDownload, "go-download", os.Getenv("AAIGUARD_GO_DOWNLOAD") == "1", "let the go command download missing modules from GOPROXY for the Go analyzers (network; opt-in; also AAIGUARD_GO_DOWNLOAD=1)")
	root.AddCommand(
		a.scanCmd(), a.checkCmd(), a.historyCmd(), a.stagedCmd(), a.baselineCmd(),
		a.rulesCmd(), a.versionCmd(), a.fixCmd(), a.vetCmd(), a.mergeCmd(),
		a.installHookCmd(), a.uninstallHookCmd(),
	)
	return root
}
