package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"github.com/aaiguard/aaiguard/internal/atomicfile"
	"github.com/aaiguard/aaiguard/rules"
	"github.com/aaiguard/aaiguard/scanner/detect"
	"github.com/aaiguard/aaiguard/scanner/finding"
	"github.com/aaiguard/aaiguard/scanner/post/baseline"
	"github.com/aaiguard/aaiguard/scanner/post/verify"
	"github.com/aaiguard/aaiguard/scanner/report"
	"github.com/aaiguard/aaiguard/scanner/source/worktree"
)

// version is set at build time with -ldflags "-X main.version=…"; the
// module version from the build info is used otherwise.
var version = ""

func toolVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
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
	baseline    string
	showSecrets bool
	noColor     bool
	exitCode    int
	quiet       bool
	maxFileSize string
	strict      bool
	verify      bool   // --verify: check found keys with AssemblyAI (cmd/aaiguard/verify.go)
	apiBaseURL  string // --api-base-url
	tests       bool   // --tests: code rules and Go analyzers also judge test files
	goDownload  bool   // --go-download (or AAIGUARD_GO_DOWNLOAD=1): the go command may fetch modules
}

type app struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	opts   globalOpts
	// isTTY reports whether stdout is a terminal (tests override it).
	isTTY func() bool
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr}
	a.isTTY = func() bool {
		f, ok := stdout.(*os.File)
		return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
	}
	return a.execute(args)
}

// execute runs one command line (tests call it with their own isTTY).
func (a *app) execute(args []string) int {
	stdin, stdout, stderr := a.stdin, a.stdout, a.stderr
	root := a.rootCmd()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	var ee *exitErr
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintf(stderr, "aaiguard: %s\n", report.Sanitize(ee.err.Error()))
		}
		return ee.code
	}
	// Cobra's own errors: unknown flags and commands, bad arguments.
	fmt.Fprintf(stderr, "aaiguard: %s\n", report.Sanitize(err.Error()))
	return exitError
}

func (a *app) rootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "aaiguard [PATH]",
		Short: "Keep AssemblyAI keys and customers' audio data safe in source repositories",
		Long: `aaiguard finds hard-coded AssemblyAI API keys (in the work tree, staged changes and
the whole git history), raw keys shipped to browsers, and transcription requests
without PII redaction, and grades a repository against the AssemblyAI security
checklist. Run without a command it runs "check".

Exit codes: 0 nothing to report, 1 findings, 2 usage, config or runtime error.`,
		Args:          cobra.MaximumNArgs(1),
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runScan(cmd.Context(), "check", args)
		},
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError("%v", err) })
	f := root.PersistentFlags()
	f.StringVarP(&a.opts.format, "format", "f", "text", "output format: "+strings.Join(report.Formats, ", "))
	f.StringVarP(&a.opts.output, "output", "o", "", "write the report to `FILE` instead of stdout")
	f.StringVar(&a.opts.config, "config", "", "configuration `FILE` (default: .aaiguard.toml at the repository root)")
	f.StringVar(&a.opts.baseline, "baseline", "", "hide findings present in this previous JSON report `FILE`")
	f.BoolVar(&a.opts.showSecrets, "show-secrets", false, "print secrets in full (they are redacted by default)")
	f.BoolVar(&a.opts.noColor, "no-color", false, "disable colour (also NO_COLOR)")
	f.IntVar(&a.opts.exitCode, "exit-code", exitFindings, "exit code when there are findings")
	f.BoolVarP(&a.opts.quiet, "quiet", "q", false, "no progress output on stderr")
	f.StringVar(&a.opts.maxFileSize, "max-file-size", "10MiB", "skip files larger than `SIZE` (bytes, or with KiB/MiB/GiB), with a note")
	f.BoolVar(&a.opts.strict, "strict", false, "checklist warnings fail too")
	f.BoolVar(&a.opts.verify, "verify", false, "ask AssemblyAI whether each key found is live (network; opt-in; scan, check, history, staged)")
	f.StringVar(&a.opts.apiBaseURL, "api-base-url", verify.DefaultBaseURL, "AssemblyAI API for --verify (EU: "+verify.EUBaseURL+")")
	f.BoolVar(&a.opts.tests, "tests", false, "code rules and Go analyzers also judge test files (keys are reported in them either way)")
	f.BoolVar(&a.opts.goDownload, "go-download", os.Getenv("AAIGUARD_GO_DOWNLOAD") == "1", "let the go command download missing modules from GOPROXY for the Go analyzers (network; opt-in; also AAIGUARD_GO_DOWNLOAD=1)")
	root.AddCommand(a.scanCmd(), a.checkCmd(), a.rulesCmd(), a.versionCmd(), a.baselineCmd())
	for _, c := range extraCommands {
		root.AddCommand(c(a))
	}
	return root
}

