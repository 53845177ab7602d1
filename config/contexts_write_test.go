package config

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

func TestValidateContextName(t *testing.T) {
	for name, want := range map[string]string{
		"ab": "", "a.b_c-d+1": "", "0x": "", "default": "",
		"":    "context name cannot be empty",
		"x":   `context name "x" is invalid, names are validated against regexp "^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$"`,
		".a":  `context name ".a" is invalid`,
		"a b": `context name "a b" is invalid`,
		"aé":  `context name "aé" is invalid`,
		"a/b": `context name "a/b" is invalid`,
	} {
		err := ValidateContextName(name)
		if (want == "") != (err == nil) || err != nil && !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%q: %v, want %q", name, err, want)
		}
	}
	if err := CheckNewContextName("default"); err == nil || err.Error() != `"default" is a reserved context name` {
		t.Fatal(err)
	}
}

// tree lists the files and folders under root with their modes, temporary names included.
func tree(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == root {
			return nil
		}
		fi, _ := d.Info()
		rel, _ := filepath.Rel(root, p)
		out = append(out, rel+" "+fi.Mode().String())
		return nil
	})
	sort.Strings(out)
	return out
}

// TestContextStoreWrite: create, update (with and without TLS), remove, with docker's
// modes and no staging folder left.
func TestContextStoreWrite(t *testing.T) {
	s := NewContextStore(t.TempDir())
	tls := TLSData{"docker": {"ca.pem": []byte("ca"), "key.pem": []byte("key")}}
	meta := []byte(`{"Name":"lab","Metadata":{},"Endpoints":{"docker":{"Host":"tcp://h:1","SkipTLSVerify":false}}}`)
	if err := s.Create("lab", meta, tls); err != nil {
		t.Fatal(err)
	}
	h := contextDir("lab")
	want := []string{
		"meta drwxr-xr-x", "meta/" + h + " drwxr-xr-x", "meta/" + h + "/meta.json -rw-r--r--",
		"tls drwx------", "tls/" + h + " drwx------", "tls/" + h + "/docker drwx------",
		"tls/" + h + "/docker/ca.pem -rw-------", "tls/" + h + "/docker/key.pem -rw-------",
	}
	if got := tree(t, s.Root); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	m, err := s.Load("lab")
	if err != nil || m.Name != "lab" {
		t.Fatal(m, err)
	}
	if err := s.Create("lab", meta, nil); err == nil || err.Error() != `context "lab" already exists` {
		t.Fatal(err)
	}
	// update without TLS: the material stays
	if err := s.Update("lab", []byte(`{"Name":"lab"}`), nil, false); err != nil {
		t.Fatal(err)
	}
	if got := s.TLSMaterial("lab"); len(got["docker"]) != 2 {
		t.Fatal(got)
	}
	// replaced: only the new file
	if err := s.Update("lab", meta, TLSData{"docker": {"cert.pem": []byte("c")}}, true); err != nil {
		t.Fatal(err)
	}
	if got := s.TLSMaterial("lab"); strings.Join(got["docker"], ",") != "cert.pem" {
		t.Fatal(got)
	}
	// replaced by none
	if err := s.Update("lab", meta, nil, true); err != nil {
		t.Fatal(err)
	}
	if got := s.TLSMaterial("lab"); len(got) != 0 {
		t.Fatal(got)
	}
	if b, _ := os.ReadFile(s.MetaPath("lab")); !bytes.Equal(b, meta) {
		t.Fatalf("%s", b)
	}
	if err := s.Remove("lab"); err != nil {
		t.Fatal(err)
	}
	if err := s.Remove("lab"); err == nil || err.Error() != `context "lab" does not exist` {
		t.Fatal(err)
	}
	if got := tree(t, s.Root); strings.Join(got, " ") != "meta drwxr-xr-x tls drwx------" {
		t.Fatal(got)
	}
}

// TestContextStoreWriteFailures: a write that fails at any step leaves the store as it
// was: no meta.json, no TLS folder, no staging folder.
func TestContextStoreWriteFailures(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Log("as root, the read-only folder case is skipped (root writes anyway); the others run")
	}
	tls := TLSData{"docker": {"ca.pem": []byte("ca")}}
	meta := []byte(`{"Name":"lab"}`)

	// the TLS folder's parent is a file: the TLS rename fails, nothing stays
	s := NewContextStore(t.TempDir())
	if err := os.MkdirAll(s.Root, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(s.Root, "tls"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := s.Create("lab", meta, tls); err == nil {
		t.Fatal("created over a file")
	}
	if got := tree(t, s.Root); strings.Join(got, " ") != "tls -rw-------" {
		t.Fatalf("left behind: %v", got)
	}

	// the meta folder's parent is a file: the TLS already moved is taken back
	s = NewContextStore(t.TempDir())
	if err := os.MkdirAll(s.Root, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(s.Root, "meta"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := s.Create("lab", meta, tls); err == nil {
		t.Fatal("created over a file")
	}
	if got := tree(t, s.Root); strings.Join(got, " ") != "meta -rw------- tls drwx------" {
		t.Fatalf("left behind: %v", got)
	}

	// an update whose meta.json cannot be replaced (a folder stands there) keeps the old
	// TLS material
	s = NewContextStore(t.TempDir())
	if err := s.Create("lab", meta, tls); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(s.MetaPath("lab")); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(s.MetaPath("lab"), "x"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := s.Update("lab", meta, TLSData{"docker": {"key.pem": []byte("k")}}, true); err == nil {
		t.Fatal("updated over a folder")
	}
	if got := s.TLSMaterial("lab"); strings.Join(got["docker"], ",") != "ca.pem" {
		t.Fatalf("TLS not restored: %v", got)
	}
	for _, e := range tree(t, s.Root) {
		if strings.Contains(e, ".staging-") {
			t.Fatalf("staging left: %v", e)
		}
	}

	// a store folder that cannot be written (not as root): nothing made
	if os.Geteuid() != 0 {
		s = NewContextStore(t.TempDir())
		if err := os.MkdirAll(s.Root, 0o500); err != nil {
			t.Fatal(err)
		}
		if err := s.Create("lab", meta, tls); err == nil {
			t.Fatal("created in a read-only store")
		}
		if got := tree(t, s.Root); len(got) != 0 {
			t.Fatalf("left behind: %v", got)
		}
	}
}

func TestMarshalMeta(t *testing.T) {
	m, err := parseMeta([]byte(`{"Endpoints":{"k8s":{"a":1e3,"b":[2.50]},"docker":{"Host":"h","Foo":1}},"Metadata":{"z":1,"Description":"d"},"Name":"x"}`))
	if err != nil {
		t.Fatal(err)
	}
	b, err := MarshalMeta(m)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"Name":"x","Metadata":{"Description":"d","z":1},"Endpoints":{"docker":{"Host":"h","SkipTLSVerify":false},"k8s":{"a":1000,"b":[2.5]}}}`
	if string(b) != want {
		t.Fatalf("%s\nwant %s", b, want)
	}
}
