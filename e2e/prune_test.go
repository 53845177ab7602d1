//go:build e2e

package e2e

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// volume prune and system prune against the reference. On the real engine only with
// --filter label=<the side's own fixture label> (other tests' objects share it); the
// unfiltered prompts and reports against a fake engine; ^C at every prune's prompt on a
// terminal.

// mutRun is lcRun for the volume and prune verbs: the requests' JSON bodies are
// normalised too (they carry the side's names and label), and the engine lists what a
// prune removed in no set order, so the lines of each "Deleted ...:" block are sorted
// before comparing.
func mutRun(t *testing.T, sides [2]*lcSide, stdin string, args ...string) [2]Result {
	t.Helper()
	var res [2]Result
	var reqs [2][]string
	for i, s := range sides {
		r, trace := Trace(t, s.who, stdin, nil, s.args(args)...)
		res[i] = Result{Stdout: sortDeleted(mutNorm(s, r.Stdout)), Stderr: mutNorm(s, r.Stderr), Code: r.Code}
		for _, q := range trace {
			if strings.HasSuffix(q.Path, "/_ping") {
				continue
			}
			body, _ := json.Marshal(q.JSON()) // keys sorted
			reqs[i] = append(reqs[i], mutNorm(s, q.Method+" "+q.Path+" "+lcQuery(q.Query)+" "+string(body)))
		}
	}
	if res[0].Code != res[1].Code || res[0].Stdout != res[1].Stdout || res[0].FirstErrLine() != res[1].FirstErrLine() {
		t.Errorf("docker %s: skiff differs from the reference:\n%s",
			quoteArgs(args), Diff("reference", "skiff", res[0].String(), res[1].String()))
	}
	if !reflect.DeepEqual(reqs[0], reqs[1]) {
		t.Errorf("docker %s: requests differ:\nreference: %q\nskiff:     %q", quoteArgs(args), reqs[0], reqs[1])
	}
	return res
}

// mutNorm is lcSide.norm with the longest names replaced first (a name may hold another:
// the fixture's id is in all of its names).
func mutNorm(s *lcSide, text string) string {
	idx := make([]int, len(s.names))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return len(s.names[idx[a]]) > len(s.names[idx[b]]) })
	for _, j := range idx {
		if s.names[j] != "" {
			text = strings.ReplaceAll(text, s.names[j], fmt.Sprintf("{%d}", j))
		}
	}
	return Normalize(text)
}

// mutSides is lcSides with the fixture's id last among the names, so that the label's
// value is normalised where it appears apart from its key (bodies, inspect).
func mutSides(t *testing.T, setup func(f *Fix) []string) [2]*lcSide {
	t.Helper()
	return lcSides(t, func(f *Fix) []string {
		return append(setup(f), strings.TrimPrefix(f.Label(), fixLabelKey+"="))
	})
}

// sortDeleted sorts the lines of every "Deleted ...:" block (up to its blank line).
func sortDeleted(s string) string {
	lines := strings.Split(s, "\n")
	for i := 0; i < len(lines); i++ {
		if !strings.HasPrefix(lines[i], "Deleted ") && !strings.Contains(lines[i], "] Deleted ") {
			continue
		}
		j := i + 1
		for j < len(lines) && lines[j] != "" {
			j++
		}
		sort.Strings(lines[i+1 : j])
		i = j
	}
	return strings.Join(lines, "\n")
}

// enginePrunes keeps the tests that prune on the shared engine apart: the engine runs
// one prune of a kind at a time ("a prune operation is already running"), and
// system prune runs every kind.
var enginePrunes sync.RWMutex

// enginePruneOne: the test prunes one kind (its own objects) on the real engine.
func enginePruneOne(t *testing.T) {
	enginePrunes.RLock()
	t.Cleanup(enginePrunes.RUnlock)
}

// enginePruneAll: the test runs system prune on the real engine.
func enginePruneAll(t *testing.T) {
	enginePrunes.Lock()
	t.Cleanup(enginePrunes.Unlock)
}

