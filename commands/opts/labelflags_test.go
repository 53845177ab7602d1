package opts

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

func TestLabelFlags(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "labels")
	if err := os.WriteFile(file, []byte("# comment\na=file\nb\nc=file\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	// run and create: -l/--label and --label-file (a file's bare name is dropped, as docker 28)
	l := NewLabelFlags()
	flags := newFlagSetWith(func(flags *pflag.FlagSet) {
		l.Bind(flags, FlagName{Name: "label", Shorthand: "l", Usage: "labels"}, FlagName{Name: "label-file", Usage: "files"})
	})
	if f := flags.Lookup("label"); f == nil || f.Shorthand != "l" || f.Usage != "labels" || f.Value.Type() != "list" {
		t.Fatalf("--label bound as %+v", f)
	}
	if err := flags.Parse([]string{"-l", "c=flag", "--label-file", file, "--label", "d", "-l", "e=1=2"}); err != nil {
		t.Fatal(err)
	}
	got, err := l.Map()
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"a":"file","c":"flag","d":"","e":"1=2"}`; mustJSON(t, got) != want {
		t.Errorf("got %s, want %s", mustJSON(t, got), want)
	}

	// service create's container labels: another name, no file flag
	l = NewLabelFlags()
	flags = newFlagSetWith(func(flags *pflag.FlagSet) {
		l.Bind(flags, FlagName{Name: "container-label", Usage: "container labels"}, FlagName{})
	})
	if flags.Lookup("label") != nil || flags.Lookup("label-file") != nil || flags.Lookup("") != nil {
		t.Error("bound a flag it was not given a name for")
	}
	err = flags.Parse([]string{"--container-label", "=x"})
	if err == nil || err.Error() != `invalid argument "=x" for "--container-label" flag: invalid label '=x': empty name` {
		t.Errorf("error %v", err)
	}

	missing := NewLabelFlags()
	_ = missing.Files.Set(filepath.Join(dir, "nonexistent"))
	if _, err := missing.Map(); err == nil || !strings.Contains(err.Error(), "no such file or directory") {
		t.Errorf("a missing file: error %v", err)
	}
}
