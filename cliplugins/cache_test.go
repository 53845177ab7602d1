package cliplugins

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gotest.tools/v3/assert"
)

// countingPlugin writes a shell plugin that records each metadata run in log and
// answers with vendor (exit status code).
func countingPlugin(t *testing.T, dir, log, vendor string, code int) string {
	t.Helper()
	path := filepath.Join(dir, "docker-count")
	script := "#!/bin/sh\necho run >> " + log + "\n" +
		`echo '{"SchemaVersion":"0.1.0","Vendor":"` + vendor + `"}'` + "\nexit " + string(rune('0'+code)) + "\n"
	assert.NilError(t, os.WriteFile(path, []byte(script), 0o755))
	return path
}

func runs(t *testing.T, log string) int {
	b, err := os.ReadFile(log)
	if os.IsNotExist(err) {
		return 0
	}
	assert.NilError(t, err)
	return strings.Count(string(b), "run\n")
}

// TestMetadataCache: a plugin is asked for its metadata once while its file stays the
// same, again once it changes, and every time when its answer fails; the cache file
// survives between finders (commands) and a broken one is rebuilt.
func TestMetadataCache(t *testing.T) {
	dir, tmp := t.TempDir(), t.TempDir()
	log := filepath.Join(tmp, "log")
	cachePath := filepath.Join(tmp, "cache", "meta.json")
	countingPlugin(t, dir, log, "v1", 0)
	find := func() *Plugin {
		f := Finder{Dirs: []string{dir}, Cache: NewMetadataCache(cachePath)} // a new command each time
		return f.Find(context.Background(), "count")
	}
	for i := 0; i < 3; i++ {
		p := find()
		assert.NilError(t, p.Err)
		assert.Equal(t, p.Metadata.Vendor, "v1")
	}
	assert.Equal(t, runs(t, log), 1)

	// rewritten in place, same size: only its times tell (set apart explicitly, as
	// a rewrite within one clock tick of the file system could keep them)
	path := countingPlugin(t, dir, log, "v2", 0)
	old := time.Now().Add(-time.Hour)
	assert.NilError(t, os.Chtimes(path, old, old))
	assert.Equal(t, find().Metadata.Vendor, "v2")
	assert.Equal(t, find().Metadata.Vendor, "v2")
	assert.Equal(t, runs(t, log), 2)

	// a broken cache file is ignored and replaced
	assert.NilError(t, os.WriteFile(cachePath, []byte("{not json"), 0o600))
	assert.Equal(t, find().Metadata.Vendor, "v2")
	assert.Equal(t, runs(t, log), 3)
	assert.Equal(t, find().Metadata.Vendor, "v2")
	assert.Equal(t, runs(t, log), 3)

	// a failing answer is never kept
	countingPlugin(t, dir, log, "v3", 1)
	for i := 0; i < 2; i++ {
		assert.ErrorContains(t, find().Err, "failed to fetch metadata")
	}
	assert.Equal(t, runs(t, log), 5)

	// no temporary file is left beside the cache
	entries, err := os.ReadDir(filepath.Dir(cachePath))
	assert.NilError(t, err)
	assert.Equal(t, len(entries), 1)
}