func TestVolumePruneEngine(t *testing.T) {
	t.Parallel()
	enginePruneOne(t)
	sides := mutSides(t, func(f *Fix) []string {
		a, b, used := f.Volume(), f.Volume(), f.Volume()
		f.Container("-v", used+":/data")
		anon, err := fixtureRun("volume", "create", "--label", f.Label())
		if err != nil {
			t.Fatal(err)
		}
		return []string{a, b, used, f.Label(), strings.TrimSpace(anon.Stdout)}
	})
	mutRun(t, sides, "n\n", "volume", "prune", "--filter", "label={3}")
	mutRun(t, sides, "", "volume", "prune", "--filter", "label={3}")
	for _, args := range [][]string{
		{"volume", "prune", "-a", "--filter", "label={3}"}, // API 1.42
		{"volume", "prune", "--all", "x"},
		{"volume", "prune", "-f", "x"},
		{"volume", "prune", "-f", "--filter", "foo"},
		{"volume", "prune", "-f", "--filter", "label={3}", "--filter", "bogus=1"},
		{"volume", "prune", "-f", "--filter", "label={3}", "--filter", "until=1h"},
	} {
		mutRun(t, sides, "", args...)
	}
	// API 1.41 prunes named volumes too: all but the one in use go
	r := mutRun(t, sides, "y\n", "volume", "prune", "--filter", "label={3}")
	want := "WARNING! This will remove all local volumes not used by at least one container.\n" +
		"Are you sure you want to continue? [y/N] Deleted Volumes:\n{0}\n{1}\n{4}\n\nTotal reclaimed space: 0B\n"
	lcWantOut(t, Result{Stdout: r[1].Stdout}, want)
	mutRun(t, sides, "", "volume", "prune", "-f", "--filter", "label={3}")
}

func TestSystemPruneEngine(t *testing.T) {
	t.Parallel()
	enginePruneAll(t)
	sides := mutSides(t, func(f *Fix) []string {
		id, _ := f.Container()
		return []string{f.Network(), f.Volume(), f.Label(), id}
	})
	for _, args := range [][]string{
		{"system", "prune", "--filter", "label={2}"},
		{"system", "prune", "-a", "--volumes", "--filter", "label={2}", "--filter", "label!=x"},
		{"system", "prune", "--volumes", "--filter", "label={2}", "--filter", "until=1h"},
		{"system", "prune", "-f", "--filter", "label={2}", "x"},
		{"system", "prune", "-f", "--filter", "foo"},
	} {
		mutRun(t, sides, "n\n", args...)
	}
	// docker sends the label filter to the build cache too, where the engine ignores
	// it: prune for real only while the engine has no build cache, which would be
	// others' (this engine builds with the classic builder, which keeps none).
	if df := Ref(t, "system", "df", "--format", "{{.Type}}={{.TotalCount}}"); !strings.Contains(df.Stdout, "Build Cache=0") {
		t.Logf("the engine has build cache (%q): not pruning", df.Stdout)
		return
	}
	r := mutRun(t, sides, "", "system", "prune", "-f", "--volumes", "--filter", "label={2}")
	want := "Deleted Containers:\n{3}\n\nDeleted Networks:\n{0}\n\nDeleted Volumes:\n{1}\n\nTotal reclaimed space: 0B\n"
	lcWantOut(t, r[1], want)
	mutRun(t, sides, "", "system", "prune", "-f", "-a", "--volumes", "--filter", "label={2}")
}

// pruneEngine is a fake engine at API version api answering every prune with a report
// (containers c1 c2, network n1, volumes v1 v2, images, build cache b1) and recording
// the requests.
type pruneEngine struct {
	host string
	mu   sync.Mutex
	reqs []string
}

func newPruneEngine(t *testing.T, api string) *pruneEngine {
	e := &pruneEngine{}
	replies := map[string]string{
		"/containers/prune": `{"ContainersDeleted":["c1","c2"],"SpaceReclaimed":1000}`,
		"/networks/prune":   `{"NetworksDeleted":["n1"]}`,
		"/volumes/prune":    `{"VolumesDeleted":["v1","v2"],"SpaceReclaimed":2048}`,
		"/images/prune":     `{"ImagesDeleted":[{"Untagged":"x:1"},{"Deleted":"sha256:abc"}],"SpaceReclaimed":3000000}`,
		"/build/prune":      `{"CachesDeleted":["b1"],"SpaceReclaimed":500}`,
	}
	e.host = fakeEngine(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("API-Version", api)
		w.Header().Set("Content-Type", "application/json")
		path := versionPrefix.ReplaceAllString(r.URL.Path, "/")
		if path == "/_ping" {
			fmt.Fprint(w, "OK")
			return
		}
		e.mu.Lock()
		e.reqs = append(e.reqs, r.Method+" "+r.URL.Path+" "+lcQuery(r.URL.Query()))
		e.mu.Unlock()
		if body, ok := replies[path]; ok && r.Method == http.MethodPost {
			fmt.Fprint(w, body)
			return
		}
		w.WriteHeader(http.StatusNotFound)
		_ = json.NewEncoder(w).Encode(map[string]string{"message": "page not found"})
	})
	return e
}

