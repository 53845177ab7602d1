//go:build e2e

package e2e

import (
	"strings"
	"testing"
)

// Tests of the harness itself (they use only the reference client and the engine).

func TestHarnessNormalize(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"0520ffc24218   bb        sh": "<ID>   bb        sh",
		"sha256:0520ffc24218e6c5d1b3b2f4d1a3b2f4d1a3b2f4d1a3b2f4d1a3b2f4d1a3b2f4": "sha256:<ID>",
		"2026-11-23T19:03:32.236755197Z":                                          "<TS>",
		"2026-11-23T19:03:32+01:00 x":                                             "<TS> x",
		"2026-11-23 19:03:32 +0000 UTC|":                                          "<TS>|",
		"About a minute ago":                                                      "<AGO>",
		"Failed less than a second ago":                                           "Failed <AGO>",
		"Exited (0) 5 seconds ago":                                                "Exited (0) <AGO>",
		"Up Less than a second (Paused)":                                          "Up <DUR> (Paused)",
		"Up 3 hours":                                                              "Up <DUR>",
		"deadbeef":                                                                "deadbeef",
		"0520ffc24218x":                                                           "0520ffc24218x",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHarnessDiff(t *testing.T) {
	t.Parallel()
	if d := Diff("a", "b", "x\ny\n", "x\ny\n"); d != "" {
		t.Errorf("equal texts: diff %q", d)
	}
	a := "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n"
	b := "1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n11\n"
	want := "--- a\n+++ b\n@@ -2,9 +2,10 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n 9\n 10\n+11\n"
	if d := Diff("a", "b", a, b); d != want {
		t.Errorf("Diff:\n%s\nwant:\n%s", d, want)
	}
	a = "h\n1\n2\n3\n4\n5\n6\n7\n8\n9\n"
	b = "H\n1\n2\n3\n4\n5\n6\n7\n8\n9x\n"
	want = "--- a\n+++ b\n@@ -1,4 +1,4 @@\n-h\n+H\n 1\n 2\n 3\n@@ -7,4 +7,4 @@\n 6\n 7\n 8\n-9\n+9x\n"
	if d := Diff("a", "b", a, b); d != want {
		t.Errorf("Diff, two hunks:\n%s\nwant:\n%s", d, want)
	}
}

func TestHarnessMergeEnv(t *testing.T) {
	t.Parallel()
	got := strings.Join(mergeEnv([]string{"A=1", "HOME=/x", "B=2"}, []string{"HOME=/y", "C=3"}), " ")
	if want := "A=1 HOME=/y B=2 C=3"; got != want {
		t.Errorf("mergeEnv = %q, want %q", got, want)
	}
}

// TestHarnessFixture: objects carry the label, list filters see exactly them, and they
// are gone after the test.
func TestHarnessFixture(t *testing.T) {
	t.Parallel()
	if !hasRef() {
		t.Skip("no reference client")
	}
	var label string
	t.Run("create", func(t *testing.T) {
		f := Fixture(t)
		label = f.Label()
		id, name := f.Container()
		if len(id) != 64 || !strings.HasPrefix(name, "e2e-"+runID+"-testharnessfixture-create-") {
			t.Fatalf("Container() = %q, %q", id, name)
		}
		f.Container("-e", "A=1", Image, "sleep", "60")
		v := f.Volume()
		n := f.Network("--internal")
		if r := Ref(t, "ps", "-a", "--filter", "label="+label, "--format", "{{.Names}} {{.Command}}"); strings.Count(r.Stdout, "\n") != 2 || !strings.Contains(r.Stdout, `"sleep 60"`) {
			t.Errorf("ps -a filtered to the fixture:\n%s", r)
		}
		if r := Ref(t, "volume", "ls", "-q", "--filter", "label="+label); strings.TrimSpace(r.Stdout) != v {
			t.Errorf("volume ls: want %s\n%s", v, r)
		}
		if r := Ref(t, "network", "ls", "--format", "{{.Name}}", "--filter", "label="+label); strings.TrimSpace(r.Stdout) != n {
			t.Errorf("network ls: want %s\n%s", n, r)
		}
	})
	for _, ls := range [][]string{{"ps", "-aq"}, {"volume", "ls", "-q"}, {"network", "ls", "-q"}} {
		if r := Ref(t, append(ls, "--filter", "label="+label)...); r.Stdout != "" || r.Code != 0 {
			t.Errorf("after cleanup, %s still lists:\n%s", ls, r)
		}
	}
}
