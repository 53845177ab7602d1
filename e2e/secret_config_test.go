//go:build e2e

package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// swarmIDs are the 25-character IDs the swarm gives secrets and configs.
var swarmIDs = regexp.MustCompile(`\b[a-z0-9]{25}\b`)

// swarmObjectNorm hides what differs between two objects made alike: their IDs, names
// and version index.
func swarmObjectNorm(names ...string) func(string) string {
	return func(s string) string {
		s = swarmIDs.ReplaceAllString(s, "<SID>")
		for _, n := range names {
			s = strings.ReplaceAll(s, n, "<NAME>")
		}
		return regexp.MustCompile(`"Index": [0-9]+`).ReplaceAllString(s, `"Index": <N>`)
	}
}

// swarmObject creates a secret or config on the manager with the reference client and
// removes it at the end of the test.
func swarmObject(t *testing.T, s SwarmHosts, noun, name string, args ...string) {
	t.Helper()
	t.Cleanup(func() { Ref(t, "-H", s.Manager, noun, "rm", name) })
	r := RefIn(t, "content of "+name, nil, append(append([]string{"-H", s.Manager, noun, "create"}, args...), name, "-")...)
	if r.Code != 0 {
		t.Fatalf("%s create %s:\n%s", noun, name, r)
	}
}

// TestSecretConfigRead compares ls and inspect, on the manager, on a worker and on an
// engine outside the swarm.
func TestSecretConfigRead(t *testing.T) {
	t.Parallel()
	s := Swarm(t)
	for _, noun := range []string{"secret", "config"} {
		t.Run(noun, func(t *testing.T) {
			t.Parallel()
			f := Fixture(t)
			// made in reverse order: ls sorts by name
			b, a := f.Name()+"-b10", f.Name()+"-a2"
			swarmObject(t, s, noun, b, "-l", "k=v", "--label", "flag", "-l", f.Label())
			swarmObject(t, s, noun, a, "--template-driver", "golang", "-l", f.Label())
			m := []string{"-H", s.Manager, noun}
			filter := []string{"-f", "label=" + f.Label()}
			for _, args := range [][]string{
				append([]string{"ls"}, filter...),
				append([]string{"ls", "-q"}, filter...),
				// docker joins .Labels in its map's random order: the rows that show them
				// are of the object with one label
				{"list", "--format", "json", "-f", "name=" + a},
				{"ls", "--format", `table {{.ID}}\t{{.Name}}\t{{.Labels}}\t{{.Label "k"}}\t{{.CreatedAt}}`, "-f", "name=" + a},
				append([]string{"ls", "--format", `table {{.Name}}\t{{.Label "k"}}\t{{.Label "flag"}}`}, filter...),
				append([]string{"ls", "--format", "{{.Name}} {{.UpdatedAt}}"}, filter...),
				{"ls", "--format", "{{.Foo}}"},
				{"ls", "-f", "bogus=1"},
				{"ls", "extra"},
				{"inspect", a, b},
				{"inspect", "-f", "{{.Spec.Name}} {{json .Spec.Labels}} {{.Spec.Templating}}", a, b},
				{"inspect", "--pretty", b, a},
				{"inspect", "--pretty", "-f", "{{.ID}}", a},
				{"inspect", a, "nope-" + f.Name()},
				{"inspect", "--pretty", a, "nope-" + f.Name()},
				{"inspect", " "},
				{"inspect"},
				{"rm", "nope-" + f.Name()},
				{"rm"},
			} {
				Compare(t, append(m, args...)...)
			}
			// outside the swarm and on the worker: the engines' refusals
			Compare(t, noun, "ls")
			Compare(t, "-H", s.Worker, noun, "ls")
			Compare(t, "-H", s.Worker, noun, "inspect", a)
		})
	}
}

