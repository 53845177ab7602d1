//go:build e2e

package e2e

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// lcNoSuch is a container name no fixture uses.
const lcNoSuch = "skiff-e2e-lc-nosuch"

// lcSide is one client's copy of a state-changing test: its own fixture containers.
type lcSide struct {
	who   string // "ref" or "skiff"
	f     *Fix
	names []string // containers (and other names) substituted for {0}, {1}, ...
}

// lcSides builds two identical states, one per client, with setup.
func lcSides(t *testing.T, setup func(f *Fix) []string) [2]*lcSide {
	t.Helper()
	var s [2]*lcSide
	for i, who := range []string{"ref", "skiff"} {
		f := Fixture(t)
		s[i] = &lcSide{who: who, f: f, names: setup(f)}
	}
	return s
}

// args substitutes {i} with the side's names.
func (s *lcSide) args(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		for j, n := range s.names {
			a = strings.ReplaceAll(a, fmt.Sprintf("{%d}", j), n)
		}
		out[i] = a
	}
	return out
}

// norm turns the side's names back into {i} and ids into <ID>.
func (s *lcSide) norm(text string) string {
	for j := len(s.names) - 1; j >= 0; j-- {
		text = strings.ReplaceAll(text, s.names[j], fmt.Sprintf("{%d}", j))
	}
	return Normalize(text)
}

// lcRequest is a traced request, normalised for comparison.
type lcRequest struct {
	Method, Path, Query string
	Body                any
}

// lcQuery renders a query unescaped, keys sorted, values in order: "a=1&b=x y".
func lcQuery(q url.Values) string {
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		for _, v := range q[k] {
			parts = append(parts, k+"="+v)
		}
	}
	return strings.Join(parts, "&")
}

// lcRun runs args with stdin on both sides through the recording proxy and requires the
// same exit code, stdout, whole stderr and API requests (method, path, query, JSON
// body), after normalising names and ids. It returns both results, normalised.
func lcRun(t *testing.T, sides [2]*lcSide, stdin string, args ...string) [2]Result {
	t.Helper()
	var res [2]Result
	var reqs [2][]lcRequest
	for i, s := range sides {
		r, trace := Trace(t, s.who, stdin, nil, s.args(args)...)
		res[i] = Result{Stdout: s.norm(r.Stdout), Stderr: s.norm(r.Stderr), Code: r.Code}
		for _, q := range trace {
			if strings.HasSuffix(q.Path, "/_ping") {
				continue
			}
			reqs[i] = append(reqs[i], lcRequest{Method: q.Method, Path: s.norm(q.Path), Query: s.norm(lcQuery(q.Query)), Body: q.JSON()})
		}
		// multi-container verbs send their requests in parallel: compare them as a set
		sort.SliceStable(reqs[i], func(a, b int) bool {
			return reqs[i][a].Method+" "+reqs[i][a].Path < reqs[i][b].Method+" "+reqs[i][b].Path
		})
	}
	if res[0].Code != res[1].Code || res[0].Stdout != res[1].Stdout || res[0].Stderr != res[1].Stderr {
		t.Errorf("docker %s: skiff differs from the reference:\n%s",
			quoteArgs(args), Diff("reference", "skiff", res[0].String(), res[1].String()))
	}
	if !reflect.DeepEqual(reqs[0], reqs[1]) {
		t.Errorf("docker %s: requests differ:\nreference: %+v\nskiff:     %+v", quoteArgs(args), reqs[0], reqs[1])
	}
	return res
}

// lcState is the inspect template's output for each side's containers (normalised).
func lcState(t *testing.T, sides [2]*lcSide, format string, containers ...string) {
	t.Helper()
	var got [2]string
	for i, s := range sides {
		r, err := fixtureRun(append([]string{"inspect", "-f", format}, s.args(containers)...)...)
		if err != nil {
			t.Fatalf("inspect: %v\n%s", err, r)
		}
		got[i] = s.norm(r.Stdout)
	}
	if got[0] != got[1] {
		t.Errorf("state after the command differs:\n%s", Diff("reference", "skiff", got[0], got[1]))
	}
}