// extraCommands lets other files of this package add commands without
// editing rootCmd (history, staged, vet, fix, …).
var extraCommands []func(*app) *cobra.Command

func parseSize(s string) (int64, error) {
	s = strings.TrimSpace(s)
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		m      int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1}} {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.m
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("invalid size %q", s)
	}
	return n * mult, nil
}

// runCtx is the state of one scanning run, shared by its stages.
type runCtx struct {
	ctx     context.Context
	app     *app
	command string
	root    string // the path as given
	tree    *worktree.Tree
	cfg     *rules.Config
	engine  *detect.Engine
	maxSize int64
	rep     *report.Report
	// Evidence collects what supports a passing checklist item, by
	// checklist id: one human-readable line each, "path:line: what was
	// seen" (e.g. "src/a.ts:12: transcription request with redact_pii and
	// policies").
	Evidence map[string][]string
	// baseline hides known findings (stage 88, before --verify and the
	// checklist see what is left); baselined are the findings it hid.
	baseline  *baseline.Baseline
	baselined []finding.Finding
	// Usage lists where AssemblyAI is used at all (SDK imports, API hosts),
	// "path:line: what"; with no usage, most checklist items are unknown.
	Usage []string
	// Unknown says, by checklist id, why a stage found nothing to judge
	// for an item ("no CI configuration found"); the checklist uses it as
	// the reason of an unknown item.
	Unknown map[string]string
}

// fail records a runtime error: the run goes on, then exits 2.
func (rc *runCtx) fail(err error) {
	rc.rep.Summary.Errors = append(rc.rep.Summary.Errors, err.Error())
}

// note records something the user must know about the scan's coverage.
func (rc *runCtx) note(format string, a ...any) {
	rc.rep.Summary.Notes = append(rc.rep.Summary.Notes, fmt.Sprintf(format, a...))
}

// counted adds what a source scanned and skipped to the summary; reasons
// of skipped content get prefix (e.g. "history: ").
func (rc *runCtx) counted(files int, bytes int64, binary int, tooLarge []finding.Skipped, prefix string) {
	s := rc.rep.Summary
	s.FilesScanned += files
	s.BytesScanned += bytes
	s.SkippedBinary += binary
	for _, sk := range tooLarge {
		sk.Reason = prefix + sk.Reason
		s.SkippedLarge = append(s.SkippedLarge, sk)
	}
}

// add appends findings, dropping those of rules the configuration
// disables (code-implemented rules are disabled here; catalogue rules are
// never compiled).
func (rc *runCtx) add(fs ...finding.Finding) {
	for _, f := range fs {
		if !rc.cfg.Disabled[f.Rule] {
			rc.rep.Findings = append(rc.rep.Findings, f)
		}
	}
}

// stage is one part of a scanning command (work tree, history, Go
// analyzers, code rules, hygiene, checklist). Stages run in order.
type stage struct {
	name     string
	order    int
	commands []string // the commands that include it
	run      func(rc *runCtx) error
}

var stages []stage

