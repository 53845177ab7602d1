//go:build e2e

package e2e

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// streamSame asserts two Results are identical (exit code, stdout, first stderr line).
func streamSame(t *testing.T, what string, ref, sk Result) {
	t.Helper()
	if ref.Code != sk.Code || ref.Stdout != sk.Stdout || ref.FirstErrLine() != sk.FirstErrLine() {
		t.Errorf("%s: skiff differs from the reference\n--- reference\n%s\n--- skiff\n%s", what, ref, sk)
	}
}

// streamBoth runs the same state-changing command with each client and compares.
func streamBoth(t *testing.T, stdin string, args ...string) (ref, sk Result) {
	t.Helper()
	ref = RefIn(t, stdin, nil, args...)
	sk = SkiffIn(t, stdin, nil, args...)
	streamSame(t, strings.Join(args, " "), ref, sk)
	return ref, sk
}

func TestStreamRunStdinAndStreams(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	l := []string{"--rm", "--label", f.Label()}
	run := func(args ...string) []string { return append(append([]string{"run"}, l...), args...) }
	script := "echo out; echo err >&2; exit 0"
	for _, tc := range []struct {
		name, stdin    string
		args           []string
		stdout, stderr string
		code           int
	}{
		{"stdin", "x\ny\n", run("-i", Image, "cat"), "x\ny\n", "", 0},
		// without -i stdin is not attached: cat sees EOF at once
		{"no-stdin", "x\n", run(Image, "cat"), "", "", 0},
		{"demux", "", run(Image, "sh", "-c", script), "out\n", "err\n", 0},
		{"attach-stdout", "", run("-a", "stdout", Image, "sh", "-c", script), "out\n", "", 0},
		{"attach-stderr", "", run("-a", "stderr", Image, "sh", "-c", script), "", "err\n", 0},
		{"attach-stdin", "in\n", run("-a", "stdin", "-a", "stdout", "-i", Image, "sh", "-c", "read x; echo got $x; echo no >&2"), "got in\n", "", 0},
		// -t without -i runs with a pipe as stdin; output comes raw (CRLF from the tty)
		{"tty", "", run("-t", Image, "sh", "-c", "echo hi; exit 2"), "hi\r\n", "", 2},
		{"env", "", run("-e", "A=1", "-w", "/tmp", Image, "sh", "-c", "echo $A; pwd"), "1\n/tmp\n", "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, sk := streamBoth(t, tc.stdin, tc.args...)
			if sk.Stdout != tc.stdout || sk.Stderr != tc.stderr || sk.Code != tc.code {
				t.Errorf("got %s", sk)
			}
		})
	}
}

func TestStreamRunExitCodes(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	l := []string{"--label", f.Label()}
	run := func(args ...string) []string { return append(append([]string{"run"}, l...), args...) }
	for _, tc := range []struct {
		code int
		args []string
	}{
		{0, run("--rm", Image, "true")},
		{3, run("--rm", Image, "sh", "-c", "exit 3")},
		{127, run("--rm", Image, "nosuchcmd")},
		{126, run("--rm", Image, "/etc")},
		{125, run("--rm", "--restart", "always", Image, "true")},
		{125, run("-m", "notamemory", Image, "true")},
		{125, run("--name", "bad name!", Image, "true")},
		{137, run("--rm", Image, "sh", "-c", "sh -c 'kill -9 $$'; exit $?")},
		{1, run("-it", "--rm", Image, "true")}, // stdin is not a terminal
		{1, run("-a", "stdout", "-d", Image, "true")},
		{1, run("--detach-keys", "ctrl-xx", Image, "true")}, // the engine refuses the keys
		{1, []string{"run"}},
	} {
		t.Run(strconv.Itoa(tc.code), func(t *testing.T) {
			t.Parallel()
			ref, sk := streamBoth(t, "", tc.args...)
			if sk.Code != tc.code || ref.Code != tc.code {
				t.Errorf("%v: exit reference %d, skiff %d, want %d", tc.args, ref.Code, sk.Code, tc.code)
			}
		})
	}
	// the full error block as docker prints it
	_, sk := streamBoth(t, "", run("--rm", Image, "nosuchcmd")...)
	if !strings.HasPrefix(sk.Stderr, "docker: Error response from daemon: ") ||
		!strings.HasSuffix(sk.Stderr, "\n\nRun 'docker run --help' for more information\n") {
		t.Errorf("run nosuchcmd stderr: %q", sk.Stderr)
	}
}

