package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gotest.tools/v3/assert"
)

func TestGenerate(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1795392000") // 2026-11-22
	dir := t.TempDir()
	var errb bytes.Buffer
	code := run([]string{"-md", filepath.Join(dir, "md"), filepath.Join(dir, "man1")}, &errb)
	assert.Equal(t, code, 0, errb.String())
	b, err := os.ReadFile(filepath.Join(dir, "man1", "docker-run.1"))
	assert.NilError(t, err)
	assert.Assert(t, strings.Contains(string(b), `"Nov 2026"`), string(b))
	_, err = os.Stat(filepath.Join(dir, "md", "docker_container_run.md"))
	assert.NilError(t, err)
}

// TestUnwritable: a directory that cannot take the pages is one line and status 1,
// with nothing written.
func TestUnwritable(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	assert.NilError(t, os.WriteFile(file, nil, 0o644))
	var errb bytes.Buffer
	code := run([]string{filepath.Join(file, "man1")}, &errb)
	assert.Equal(t, code, 1)
	assert.Equal(t, errb.String(), "genman: cannot write to "+filepath.Join(file, "man1")+": not a directory\n")

	dir := t.TempDir()
	errb.Reset()
	code = run([]string{"-md", file, filepath.Join(dir, "man1")}, &errb)
	assert.Equal(t, code, 1)
	assert.Equal(t, errb.String(), "genman: cannot write to "+file+": not a directory\n")
}

func TestUsage(t *testing.T) {
	var errb bytes.Buffer
	assert.Equal(t, run(nil, &errb), 2)
	assert.Equal(t, errb.String(), "usage: genman [-md DIR] MANDIR\n")
}