// TestSecretConfigCreateRemove creates and removes one object per client and compares
// the two runs; the failures change nothing and are compared directly.
func TestSecretConfigCreateRemove(t *testing.T) {
	t.Parallel()
	s := Swarm(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "data")
	empty := filepath.Join(dir, "empty")
	big := filepath.Join(dir, "big")
	for p, n := range map[string]int{file: 5, empty: 0, big: 1100 * 1000} {
		if err := os.WriteFile(p, []byte(strings.Repeat("x", n)), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, noun := range []string{"secret", "config"} {
		t.Run(noun, func(t *testing.T) {
			t.Parallel()
			f := Fixture(t)
			for _, tc := range []struct {
				args  []string // before the name
				file  string   // after it
				stdin string
			}{
				{file: file},
				{args: []string{"-l", "a=b", "--label", "c", "--template-driver", "golang"}, file: "-", stdin: "from stdin"},
			} {
				names := [2]string{f.Name(), f.Name()}
				var res [2]Result
				for i, run := range []func(*testing.T, string, []string, ...string) Result{RefIn, SkiffIn} {
					t.Cleanup(func() { Ref(t, "-H", s.Manager, noun, "rm", names[i]) })
					res[i] = run(t, tc.stdin, nil, append(append([]string{"-H", s.Manager, noun, "create"}, tc.args...), names[i], tc.file)...)
				}
				compareRuns(t, "create", res, swarmObjectNorm(names[:]...))
				// what each made, as the reference shows it
				for i := range res {
					res[i] = Ref(t, "-H", s.Manager, noun, "inspect", "--pretty", names[i])
				}
				compareRuns(t, "inspect --pretty of what create made", res, swarmObjectNorm(names[:]...))
				// rm prints the names as given, failures at the end
				for i, run := range []func(*testing.T, ...string) Result{Ref, Skiff} {
					res[i] = run(t, "-H", s.Manager, noun, "rm", "nope-"+names[i], names[i])
				}
				compareRuns(t, "rm", res, swarmObjectNorm(names[:]...))
			}

			taken := f.Name()
			swarmObject(t, s, noun, taken)
			m := []string{"-H", s.Manager, noun, "create"}
			for _, args := range [][]string{
				{taken, file},     // already exists
				{f.Name(), empty}, // empty data
				{f.Name(), big},   // over the swarm's limit
				{f.Name(), filepath.Join(dir, "missing")},
				{f.Name()}, // no file
				{f.Name(), "a", "b"},
				{"-l", "=x", f.Name(), file},
				{"", file},
				{"bad name!", file},
			} {
				Compare(t, append(m, args...)...)
			}
			CompareEnv(t, nil, "", append(m, f.Name(), "-")...) // stdin empty
			Compare(t, noun, "create", f.Name(), file)          // not a swarm manager
			Compare(t, "-H", s.Worker, noun, "create", f.Name(), file)
			if noun == "secret" {
				Compare(t, append(m, "--driver", "nodriver", f.Name(), file)...)
				Compare(t, append(m, "--driver", "nodriver", f.Name())...)
			}
		})
	}
}

// compareRuns compares two runs of one command line, one per client, each on its own
// objects.
func compareRuns(t *testing.T, what string, res [2]Result, norm func(string) string) {
	t.Helper()
	n := func(s string) string { return norm(Normalize(s)) }
	if res[0].Code != res[1].Code || n(res[0].Stdout) != n(res[1].Stdout) || n(res[0].FirstErrLine()) != n(res[1].FirstErrLine()) {
		t.Errorf("%s: skiff differs from the reference:\n--- reference\n%s--- skiff\n%s", what, res[0], res[1])
	}
}

// TestSecretConfigCreateFromTerminal: with "-" on a terminal, docker 28 reads what is
// typed until end of file (^D) rather than refusing the terminal; ^D at once is its
// empty-data error.
func TestSecretConfigCreateFromTerminal(t *testing.T) {
	t.Parallel()
	s := Swarm(t)
	for _, noun := range []string{"secret", "config"} {
		for _, typed := range []string{"", "abc\r"} {
			f := Fixture(t)
			names := [2]string{f.Name(), f.Name()}
			var res [2]Result
			for i, who := range []string{"ref", "skiff"} {
				bin, home := clientOf(t, who)
				t.Cleanup(func() { Ref(t, "-H", s.Manager, noun, "rm", names[i]) })
				p := ptyStart(t, bin, home, "-H", s.Manager, noun, "create", names[i], "-")
				if typed != "" {
					p.send(typed)
				}
				p.send("\x04")
				code := p.wait()
				// the test holds the terminal open: no end of file, read the lines
				// expected (the echo of what was typed, then the ID or the error)
				var out strings.Builder
				for range strings.Count(typed, "\r") + 1 {
					out.WriteString(p.until("\r\n") + "\n")
				}
				res[i] = Result{Stdout: out.String(), Code: code}
			}
			compareRuns(t, noun+" create - on a terminal, typed "+strconv.Quote(typed), res, swarmObjectNorm(names[:]...))
			if typed != "" && res[1].Code == 0 && noun == "config" {
				if r := Ref(t, "-H", s.Manager, "config", "inspect", "-f", "{{printf \"%s\" .Spec.Data}}", names[1]); r.Stdout != "abc\n\n" {
					t.Errorf("config made by skiff from the terminal holds %q, want \"abc\\n\"", r.Stdout)
				}
			}
		}
	}
}