var streamFullID = regexp.MustCompile(`^[0-9a-f]{64}\n$`)

func TestStreamRunDetachAndRm(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	for _, who := range []string{"ref", "skiff"} {
		cli := SkiffIn
		if who == "ref" {
			cli = RefIn
		}
		r := cli(t, "", nil, "run", "-d", "--label", f.Label(), Image, "sh", "-c", "exit 4")
		if r.Code != 0 || !streamFullID.MatchString(r.Stdout) {
			t.Fatalf("%s run -d: %s", who, r)
		}
		id := strings.TrimSpace(r.Stdout)
		if w := cli(t, "", nil, "wait", id); w.Stdout != "4\n" {
			t.Errorf("%s: wait after run -d: %s", who, w)
		}
		// --rm with -d is allowed; the container is gone once it ended
		r = cli(t, "", nil, "run", "-d", "--rm", "--label", f.Label(), Image, "true")
		if r.Code != 0 || !streamFullID.MatchString(r.Stdout) {
			t.Fatalf("%s run -d --rm: %s", who, r)
		}
	}
	// --rm leaves nothing behind, also when the command fails
	g := Fixture(t)
	for _, args := range [][]string{{Image, "true"}, {Image, "sh", "-c", "exit 2"}, {Image, "nosuchcmd"}} {
		SkiffIn(t, "", nil, append([]string{"run", "--rm", "--label", g.Label()}, args...)...)
	}
	if ps := Skiff(t, "ps", "-aq", "--filter", "label="+g.Label()); ps.Stdout != "" {
		t.Errorf("run --rm left containers: %q", ps.Stdout)
	}
}

func TestStreamStart(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	script := "echo o; echo e >&2; exit 6"
	a, _ := f.Container(Image, "sh", "-c", script)
	b, _ := f.Container(Image, "sh", "-c", script)
	ref := RefIn(t, "", nil, "start", "-a", a)
	sk := SkiffIn(t, "", nil, "start", "-a", b)
	streamSame(t, "start -a", ref, sk)
	if sk.Code != 6 || sk.Stdout != "o\n" || sk.Stderr != "e\n" {
		t.Errorf("start -a: %s", sk)
	}
	// -i: stdin reaches a container made with -i
	a, _ = f.Container("-i", Image, "sh", "-c", "read x; echo got $x")
	b, _ = f.Container("-i", Image, "sh", "-c", "read x; echo got $x")
	ref = RefIn(t, "hello\n", nil, "start", "-ai", a)
	sk = SkiffIn(t, "hello\n", nil, "start", "-ai", b)
	streamSame(t, "start -ai", ref, sk)
	if sk.Stdout != "got hello\n" {
		t.Errorf("start -ai: %s", sk)
	}
	// several containers: names printed, errors on stderr, exit 1
	a1, n1 := f.Container(Image, "true")
	a2, n2 := f.Container(Image, "true")
	b1, _ := f.Container(Image, "true")
	b2, _ := f.Container(Image, "true")
	ref = Ref(t, "start", n1, "nosuch-"+f.Name(), a2)
	sk = Skiff(t, "start", b1, "nosuch-"+f.Name(), b2)
	if ref.Code != 1 || sk.Code != 1 || strings.Count(sk.Stdout, "\n") != 2 ||
		!strings.Contains(sk.Stderr, "Error: failed to start containers: nosuch-") {
		t.Errorf("start several: reference %s\nskiff %s", ref, sk)
	}
	_ = a1
	_ = n2
	Compare(t, "start", "-a", a, b)
	Compare(t, "start", "nosuch-"+f.Name())
	Compare(t, "start")
	// a command that cannot run: the daemon's error, exit 1 (not run's 127)
	a, _ = f.Container(Image, "nosuchcmd")
	b, _ = f.Container(Image, "nosuchcmd")
	streamSame(t, "start -a nosuchcmd", Ref(t, "start", "-a", a), Skiff(t, "start", "-a", b))
}