// lcWantOut fails unless r is exit code 0 with stdout want.
func lcWantOut(t *testing.T, r Result, want string) {
	t.Helper()
	if r.Code != 0 || r.Stdout != want {
		t.Errorf("want exit 0 and stdout %q, got %s", want, r)
	}
}

func lcSleeper(f *Fix) string {
	_, name := f.Container(Image, "sleep", "300")
	f.Start(name)
	return name
}

func lcTwoSleepers(f *Fix) []string {
	a := lcSleeper(f)
	_, b := f.Container(Image, "sleep", "300") // created, never started
	return []string{a, b}
}

func TestLifecycleStop(t *testing.T) {
	t.Parallel()
	sides := lcSides(t, lcTwoSleepers)
	// a 1.41 engine gets no signal parameter: both clients drop it
	r := lcRun(t, sides, "", "stop", "-s", "SIGINT", "-t", "0", "{0}", lcNoSuch, "{1}")
	if r[0].Code != 1 || r[0].Stdout != "{0}\n{1}\n" || !strings.Contains(r[0].Stderr, "No such container: "+lcNoSuch) {
		t.Errorf("unexpected reference result: %s", r[0])
	}
	lcState(t, sides, "{{.State.Status}} {{.State.ExitCode}}", "{0}", "{1}")
	lcRun(t, sides, "", "container", "stop", "--time", "1", "{0}")
	lcRun(t, sides, "", "stop")
	lcRun(t, sides, "", "stop", "--timeout", "x", "{0}")
}

func TestLifecycleRestart(t *testing.T) {
	t.Parallel()
	sides := lcSides(t, lcTwoSleepers)
	r := lcRun(t, sides, "", "restart", "--time", "0", "{1}", lcNoSuch, "{0}")
	if r[1].Code != 1 || r[1].Stdout != "Flag --time has been deprecated, use --timeout instead\n{1}\n{0}\n" {
		t.Errorf("restart: %s", r[1])
	}
	lcState(t, sides, "{{.State.Status}} {{.RestartCount}}", "{0}", "{1}")
	lcRun(t, sides, "", "container", "restart", "-s", "KILL", "-t", "0", "{1}")
	lcState(t, sides, "{{.State.Status}}", "{1}")
}

func TestLifecycleKill(t *testing.T) {
	t.Parallel()
	sides := lcSides(t, lcTwoSleepers)
	lcRun(t, sides, "", "kill", "-s", "FOO", "{0}")
	lcRun(t, sides, "", "kill", "--signal", "0", "{0}")
	r := lcRun(t, sides, "", "kill", "-s", "KILL", "{0}", lcNoSuch, "{1}")
	if r[1].Code != 1 || r[1].Stdout != "{0}\n" || strings.Count(r[1].Stderr, "\n") != 2 {
		t.Errorf("kill: %s", r[1])
	}
	lcState(t, sides, "{{.State.Status}} {{.State.ExitCode}}", "{0}", "{1}")
	// not running any more
	r = lcRun(t, sides, "", "container", "kill", "{0}")
	if r[1].Code != 1 || !strings.Contains(r[1].Stderr, "is not running") {
		t.Errorf("kill of a stopped container: %s", r[1])
	}
	lcRun(t, sides, "", "kill")
}

