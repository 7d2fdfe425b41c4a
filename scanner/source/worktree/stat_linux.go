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
	return Stat{OK: true, MtimeSec: int64(st.Mtim.Sec), MtimeNsec: int64(st.Mtim.Nsec), CtimeSec: int64(st.Ctim.Sec), CtimeNsec: int64(st.Ctim.Nsec),
		Dev: uint64(st.Dev), Ino: uint64(st.Ino), Mode: uint32(st.Mode), UID: st.Uid, GID: st.Gid, Size: st.Size}
}
