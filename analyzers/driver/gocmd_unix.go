//go:build unix

package driver

import (
	"os/exec"
	"syscall"
)

// ownProcessGroup makes cmd the leader of a new process group, which its
// children join, and makes cancellation kill the whole group.
func ownProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		killProcessGroup(cmd)
		return nil
	}
}

// killProcessGroup kills every process of cmd's group. It is called only
// while Wait has not reaped go, the group's leader, so the id cannot name
// another group.
func killProcessGroup(cmd *exec.Cmd) {
	if cmd.Process != nil && cmd.Process.Pid > 0 {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // ESRCH: nothing left
	}
}