func TestLifecycleRm(t *testing.T) {
	t.Parallel()
	sides := lcSides(t, func(f *Fix) []string {
		a := lcSleeper(f)
		_, b := f.Container()
		_, c := f.Container("-v", "/data")
		_, d := f.Container()
		return []string{a, b, c, d}
	})
	r := lcRun(t, sides, "", "rm", lcNoSuch, "{1}", "{0}", "/")
	if r[1].Code != 1 || r[1].Stdout != "{1}\n" || strings.Count(r[1].Stderr, "\n") != 3 {
		t.Errorf("rm of a running container without -f: %s", r[1])
	}
	lcRun(t, sides, "", "rm", "-l", "{0}")
	r = lcRun(t, sides, "", "container", "remove", "-v", "{2}")
	lcWantOut(t, r[1], "{2}\n")
	// with --force a missing container is reported but not a failure
	r = lcRun(t, sides, "", "rm", "--force", "{0}", lcNoSuch, "{3}")
	lcWantOut(t, r[1], "{0}\n{3}\n")
	for i, s := range sides {
		if out, _ := fixtureRun("ps", "-aq", "--filter", "label="+s.f.Label()); strings.TrimSpace(out.Stdout) != "" {
			t.Errorf("%s: containers left: %s", s.who, out.Stdout)
		}
		_ = i
	}
	lcRun(t, sides, "", "rm")
}

func TestLifecyclePauseUnpause(t *testing.T) {
	t.Parallel()
	sides := lcSides(t, func(f *Fix) []string {
		_, b := f.Container()
		return []string{lcSleeper(f), b}
	})
	r := lcRun(t, sides, "", "pause", "{0}", lcNoSuch, "{1}")
	if r[1].Code != 1 || r[1].Stdout != "{0}\n" {
		t.Errorf("pause: %s", r[1])
	}
	lcState(t, sides, "{{.State.Status}}", "{0}")
	r = lcRun(t, sides, "", "unpause", "{0}", "{0}")
	if r[1].Code != 1 || r[1].Stdout != "{0}\n" || !strings.Contains(r[1].Stderr, "is not paused") {
		t.Errorf("unpause: %s", r[1])
	}
	lcState(t, sides, "{{.State.Status}}", "{0}")
	lcRun(t, sides, "", "container", "pause", "--bogus", "{0}")
}

func TestLifecycleRename(t *testing.T) {
	t.Parallel()
	sides := lcSides(t, func(f *Fix) []string {
		_, a := f.Container()
		_, b := f.Container()
		return []string{a, b, f.Name()}
	})
	r := lcRun(t, sides, "", "rename", "{0}", "{2}")
	lcWantOut(t, r[1], "")
	lcState(t, sides, "{{.Name}}", "{2}")
	lcRun(t, sides, "", "rename", "{2}", "{2}")
	lcRun(t, sides, "", "rename", "{2}", "{1}")
	lcRun(t, sides, "", "rename", " ", "x")
	lcRun(t, sides, "", "rename", "{2}", "bad name")
	lcRun(t, sides, "", "rename", lcNoSuch, "x")
	lcRun(t, sides, "", "rename", "{2}")
}

func TestLifecycleWait(t *testing.T) {
	t.Parallel()
	sides := lcSides(t, func(f *Fix) []string {
		_, done := f.Container(Image, "sh", "-c", "exit 3")
		f.Start(done)
		// exits by itself a moment after the wait is sent
		_, later := f.Container(Image, "sh", "-c", "sleep 1; exit 5")
		f.Start(later)
		return []string{done, later}
	})
	r := lcRun(t, sides, "", "wait", "{0}", lcNoSuch, "{1}")
	if r[1].Code != 1 || r[1].Stdout != "3\n5\n" || r[1].Stderr != "Error response from daemon: No such container: "+lcNoSuch+"\n" {
		t.Errorf("wait: %s", r[1])
	}
	r = lcRun(t, sides, "", "container", "wait", "{1}")
	lcWantOut(t, r[1], "5\n")
}

// lcLogsContainer runs a container that writes to both streams and waits for it.
func lcLogsContainer(t *testing.T, f *Fix, args ...string) string {
	t.Helper()
	_, name := f.Container(append(args, Image, "sh", "-c", "echo out1; echo err1 >&2; echo out2; echo err2 >&2; echo out3")...)
	f.Start(name)
	if r, err := fixtureRun("wait", name); err != nil || strings.TrimSpace(r.Stdout) != "0" {
		t.Fatalf("wait: %v %s", err, r)
	}
	return name
}