// take returns the requests so far and forgets them.
func (e *pruneEngine) take() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	r := e.reqs
	e.reqs = nil
	return r
}

// compare runs args with stdin on both clients and requires the same exit code, stdout,
// first stderr line and requests.
func (e *pruneEngine) compare(t *testing.T, stdin string, args ...string) {
	t.Helper()
	env := []string{"DOCKER_HOST=" + e.host}
	ref := RefIn(t, stdin, env, args...)
	refReqs := e.take()
	sk := SkiffIn(t, stdin, env, args...)
	skReqs := e.take()
	if ref.Code != sk.Code || ref.Stdout != sk.Stdout || ref.FirstErrLine() != sk.FirstErrLine() {
		t.Errorf("docker %s: skiff differs from the reference:\n%s", quoteArgs(args), Diff("reference", "skiff", ref.String(), sk.String()))
	}
	if !reflect.DeepEqual(refReqs, skReqs) {
		t.Errorf("docker %s: requests differ:\nreference: %q\nskiff:     %q", quoteArgs(args), refReqs, skReqs)
	}
}

func TestPruneFakeEngine(t *testing.T) {
	t.Parallel()
	for _, api := range []string{"1.41", "1.44"} {
		t.Run(api, func(t *testing.T) {
			e := newPruneEngine(t, api)
			for _, stdin := range []string{"y\n", " Y \n", "n\n", "yes\n", ""} {
				e.compare(t, stdin, "volume", "prune")
				e.compare(t, stdin, "system", "prune")
			}
			for _, args := range [][]string{
				{"volume", "prune", "-a"},
				{"volume", "prune", "--filter", "all=true"},
				{"system", "prune", "-a"},
				{"system", "prune", "--volumes"},
				{"system", "prune", "-a", "--volumes", "--filter", "label=x", "--filter", "label!=y=z", "--filter", "until=1h"},
				{"system", "prune", "--filter", "until=10m", "--filter", "until=9m", "--filter", "label=a10", "--filter", "label=a9",
					"--filter", "Label=A", "--filter", "label=a-1", "--filter", "foo=bar", "--filter", "until!=1h"},
				{"container", "prune"},
				{"image", "prune", "-a"},
			} {
				e.compare(t, "y\n", args...)
				e.compare(t, "n\n", args...)
				e.compare(t, "", append(args, "-f")...)
			}
			e.compare(t, "", "volume", "prune", "-a", "-f", "--filter", "all=false")
		})
	}
	t.Run("pruneFilters", func(t *testing.T) {
		e := newPruneEngine(t, "1.44")
		for _, cfg := range []string{`{"pruneFilters":["label=pf","until=24h","label!=nf"]}`, `{"pruneFilters":["until=24h"]}`} {
			env := configEnv(t, cfg)
			for _, args := range [][]string{
				{"system", "prune", "--volumes", "--filter", "label=a"},
				{"system", "prune", "--volumes"},
				{"volume", "prune", "--filter", "label=a"},
				{"container", "prune", "--filter", "label=a"},
				{"image", "prune", "--filter", "label=a"},
				{"builder", "prune", "--filter", "label=a"},
			} {
				for _, in := range []string{"n\n", "y\n"} {
					ref := RefIn(t, in, append(env, "DOCKER_HOST="+e.host), args...)
					refReqs := e.take()
					sk := SkiffIn(t, in, append(env, "DOCKER_HOST="+e.host), args...)
					skReqs := e.take()
					if ref.String() != sk.String() || !reflect.DeepEqual(refReqs, skReqs) {
						t.Errorf("%s docker %s: skiff differs from the reference:\n%s\nreference: %q\nskiff:     %q",
							cfg, quoteArgs(args), Diff("reference", "skiff", ref.String(), sk.String()), refReqs, skReqs)
					}
				}
			}
		}
	})
}