func init() {
	registerStage(stage{name: "baseline", order: 88, commands: []string{"scan", "check", "history", "staged"}, run: func(rc *runCtx) error {
		if rc.baseline != nil {
			var hidden []finding.Finding
			rc.rep.Findings, hidden = rc.baseline.Split(rc.rep.Findings)
			rc.baselined = append(rc.baselined, hidden...)
			rc.rep.Summary.Baselined += len(hidden)
		}
		return nil
	}})
}

func registerStage(s stage) { stages = append(stages, s) }

// treeListers replaces the work-tree listing for commands that do not
// read the work tree (staged reads only the index: listing 10k files would
// cost more than its whole scan).
var treeListers = map[string]func(root string) (*worktree.Tree, error){}

// prepare resolves the root, lists the tree and loads the configuration.
func (a *app) prepare(ctx context.Context, command string, args []string) (*runCtx, error) {
	root := "."
	if len(args) == 1 {
		root = args[0]
	}
	maxSize, err := parseSize(a.opts.maxFileSize)
	if err != nil {
		return nil, usageError("--max-file-size: %v", err)
	}
	if !slices.Contains(report.Formats, a.opts.format) {
		return nil, usageError("--format %q: want one of %s", a.opts.format, strings.Join(report.Formats, ", "))
	}
	list := worktree.List
	if l, ok := treeListers[command]; ok {
		list = l
	}
	tree, err := list(root)
	if err != nil {
		return nil, &exitErr{code: exitError, err: err}
	}
	cfg, err := a.loadConfig(tree)
	if err != nil {
		return nil, &exitErr{code: exitError, err: err}
	}
	if err := cfg.CheckDisabled(isCodeRule); err != nil {
		return nil, &exitErr{code: exitError, err: err}
	}
	rc := &runCtx{
		ctx: ctx, app: a, command: command, root: root, tree: tree, cfg: cfg,
		engine: detect.New(cfg), maxSize: maxSize,
		rep: &report.Report{
			Tool:     report.Tool{Name: "aaiguard", Version: toolVersion()},
			Findings: []finding.Finding{},
			Summary:  &report.Summary{Command: command},
		},
		Evidence: map[string][]string{},
		Unknown:  map[string]string{},
	}
	return rc, nil
}

func (a *app) loadConfig(tree *worktree.Tree) (*rules.Config, error) {
	if a.opts.config != "" {
		return rules.LoadFile(a.opts.config)
	}
	dir := tree.Root
	if tree.RepoRoot != "" {
		dir = tree.RepoRoot
	}
	p := filepath.Join(dir, ".aaiguard.toml")
	name := p
	if rel, err := filepath.Rel(tree.Root, p); err == nil && !strings.HasPrefix(rel, "..") {
		name = filepath.ToSlash(rel)
	}
	if _, err := os.Lstat(p); errors.Is(err, os.ErrNotExist) {
		return rules.Default()
	}
	// The scanned repository's configuration is untrusted data: a regular
	// file of reasonable size, and through a symbolic link only to a file
	// inside the repository (a link to /dev/zero, a FIFO or ~/.ssh/id_rsa
	// must not be read, nor quoted back in a parse error).
	if t, err := filepath.EvalSymlinks(p); err == nil && t != p {
		if rel, err := filepath.Rel(evalOr(dir), t); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return nil, fmt.Errorf("config %s: a symbolic link to %s, outside the repository: not read", name, t)
		}
	}
	data, err := worktree.ReadRegular(p, true, maxConfigSize)
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", name, unwrapPath(err))
	}
	return rules.Load(name, data)
}

// maxConfigSize bounds a repository's .aaiguard.toml (the default
// catalogue is 4 KB).
const maxConfigSize = 1 << 20