func TestStreamAttach(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	// stdin goes to a container made with -i; its exit code is attach's
	a, _ := f.Container("-i", Image, "sh", "-c", "read x; echo got $x; exit 5")
	b, _ := f.Container("-i", Image, "sh", "-c", "read x; echo got $x; exit 5")
	f.Start(a, b)
	ref := RefIn(t, "hello\n", nil, "attach", a)
	sk := SkiffIn(t, "hello\n", nil, "attach", b)
	streamSame(t, "attach", ref, sk)
	if sk.Code != 5 || sk.Stdout != "got hello\n" {
		t.Errorf("attach: %s", sk)
	}
	// --no-stdin: stdin is not sent; the container is killed from outside
	// once the attach is established (the engine's attach event) and attach
	// ends with its code. The kill can also land between the attach and the
	// client's second look at the container, which then reports it stopped, as
	// docker does: that race is run again.
	for try := 1; ; try++ {
		r := streamAttachNoStdinKilled(t, f)
		if try < 3 && r.Code == 1 && strings.Contains(r.Stderr, "You cannot attach to a stopped container") {
			t.Logf("attach --no-stdin: the kill came before the second inspect; again")
			continue
		}
		if r.Code != 137 || strings.Contains(r.Stdout, "got") {
			t.Errorf("attach --no-stdin: %s", r)
		}
		break
	}
	// errors
	s, _ := f.Container(Image, "true")
	Compare(t, "attach", s)
	Compare(t, "attach", "nosuch-"+f.Name())
	Compare(t, "attach")
	Compare(t, "attach", "a", "b")
}