// lcCompareFull runs args with both clients on the same state and requires the same
// exit code, stdout and whole stderr.
func lcCompareFull(t *testing.T, args ...string) Result {
	t.Helper()
	ref, sk := Ref(t, args...), Skiff(t, args...)
	if ref.Code != sk.Code || ref.Stdout != sk.Stdout || ref.Stderr != sk.Stderr {
		t.Errorf("docker %s: skiff differs from the reference:\n%s", quoteArgs(args), Diff("reference", "skiff", ref.String(), sk.String()))
	}
	return sk
}

func TestLifecycleLogs(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	plain := lcLogsContainer(t, f)
	tty := lcLogsContainer(t, f, "-t")

	r := lcCompareFull(t, "logs", plain)
	if r.Stdout != "out1\nout2\nout3\n" || r.Stderr != "err1\nerr2\n" {
		t.Errorf("streams not separated: %s", r)
	}
	r = lcCompareFull(t, "logs", tty)
	if r.Stderr != "" || !strings.Contains(r.Stdout, "err1\r\n") {
		t.Errorf("tty logs: %s", r)
	}
	lcCompareFull(t, "logs", "-t", plain)
	// the engine's log file orders the two streams as it copied them: one line in all
	r = lcCompareFull(t, "logs", "-n", "1", plain)
	if strings.Count(r.Stdout+r.Stderr, "\n") != 1 {
		t.Errorf("--tail 1: %s", r)
	}
	lcCompareFull(t, "container", "logs", "--tail", "2", "--details", "--timestamps", plain)
	lcCompareFull(t, "logs", "--tail", "0", tty)
	lcCompareFull(t, "logs", "--since", "1h", "--until", "-1h", plain) // until is an hour from now
	r = lcCompareFull(t, "logs", "--since", "2000-01-01", "--until", "2000-01-01T00:00:01Z", plain)
	if r.Stdout != "" || r.Stderr != "" {
		t.Errorf("--until in the past: %s", r)
	}
	lcCompareFull(t, "logs", "--since", "1700000000", "--until", "4102444800.5", plain)
	lcCompareFull(t, "logs", "-f", plain) // exited: ends at once

	// the same requests: inspect, then the logs with --since/--until converted
	same := [2]*lcSide{{who: "ref", names: []string{plain}}, {who: "skiff", names: []string{plain}}}
	lcRun(t, same, "", "logs", "-f", "-t", "--details", "-n", "2", "--since", "2013-01-02T13:23:37.5+01:00",
		"--until", "4102444800.5", "{0}")
	lcRun(t, same, "", "logs", "--since", "2013-01-02", "--until", "2100-01-02T03:04", "{0}")

	// error paths
	for _, args := range [][]string{
		{"logs", "--since", "10x", plain},
		{"logs", "--until", "foo", plain},
		{"logs", "--since", "2013-01-02T25:00", plain},
		{"logs", lcNoSuch},
		{"logs", "--since", "bad", lcNoSuch},
		{"logs", plain, tty},
		{"logs"},
		{"logs", "--follow=maybe", plain},
	} {
		r := lcCompareFull(t, args...)
		if r.Code == 0 {
			t.Errorf("docker %s: exit 0", quoteArgs(args))
		}
	}
}

