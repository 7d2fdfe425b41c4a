package driver

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"
	"unicode"
)

// Policy is how aaiguard runs the go command on code it did not write.
type Policy struct {
	// Download lets the go command fetch missing modules from the
	// configured GOPROXY. Off, it runs with GOPROXY=off: a module missing
	// from the module cache is an error and nothing touches the network.
	Download bool
	// Trusted runs the go command in the caller's environment unchanged
	// (cgo and the C compiler, toolchain switching, downloads), as go vet
	// would: only for code the user trusts.
	Trusted bool
}

// Env returns the go command's environment under the policy, derived from
// base (nil: the process's environment). Unless trusted, the go command
// never runs cgo or the C compiler on the code (CGO_ENABLED=0: a file with
// #include "/dev/zero" kept gcc reading forever), never downloads a
// toolchain named by a go.mod (GOTOOLCHAIN=local), never edits go.mod (a
// -mod=mod in GOFLAGS is dropped) and, without Download, never uses the
// network (GOPROXY=off).
func (p Policy) Env(base []string) []string {
	if base == nil {
		base = os.Environ()
	}
	env := slices.Clone(base)
	if p.Trusted {
		return env
	}
	var goflags string
	for _, kv := range base {
		if v, ok := strings.CutPrefix(kv, "GOFLAGS="); ok {
			goflags = v // the last one wins, as in exec
		}
	}
	var flags []string
	for _, f := range strings.FieldsFunc(goflags, unicode.IsSpace) {
		if f != "-mod=mod" {
			flags = append(flags, f)
		}
	}
	// Later entries win (os/exec keeps the last of duplicate keys).
	env = append(env, "GOTOOLCHAIN=local", "CGO_ENABLED=0", "GOFLAGS="+strings.Join(flags, " "))
	if !p.Download {
		env = append(env, "GOPROXY=off")
	}
	return env
}

// Listed is one package of a go list run (its JSON, in part).
type Listed struct {
	ImportPath string
	Name       string
	Dir        string
	ForTest    string
	Standard   bool
	DepOnly    bool
	Module     *struct {
		Path, Version, Dir string
		Main               bool
	}
	GoFiles        []string
	IgnoredGoFiles []string
	Deps           []string
	Error          *ListError
	DepsErrors     []*ListError
}

// ListError is a go list package error.
type ListError struct {
	ImportStack []string
	Pos         string
	Err         string
}

// listFields are the fields List decodes; Export and CompiledGoFiles make
// go list compute what packages.Load asks for (the build itself comes
// from -export).
const listFields = "ImportPath,Name,Dir,ForTest,Standard,DepOnly,Module,GoFiles,IgnoredGoFiles,CompiledGoFiles,Export,Deps,Error,DepsErrors"

// List runs go list on patterns in dir with the flags packages.Load gives
// it for LoadMode (-deps -export -compiled, and -test when tests), and
// returns every package listed, dependencies included. Compiling the
// dependencies for their export data is the long part of a load, and the
// go command leaves it to child processes (compile, asm; cgo and the C
// compiler when trusted); List runs go in a process group of its own and
// kills the whole group when ctx is done. Load runs List first, so that
// its own go list, which packages.Load starts and can only interrupt, finds
// the build cache warm and starts no compiler.
func List(ctx context.Context, dir string, env []string, tests bool, patterns ...string) ([]*Listed, error) {
	args := []string{"list", "-e", "-json=" + listFields, "-compiled=true", fmt.Sprintf("-test=%t", tests),
		"-export=true", "-deps=true", "-find=false", "-buildvcs=false", "-pgo=off", "--"}
	if ctx == nil {
		ctx = context.Background()
	}
	var stderr tailBuffer
	var out []*Listed
	err := RunGo(ctx, dir, env, args, func(stdout io.Reader) error {
		dec := json.NewDecoder(stdout)
		for {
			p := new(Listed)
			if err := dec.Decode(p); errors.Is(err, io.EOF) {
				return nil
			} else if err != nil {
				return fmt.Errorf("go list output: %w", err)
			}
			out = append(out, p)
		}
	}, &stderr, patterns...)
	if err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" && ctx.Err() == nil {
			return out, fmt.Errorf("go list: %w: %s", err, msg)
		}
		return out, fmt.Errorf("go list: %w", err)
	}
	return out, nil
}

// RunGo runs the go command with args and extra arguments in dir with env,
// in a process group of its own: when ctx is done the whole group (go and
// every compiler, assembler or tool it started) gets SIGKILL at once. (An
// interrupt is not enough: go exits on SIGINT without waiting for its
// children, and a child that ignores it is left running.) stdout is handed
// to read while the command runs.
func RunGo(ctx context.Context, dir string, env []string, args []string, read func(io.Reader) error, stderr io.Writer, extra ...string) error {
	if ctx == nil {
		ctx = context.Background()
	}
	cmd := exec.CommandContext(ctx, "go", append(slices.Clone(args), extra...)...)
	if env == nil {
		env = os.Environ()
	}
	// PWD lets go report the directory as given, not with its symbolic
	// links resolved (os.Getwd trusts PWD when it names the same place).
	cmd.Dir, cmd.Env, cmd.Stderr = dir, append(slices.Clone(env), "PWD="+dir), stderr
	ownProcessGroup(cmd)
	cmd.WaitDelay = 5 * time.Second
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	readErr := read(stdout)
	if readErr != nil {
		_, _ = io.Copy(io.Discard, stdout) // let go finish writing
	}
	err = cmd.Wait()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err != nil {
		return err
	}
	return readErr
}

// tailBuffer keeps the last 64 KiB written to it (go's stderr can be long).
type tailBuffer struct{ b bytes.Buffer }

const tailMax = 64 << 10

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.b.Write(p)
	if t.b.Len() > 2*tailMax {
		keep := slices.Clone(t.b.Bytes()[t.b.Len()-tailMax:])
		t.b.Reset()
		t.b.Write(keep)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	s := t.b.String()
	if len(s) > tailMax {
		s = "…" + s[len(s)-tailMax:]
	}
	return s
}