func TestStreamExec(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	c, _ := f.Container(Image, "sleep", "300")
	stopped, _ := f.Container(Image, "true")
	f.Start(c)
	env := filepath.Join(t.TempDir(), "env")
	if err := os.WriteFile(env, []byte("# comment\nA=1\nB\nC=3\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"exec", c, "sh", "-c", "echo out; echo err >&2; exit 4"},
		{"exec", c, "nosuchcmd"},
		{"exec", c, "/etc"},
		{"exec", "-e", "X=1", "-e", "A=2", "--env-file", env, "-w", "/tmp", "-u", "nobody", c, "sh", "-c", "echo $X $A $C; pwd; id -u"},
		{"exec", "--privileged", c, "true"},
		{"exec", "-t", c, "sh", "-c", "echo tty; exit 5"},
		{"exec", "-d", c, "true"},
		{"exec", "-it", c, "true"},
		{"exec", "--env-file", "/nonexistent", c, "true"},
		{"exec", "-e", "=x", c, "true"},
		{"exec", "nosuch-" + f.Name(), "true"},
		{"exec", stopped, "true"},
		{"exec", c},
		{"exec", "--detach-keys", "ctrl-xx", c, "true"},
	} {
		Compare(t, args...)
	}
	CompareEnv(t, nil, "a\nb\n", "exec", "-i", c, "cat")
	CompareEnv(t, nil, "a\n", "exec", c, "cat") // stdin not attached without -i
	if r := SkiffIn(t, "a\nb\n", nil, "exec", "-i", c, "cat"); r.Stdout != "a\nb\n" || r.Code != 0 {
		t.Errorf("exec -i cat: %s", r)
	}
	if r := Skiff(t, "exec", c, "nosuchcmd"); r.Code != 126 {
		t.Errorf("exec nosuchcmd: %s", r)
	}
	if r := Skiff(t, "exec", c, "sh", "-c", "exit 3"); r.Code != 3 {
		t.Errorf("exec exit 3: %s", r)
	}
}

// The exec create and start bodies equal the reference's.
func TestStreamExecRequests(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	c, _ := f.Container(Image, "sleep", "300")
	f.Start(c)
	args := []string{"exec", "-d", "-e", "A=1", "-u", "0", "-w", "/", "--privileged", "--detach-keys", "ctrl-a", c, "sleep", "1"}
	_, refReqs := Trace(t, "ref", "", nil, args...)
	_, skReqs := Trace(t, "skiff", "", nil, args...)
	bodies := func(reqs []Request) (out []any) {
		for _, r := range reqs {
			if r.Method == "POST" {
				out = append(out, r.JSON())
			}
		}
		return out
	}
	rb, sb := bodies(refReqs), bodies(skReqs)
	if len(rb) != 2 || !reflect.DeepEqual(rb, sb) {
		t.Errorf("exec request bodies differ:\nref   %v\nskiff %v", rb, sb)
	}
}

// A 1 GiB stream goes through run -i byte-exact, with flat memory (the bar).
func TestStreamRunLargeStdin(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	const size = 1 << 30
	cmd := exec.Command(skiffBin, "run", "-i", "--rm", "--log-driver", "none", "--label", f.Label(), Image, "cat")
	cmd.Env = cleanEnv(homesOf(t).skiff, nil)
	in := sha256.New()
	cmd.Stdin = io.TeeReader(io.LimitReader(rand.NewChaCha8([32]byte{1, 2, 3}), size), in)
	out := sha256.New()
	counter := &streamCounter{w: out}
	cmd.Stdout = counter
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	peak := rssWatch(cmd.Process.Pid)
	err := cmd.Wait()
	rss := peak() >> 10
	if err != nil {
		t.Fatalf("run -i cat: %v", err)
	}
	t.Logf("%d MiB in %s", size>>20, time.Since(start).Round(time.Millisecond))
	if counter.n != size || hex.EncodeToString(in.Sum(nil)) != hex.EncodeToString(out.Sum(nil)) {
		t.Fatalf("stream differs: %d bytes out of %d", counter.n, size)
	}
	t.Logf("peak RSS %d KiB", rss)
	if rss > 32<<10 {
		t.Errorf("peak RSS %d KiB, want < 32 MiB", rss)
	}
}

type streamCounter struct {
	w io.Writer
	n int64
}

func (c *streamCounter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return c.w.Write(p)
}

// --sig-proxy (the default): a signal to the client reaches the container.
func TestStreamRunSigProxy(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	for _, who := range []string{"ref", "skiff"} {
		t.Run(who, func(t *testing.T) {
			t.Parallel()
			bin, home := clientOf(t, who)
			cmd := exec.Command(bin, "run", "--rm", "--label", f.Label(), Image, "sh", "-c",
				`trap "echo got-term; exit 9" TERM; echo ready; while :; do sleep 0.1; done`)
			cmd.Env = cleanEnv(home, nil)
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			timer := time.AfterFunc(60*time.Second, func() { _ = cmd.Process.Kill() })
			defer timer.Stop()
			r := bufio.NewReader(out)
			if line, err := r.ReadString('\n'); err != nil || line != "ready\n" {
				t.Fatalf("%q %v", line, err)
			}
			if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			rest, _ := io.ReadAll(r)
			err = cmd.Wait()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			}
			if string(rest) != "got-term\n" || code != 9 {
				t.Errorf("%s: exit %d, output %q", who, code, rest)
			}
		})
	}
}

// Without the proxy, SIGINT/SIGTERM do not end the client; the third one
// does, with docker's message and exit 1.
func TestStreamRunThirdInterrupt(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	for _, who := range []string{"ref", "skiff"} {
		t.Run(who, func(t *testing.T) {
			t.Parallel()
			bin, home := clientOf(t, who)
			cmd := exec.Command(bin, "run", "--rm", "--sig-proxy=false", "--label", f.Label(), Image, "sh", "-c", "echo ready; sleep 60")
			cmd.Env = cleanEnv(home, nil)
			var stderr strings.Builder
			cmd.Stderr = &stderr
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			timer := time.AfterFunc(60*time.Second, func() { _ = cmd.Process.Kill() })
			defer timer.Stop()
			if line, err := bufio.NewReader(out).ReadString('\n'); err != nil || line != "ready\n" {
				t.Fatalf("%q %v", line, err)
			}
			exited := make(chan error, 1)
			go func() { _, _ = io.Copy(io.Discard, out); exited <- cmd.Wait() }()
			for i := 0; i < 3; i++ {
				if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
					t.Fatal(err)
				}
				if i < 2 {
					// the client is still running after the first two
					select {
					case err := <-exited:
						t.Fatalf("%s ended after signal %d: %v", who, i+1, err)
					case <-time.After(300 * time.Millisecond):
					}
				}
			}
			err = <-exited
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			}
			if code != 1 || stderr.String() != "\ngot 3 SIGTERM/SIGINTs, forcefully exiting\n" {
				t.Errorf("%s: exit %d, stderr %q", who, code, stderr.String())
			}
		})
	}
}