// TestLifecycleLogsFollowEnds follows running containers (plain and TTY) with both
// clients: once each follower has printed the first line it is following; the
// container then writes more and is killed, and every follower must print the rest and
// exit by itself.
func TestLifecycleLogsFollowEnds(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	// `read` blocks on the open stdin (-i) until the container is killed
	_, name := f.Container("-i", Image, "sh", "-c", "echo a; read x; echo c")
	_, ttyName := f.Container("-i", "-t", Image, "sh", "-c", "echo a; read x; echo c")
	f.Start(name, ttyName)
	type follower struct {
		cmd      *exec.Cmd
		out, err *bytes.Buffer
		first    string
		copied   chan struct{}
	}
	h := homesOf(t)
	var fs []*follower
	for _, bin := range []struct{ path, home string }{{refBin, h.ref}, {skiffBin, h.skiff}} {
		if bin.path == refBin && !hasRef() {
			t.Skip("no reference client")
		}
		for _, n := range []string{name, ttyName} {
			ctx, cancel := context.WithTimeout(context.Background(), cmdTimeout)
			t.Cleanup(cancel)
			cmd := exec.CommandContext(ctx, bin.path, "logs", "-f", "-t", n)
			cmd.Env = cleanEnv(bin.home, nil)
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			fl := &follower{cmd: cmd, out: &bytes.Buffer{}, err: &bytes.Buffer{}}
			cmd.Stderr = fl.err
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			br := bufio.NewReader(stdout)
			if fl.first, err = br.ReadString('\n'); err != nil {
				t.Fatalf("%s logs -f: %v", bin.path, err)
			}
			fl.copied = make(chan struct{})
			go func() { io.Copy(fl.out, br); close(fl.copied) }()
			fs = append(fs, fl)
		}
	}
	for _, n := range []string{name, ttyName} {
		if r, err := fixtureRun("kill", n); err != nil {
			t.Fatalf("kill: %v %s", err, r)
		}
	}
	var res []Result
	for _, fl := range fs {
		<-fl.copied // the follower's stdout ended
		err := fl.cmd.Wait()
		code := 0
		if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		res = append(res, Result{Stdout: Normalize(fl.first + fl.out.String()), Stderr: fl.err.String(), Code: code})
	}
	for j := range 2 {
		ref, sk := res[j], res[2+j]
		if ref.Code != sk.Code || ref.Stdout != sk.Stdout || ref.Stderr != sk.Stderr {
			t.Errorf("logs -f: skiff differs:\n%s", Diff("reference", "skiff", ref.String(), sk.String()))
		}
		if sk.Code != 0 || !strings.HasPrefix(sk.Stdout, "<TS> a") {
			t.Errorf("logs -f: %s", sk)
		}
	}
}

var lcImageID = regexp.MustCompile(`^sha256:[0-9a-f]{64}\n$`)

func TestLifecycleCommit(t *testing.T) {
	t.Parallel()
	sides := lcSides(t, func(f *Fix) []string {
		_, name := f.Container(Image, "sh", "-c", "echo x > /f")
		f.Start(name)
		fixtureRun("wait", name)
		repo := "skiff-e2e-lc-" + strings.ToLower(strings.TrimPrefix(f.Name(), "skiff-e2e-"))
		return []string{name, repo}
	})
	for _, s := range sides {
		repo := s.names[1]
		t.Cleanup(func() { fixtureRun("rmi", repo+":v1", repo+":latest") })
	}
	r := lcRun(t, sides, "", "commit", "-a", "Some One <one@example.com>", "-m", "a message",
		"-c", `CMD ["cat", "/f"]`, "--change", "ENV A=b", "-p=false", "{0}", "{1}:v1")
	if r[1].Code != 0 || r[1].Stdout != "sha256:<ID>\n" {
		t.Errorf("commit: %s", r[1])
	}
	lcState(t, sides, "{{.Comment}}|{{.Author}}|{{json .Config.Cmd}}|{{json .Config.Env}}|{{.RepoTags}}", "{1}:v1")
	r = lcRun(t, sides, "", "container", "commit", "{0}", "{1}")
	lcWantOut(t, r[1], "sha256:<ID>\n")
	lcState(t, sides, "{{.RepoTags}}", "{1}")
	// the commit's output is an image id the engine knows
	sk, _ := Trace(t, "skiff", "", nil, "commit", sides[1].names[0])
	if !lcImageID.MatchString(sk.Stdout) {
		t.Fatalf("commit without a reference: %s", sk)
	}
	t.Cleanup(func() { fixtureRun("rmi", strings.TrimSpace(sk.Stdout)) })

	lcRun(t, sides, "", "commit", "-c", "BOGUS x", "{0}")
	lcRun(t, sides, "", "commit", "{0}", "Bad:Ref")
	lcRun(t, sides, "", "commit", "{0}", "x@sha256:"+strings.Repeat("a", 64))
	lcRun(t, sides, "", "commit", lcNoSuch)
	lcRun(t, sides, "", "commit", "{0}", "a", "b")
}

