//go:build !linux && !darwin

package worktree

import "io/fs"

// statOf has no stat data to give here: no file is proven unchanged by
// its index entry (Tree.Unchanged), every file is read.
func statOf(fs.FileInfo) Stat { return Stat{} }