// The requests of run, start -a and attach are the reference's (as a set: the
// reference itself orders attach and wait differently with and without -i), and
// start comes after attach and wait.
func TestStreamRequests(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	ids := regexp.MustCompile(`[0-9a-f]{64}`)
	norm := func(reqs []Request) (out []string) {
		for _, r := range reqs {
			if r.Path == "/_ping" {
				continue
			}
			out = append(out, ids.ReplaceAllString(r.String(), "<ID>"))
		}
		return out
	}
	check := func(name string, ref, sk []Request) {
		t.Helper()
		rs, ss := norm(ref), norm(sk)
		rSorted, sSorted := append([]string{}, rs...), append([]string{}, ss...)
		slices.Sort(rSorted)
		slices.Sort(sSorted)
		if !slices.Equal(rSorted, sSorted) {
			t.Errorf("%s: requests differ\nref   %q\nskiff %q", name, rs, ss)
		}
		for i, r := range ss {
			if strings.HasSuffix(strings.SplitN(r, "?", 2)[0], "/start") {
				for _, later := range ss[i+1:] {
					if strings.Contains(later, "/attach") || strings.Contains(later, "/wait") {
						t.Errorf("%s: %s after start", name, later)
					}
				}
			}
		}
	}
	for _, args := range [][]string{
		{"run", "--rm", "-i", "--label", f.Label(), Image, "cat"},
		{"run", "--label", f.Label(), "--detach-keys", "ctrl-a", Image, "true"},
		{"run", "-d", "--label", f.Label(), Image, "true"},
		{"run", "--rm", "-a", "stderr", "--label", f.Label(), Image, "true"},
	} {
		_, ref := Trace(t, "ref", "x", nil, args...)
		_, sk := Trace(t, "skiff", "x", nil, args...)
		check(strings.Join(args, " "), ref, sk)
	}
	a, _ := f.Container("-i", Image, "cat")
	b, _ := f.Container("-i", Image, "cat")
	_, ref := Trace(t, "ref", "x", nil, "start", "-ai", a)
	_, sk := Trace(t, "skiff", "x", nil, "start", "-ai", b)
	check("start -ai", ref, sk)
}

// streamAttachNoStdinKilled attaches skiff with --no-stdin to a new container that
// reads stdin, kills the container once the engine reports the attach, and returns
// what attach did.
func streamAttachNoStdinKilled(t *testing.T, f *Fix) Result {
	t.Helper()
	a, _ := f.Container("-i", Image, "sh", "-c", "read x; echo got $x; exit 5")
	f.Start(a)
	// --since: the events process may subscribe after the attach happened
	since := strconv.FormatFloat(float64(time.Now().Add(-time.Second).UnixNano())/1e9, 'f', 3, 64)
	ev := exec.Command(refBin, "events", "--since", since, "--filter", "container="+a, "--filter", "event=attach", "--format", "{{.Action}}")
	ev.Env = cleanEnv(homesOf(t).ref, nil)
	evOut, err := ev.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := ev.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = ev.Process.Kill(); _ = ev.Wait() }()
	timer := time.AfterFunc(60*time.Second, func() { _ = ev.Process.Kill() })
	defer timer.Stop()
	done := make(chan Result, 1)
	go func() { done <- SkiffIn(t, "hello\n", nil, "attach", "--no-stdin", "--sig-proxy=false", a) }()
	line := make([]byte, 64)
	if _, err := evOut.Read(line); err != nil {
		t.Fatalf("no attach event: %v", err)
	}
	Ref(t, "kill", "-s", "KILL", a)
	return <-done
}
