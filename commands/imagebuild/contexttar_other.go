//go:build !unix

package imagebuild

import "io/fs"

type inodeKey struct{ dev, ino uint64 }

func hardlinkKey(fs.FileInfo) (inodeKey, bool) { return inodeKey{}, false }

func deviceNumbers(fs.FileInfo) (major, minor int64) { return 0, 0 }
