package worktree

import (
	"io/fs"
	"syscall"
)

// statOf is the part of info's lstat data git keeps in its index.
func statOf(info fs.FileInfo) Stat {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return Stat{}
	}
	return Stat{OK: true, MtimeSec: st.Mtimespec.Sec, MtimeNsec: st.Mtimespec.Nsec, CtimeSec: st.Ctimespec.Sec, CtimeNsec: st.Ctimespec.Nsec,
		Dev: uint64(st.Dev), Ino: st.Ino, Mode: uint32(st.Mode), UID: st.Uid, GID: st.Gid, Size: st.Size}
}