func TestLifecycleExport(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	_, name := f.Container(Image, "sh", "-c", "echo hello > /hello")
	f.Start(name)
	fixtureRun("wait", name)

	ref, sk := Ref(t, "export", name), Skiff(t, "container", "export", name)
	if ref.Code != 0 || sk.Code != 0 || sk.Stdout != ref.Stdout || len(sk.Stdout) < 1<<20 {
		t.Fatalf("export to stdout: reference %d bytes (exit %d), skiff %d bytes (exit %d) %s",
			len(ref.Stdout), ref.Code, len(sk.Stdout), sk.Code, sk.Stderr)
	}

	dir := t.TempDir()
	out := filepath.Join(dir, "out.tar")
	lcWantOut(t, Skiff(t, "export", "-o", out, name), "")
	b, err := os.ReadFile(out)
	if err != nil || !bytes.Equal(b, []byte(ref.Stdout)) {
		t.Fatalf("export -o: %d bytes, %v", len(b), err)
	}
	if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o600 {
		t.Errorf("export -o: mode %v, the reference writes 0600", fi.Mode())
	}

	// errors: no output file, temporary or final, is left behind
	file := filepath.Join(dir, "file")
	os.WriteFile(file, nil, 0o644)
	for _, args := range [][]string{
		{"export", "-o", filepath.Join(dir, "nosuch.tar"), lcNoSuch},
		{"export", "-o", "/nonexistent-dir/x.tar", name},
		{"export", "-o", dir, name},
		{"export", "--output", filepath.Join(file, "x.tar"), name},
		{"export", name, name},
	} {
		r := lcCompareFull(t, args...)
		if r.Code != 1 {
			t.Errorf("docker %s: %s", quoteArgs(args), r)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("files left in the output directory: %v", entries)
	}
}

func TestLifecyclePrune(t *testing.T) {
	t.Parallel()
	enginePruneOne(t)
	sides := lcSides(t, func(f *Fix) []string {
		_, stopped := f.Container()
		return []string{stopped, lcSleeper(f), f.Label()}
	})
	// always filtered by the side's own label: other tests' containers share the engine
	lcRun(t, sides, "n\n", "container", "prune", "--filter", "label={2}")
	lcRun(t, sides, "", "container", "prune", "--filter", "label={2}")
	lcState(t, sides, "{{.State.Status}}", "{0}", "{1}")
	r := lcRun(t, sides, " y\n", "container", "prune", "--filter", "label={2}")
	lcWantOut(t, Result{Stdout: r[1].Stdout}, "WARNING! This will remove all stopped containers.\n"+
		"Are you sure you want to continue? [y/N] Deleted Containers:\n<ID>\n\nTotal reclaimed space: 0B\n")
	r = lcRun(t, sides, "", "container", "prune", "-f", "--filter", "label={2}", "--filter", "until=1s")
	lcWantOut(t, r[1], "Total reclaimed space: 0B\n")
	lcState(t, sides, "{{.State.Status}}", "{1}")
	lcRun(t, sides, "", "container", "prune", "-f", "--filter", "label={2}", "--filter", "bogus=1")
	lcRun(t, sides, "", "container", "prune", "-f", "--filter", "bogus")
	lcRun(t, sides, "", "container", "prune", "-f", "--filter", "label={2}", "extra")
}