// configEnv is DOCKER_CONFIG pointing at a directory holding config.json.
func configEnv(t *testing.T, content string) []string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return []string{"DOCKER_CONFIG=" + dir}
}

// TestPrunePromptSignal: a SIGINT (^C typed, or sent) or SIGTERM at a prune's question
// on a terminal: docker 28 prints a newline and exits 0, having pruned nothing.
func TestPrunePromptSignal(t *testing.T) {
	t.Parallel()
	e := newPruneEngine(t, "1.41")
	for _, args := range [][]string{
		{"container", "prune"}, {"image", "prune"}, {"volume", "prune"}, {"system", "prune"}, {"builder", "prune"},
	} {
		for _, how := range []string{"^C", "SIGINT", "SIGTERM"} {
			var got [2]string
			for i, who := range []string{"ref", "skiff"} {
				bin, home := clientOf(t, who)
				s := ptyStartEnv(t, bin, home, []string{"DOCKER_HOST=" + e.host}, args...)
				before := s.until("[y/N] ")
				switch how {
				case "^C":
					s.send("\x03")
				case "SIGINT":
					_ = s.cmd.Process.Signal(syscall.SIGINT)
				case "SIGTERM":
					_ = s.cmd.Process.Signal(syscall.SIGTERM)
				}
				code := s.wait()
				// the line docker ends (its terminal stays open here: no end of output)
				rest := s.until("\r\n")
				got[i] = fmt.Sprintf("%s[y/N] %s\r\n(exit %d)", before, rest, code)
			}
			if got[0] != got[1] {
				t.Errorf("%s at docker %s: skiff differs from the reference:\n%s", how, quoteArgs(args), Diff("reference", "skiff", got[0], got[1]))
			}
			if !strings.HasSuffix(got[1], "[y/N] \r\n(exit 0)") && !strings.HasSuffix(got[1], "[y/N] ^C\r\n(exit 0)") {
				t.Errorf("%s at docker %s: %q", how, quoteArgs(args), got[1])
			}
		}
	}
	if reqs := e.take(); len(reqs) != 0 {
		t.Errorf("pruned after a signal: %q", reqs)
	}
}

// TestPrunePromptSignalIgnored: the same through pipes, for a client started with SIGINT
// ignored (a background job of a script): it still takes a SIGINT at the question as
// docker 28 does (a newline, status 0).
func TestPrunePromptSignalIgnored(t *testing.T) {
	t.Parallel()
	e := newPruneEngine(t, "1.41")
	for _, args := range [][]string{{"volume", "prune"}, {"system", "prune"}} {
		var got [2]string
		for i, who := range []string{"ref", "skiff"} {
			bin, home := clientOf(t, who)
			cmd := exec.Command("sh", append([]string{"-c", `trap '' INT; exec "$0" "$@"`, bin}, args...)...)
			cmd.Env = cleanEnv(home, []string{"DOCKER_HOST=" + e.host})
			stdin, err := cmd.StdinPipe() // held open: no answer comes
			if err != nil {
				t.Fatal(err)
			}
			defer stdin.Close()
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			var text []byte
			buf := make([]byte, 4096)
			for !strings.HasSuffix(string(text), "[y/N] ") {
				n, err := out.Read(buf)
				text = append(text, buf[:n]...)
				if err != nil {
					t.Fatalf("%s %s: no question: %q %v", who, quoteArgs(args), text, err)
				}
			}
			_ = cmd.Process.Signal(syscall.SIGINT)
			rest, _ := io.ReadAll(out)
			code := 0
			if err := cmd.Wait(); err != nil {
				var ee *exec.ExitError
				if !errors.As(err, &ee) {
					t.Fatal(err)
				}
				code = ee.ExitCode()
			}
			got[i] = fmt.Sprintf("%s%s(exit %d)", text, rest, code)
		}
		if got[0] != got[1] {
			t.Errorf("SIGINT at docker %s: skiff differs from the reference:\n%s", quoteArgs(args), Diff("reference", "skiff", got[0], got[1]))
		}
		if !strings.HasSuffix(got[1], "[y/N] \n(exit 0)") {
			t.Errorf("SIGINT at docker %s: %q", quoteArgs(args), got[1])
		}
	}
	if reqs := e.take(); len(reqs) != 0 {
		t.Errorf("pruned after a signal: %q", reqs)
	}
}
