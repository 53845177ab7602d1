//go:build unix

package imagebuild

import (
	"io/fs"
	"syscall"
)

type inodeKey struct{ dev, ino uint64 }

// hardlinkKey identifies a regular file with more than one name, so that its
// later names go in the tar as links to the first, as docker sends them.
func hardlinkKey(info fs.FileInfo) (inodeKey, bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok || st.Nlink <= 1 {
		return inodeKey{}, false
	}
	return inodeKey{uint64(st.Dev), uint64(st.Ino)}, true //nolint:unconvert // widths differ by platform
}

func deviceNumbers(info fs.FileInfo) (major, minor int64) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0
	}
	rdev := uint64(st.Rdev) //nolint:unconvert
	// Linux's encoding (glibc's gnu_dev_major/minor), which BSDs' small numbers fit too
	major = int64((rdev>>32)&0xfffff000 | (rdev>>8)&0xfff)
	minor = int64((rdev>>12)&0xffffff00 | rdev&0xff)
	return major, minor
}