func evalOr(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	return p
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// runScan runs the stages of command and writes the report.
func (a *app) runScan(ctx context.Context, command string, args []string) error {
	start := time.Now()
	rc, err := a.prepare(ctx, command, args)
	if err != nil {
		return err
	}
	if a.opts.baseline != "" {
		if rc.baseline, err = baseline.Load(a.opts.baseline); err != nil {
			return &exitErr{code: exitError, err: err}
		}
	}
	ordered := slices.Clone(stages)
	slices.SortStableFunc(ordered, func(x, y stage) int { return x.order - y.order })
	for _, s := range ordered {
		if !slices.Contains(s.commands, command) {
			continue
		}
		if err := s.run(rc); err != nil {
			var ee *exitErr
			if errors.As(err, &ee) {
				return err
			}
			rc.fail(fmt.Errorf("%s: %w", s.name, err))
		}
	}
	rc.rep.Summary.DurationMS = time.Since(start).Milliseconds()
	describeRun(rc)
	if err := a.writeReport(rc.rep); err != nil {
		return &exitErr{code: exitError, err: err}
	}
	a.errorsToStderr(rc.rep)
	return a.exitFor(rc.rep)
}

// errorsToStderr repeats a run's errors on stderr when the report does not
// show them there (a JSON or SARIF report, or one written to --output): a
// CI log must say why the scan did not complete, not only that it did not.
func (a *app) errorsToStderr(rep *report.Report) {
	if a.opts.format == "text" && (a.opts.output == "" || a.opts.output == "-") {
		return
	}
	for _, e := range rep.Summary.Errors {
		fmt.Fprintf(a.stderr, "aaiguard: error: %s\n", report.Sanitize(e))
	}
}

// exitFor computes the exit code of a finished run: an incomplete scan is
// an error whatever it found; findings of high or critical severity (and a
// failing checklist item) exit with --exit-code; warnings (medium, low) do
// not fail the run unless --strict.
func (a *app) exitFor(rep *report.Report) error {
	if len(rep.Summary.Errors) > 0 {
		return &exitErr{code: exitError, err: fmt.Errorf("the scan did not complete: %d error(s), listed above", len(rep.Summary.Errors))}
	}
	failing := false
	for _, f := range rep.Findings {
		if f.Severity.IsError() || a.opts.strict {
			failing = true
			break
		}
	}
	for _, c := range rep.Checklist {
		if c.Status == "fail" || a.opts.strict && c.Status == "warn" {
			failing = true
		}
	}
	if failing {
		return &exitErr{code: a.opts.exitCode}
	}
	return nil
}

func (a *app) colorOn() bool {
	if a.opts.noColor || os.Getenv("NO_COLOR") != "" || a.opts.output != "" {
		return false
	}
	return a.isTTY()
}

// writeReport renders the whole report in memory first, so that an error
// never leaves half a report behind, then writes it to stdout or --output.
func (a *app) writeReport(rep *report.Report) error {
	var buf bytes.Buffer
	withRules(rep)
	opts := report.Options{ShowSecrets: a.opts.showSecrets, Color: a.colorOn()}
	if err := report.Write(&buf, a.opts.format, rep, opts); err != nil {
		return fmt.Errorf("write %s report: %w", a.opts.format, err)
	}
	if a.opts.output == "" || a.opts.output == "-" {
		_, err := a.stdout.Write(buf.Bytes())
		return err
	}
	return writeOutputFile(a.opts.output, buf.Bytes())
}

// writeOutputFile writes data to path. A regular file (or a new one) is
// replaced atomically through a temporary file in the same directory; a
// special file (/dev/null, /dev/stdout, a FIFO) is written into and never
// replaced.
func writeOutputFile(path string, data []byte) error {
	// Write through a symbolic link to its target; replacing the link
	// itself would surprise whoever made it.
	path = atomicfile.Resolve(path)
	st, err := os.Stat(path)
	if err == nil && !st.Mode().IsRegular() {
		if st.IsDir() {
			return fmt.Errorf("--output %s: is a directory", path)
		}
		fh, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return fmt.Errorf("--output %s: %w", path, err)
		}
		if _, err := fh.Write(data); err != nil {
			fh.Close()
			return fmt.Errorf("--output %s: %w", path, err)
		}
		return fh.Close()
	}
	if err := atomicfile.Write(path, data, atomicfile.PermOr(path, 0o644)); err != nil {
		return fmt.Errorf("--output %s: %w", path, err)
	}
	return nil
}
