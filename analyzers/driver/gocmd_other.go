//go:build !unix

package driver

import "os/exec"

// ownProcessGroup: without process groups, cancellation kills go itself
// (exec.CommandContext's default).
func ownProcessGroup(*exec.Cmd) {}

func killProcessGroup(*exec.Cmd) {}
