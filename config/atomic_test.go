package config

import (
	"os"
	"path/filepath"
	"testing"
)

// TestWriteFileAtomic: the mode asked for (whatever the umask), the directory made 0700,
// an existing file replaced whole, and no temporary file left, on success or failure.
func TestWriteFileAtomic(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "tls")
	p := filepath.Join(dir, "key.pem")
	if err := writeFileAtomic(p, []byte("secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("%v %v", fi.Mode(), err)
	}
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("dir %v %v", fi.Mode(), err)
	}
	if err := writeFileAtomic(p, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != "x" {
		t.Fatalf("%q", b)
	}
	if fi, _ := os.Stat(p); fi.Mode().Perm() != 0o644 {
		t.Fatal(fi.Mode())
	}
	// the rename fails (a directory stands at the path): the old content stays, no temp file
	blocked := filepath.Join(dir, "blocked")
	if err := os.Mkdir(filepath.Join(blocked), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(blocked, "f"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := writeFileAtomic(blocked, []byte("y"), 0o600); err == nil {
		t.Fatal("wrote over a directory")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		for _, e := range entries {
			t.Log(e.Name())
		}
		t.Fatalf("%d entries: a temporary file was left behind", len(entries))
	}
}

// TestWriteNewFile: written whole with the mode asked for, never over an existing file,
// errors worded as opening the path would be, no temporary file left.
func TestWriteNewFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.tar")
	if err := WriteNewFile(p, []byte("data"), 0o600); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != 0o600 || fi.Size() != 4 {
		t.Fatalf("%v %v", fi, err)
	}
	if err := WriteNewFile(p, []byte("other"), 0o600); err == nil || err.Error() != "open "+p+": file exists" {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != "data" {
		t.Fatalf("overwritten: %q", b)
	}
	missing := filepath.Join(dir, "no", "x.tar")
	if err := WriteNewFile(missing, nil, 0o600); err == nil || err.Error() != "open "+missing+": no such file or directory" {
		t.Fatal(err)
	}
	notDir := filepath.Join(p, "x.tar")
	if err := WriteNewFile(notDir, nil, 0o600); err == nil || err.Error() != "open "+notDir+": not a directory" {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("%d entries: a temporary file was left", len(entries))
	}
}
