package opts

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

func TestEnvFlags(t *testing.T) {
	dir := t.TempDir()
	f1 := filepath.Join(dir, "one.env")
	f2 := filepath.Join(dir, "two.env")
	if err := os.WriteFile(f1, []byte("# comment\nA=file\nFROMHERE\n\nB=1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(f2, []byte("A=second\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("FROMHERE", "here")
	t.Setenv("ALSO", "also")

	e := NewEnvFlags()
	flags := pflag.NewFlagSet("t", pflag.ContinueOnError)
	e.Bind(flags)
	if f := flags.Lookup("env"); f == nil || f.Shorthand != "e" || f.Value.Type() != "list" {
		t.Fatalf("--env bound as %+v", f)
	}
	if f := flags.Lookup("env-file"); f == nil || f.Shorthand != "" || f.Value.Type() != "list" {
		t.Fatalf("--env-file bound as %+v", f)
	}
	err := flags.Parse([]string{"-e", "X=1", "--env-file", f1, "-e", "ALSO", "-e", "X=2", "--env", "Y=", "--env-file", f2, "-e", "UNSET_HERE_AT_ALL"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := e.Variables()
	if err != nil {
		t.Fatal(err)
	}
	// files first (in order, never merged), then -e once per name: the last value at
	// the first's place; a name not set here goes as the name alone
	want := "A=file FROMHERE=here B=1 A=second X=2 ALSO=also Y= UNSET_HERE_AT_ALL"
	if strings.Join(got, " ") != want {
		t.Errorf("got  %q\nwant %q", strings.Join(got, " "), want)
	}

	for _, args := range [][]string{{"-e", "=x"}, {"--env", "="}} {
		err := newFlagSetWith(NewEnvFlags().Bind).Parse(args)
		if err == nil || !strings.Contains(err.Error(), "invalid environment variable: =") {
			t.Errorf("%q: error %v", args, err)
		}
	}

	missing := NewEnvFlags()
	_ = missing.Files.Set(filepath.Join(dir, "nonexistent"))
	if _, err := missing.Variables(); err == nil || !strings.Contains(err.Error(), "no such file or directory") {
		t.Errorf("a missing file: error %v", err)
	}
}

// newFlagSetWith is a flag set that bind has bound, for tests.
func newFlagSetWith(bind func(*pflag.FlagSet)) *pflag.FlagSet {
	flags := pflag.NewFlagSet("t", pflag.ContinueOnError)
	flags.SetOutput(&strings.Builder{})
	bind(flags)
	return flags
}
