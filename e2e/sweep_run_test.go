//go:build e2e

package e2e

import (
	"bufio"
	"io"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// sweepBoth runs the same state-changing command once with each client and asserts the
// same exit code, normalised stdout and normalised first line of stderr.
func sweepBoth(t *testing.T, stdin string, args ...string) (ref, sk Result) {
	t.Helper()
	ref = RefIn(t, stdin, nil, args...)
	sk = SkiffIn(t, stdin, nil, args...)
	if ref.Code != sk.Code || Normalize(ref.Stdout) != Normalize(sk.Stdout) ||
		Normalize(ref.FirstErrLine()) != Normalize(sk.FirstErrLine()) {
		t.Errorf("%s: skiff differs from the reference\n--- reference\n%s\n--- skiff\n%s", quoteArgs(args), ref, sk)
	}
	return ref, sk
}

// TestSweepRun: run's corners where skiff once differed from docker 28.
func TestSweepRun(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	l := []string{"--label", f.Label()}
	run := func(args ...string) []string { return append(append([]string{"run"}, l...), args...) }
	for _, tc := range []struct {
		name  string
		stdin string
		args  []string
	}{
		// nothing attached: the ID is printed before the start, so also when it fails
		{"detach-start-fails", "", run("-d", Image, "nosuchcmd")},
		{"detach-rm-start-fails", "", run("-d", "--rm", Image, "/etc")},
		// a create error that is not the flags' own is mapped as a failed start's:
		// "no such file or directory" exits 127
		{"cidfile-no-dir", "", run("--rm", "--cidfile", "/nonexistent-skiff-sweep/cid", Image, "true")},
		// no options for the none log driver
		{"log-opt-none", "", run("--rm", "--log-driver", "none", "--log-opt", "max-size=1m", Image, "true")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sweepBoth(t, tc.stdin, tc.args...)
		})
	}
}

// sweepSignalOnce runs args with the client who, waits for its first line of output
// ("ready"), sends sig once and returns the exit code and the rest of stdout.
func sweepSignalOnce(t *testing.T, who string, sig syscall.Signal, args ...string) (int, string) {
	t.Helper()
	bin, home := clientOf(t, who)
	cmd := exec.Command(bin, args...)
	cmd.Env = cleanEnv(home, nil)
	// stdin stays open (a pipe nobody writes to) as in an interactive shell
	stdinR, stdinW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdinW.Close()
	cmd.Stdin = stdinR
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stdinR.Close()
	timer := time.AfterFunc(60*time.Second, func() { _ = cmd.Process.Kill() })
	defer timer.Stop()
	r := bufio.NewReader(out)
	if line, err := r.ReadString('\n'); err != nil || strings.TrimSuffix(line, "\r\n") != "ready" && line != "ready\n" {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		t.Fatalf("%s %s: first line %q %v", who, quoteArgs(args), line, err)
	}
	if err := cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	rest, _ := io.ReadAll(r)
	err = cmd.Wait()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			code = 128 + int(ws.Signal())
		}
	}
	return code, string(rest)
}

// TestSweepSignalEndsStartAndExec: docker 28's start -a and exec end at the first
// SIGINT/SIGTERM with status 0 (run and attach wait for the third: container_stream_test).
func TestSweepSignalEndsStartAndExec(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	running, _ := f.Container(Image, "sleep", "100000")
	f.Start(running)
	for _, who := range []string{"ref", "skiff"} {
		t.Run(who+"/start-a", func(t *testing.T) {
			t.Parallel()
			// "ready" comes a second after the start, so the client has had the
			// start's answer (a signal before that cancels the start: 143); a loaded
			// machine can still be slower than that, hence up to three tries
			id, _ := f.Container(Image, "sh", "-c", "sleep 1; echo ready; sleep 60")
			code := -1
			for try := 0; try < 3 && code != 0; try++ {
				if try > 0 {
					Skiff(t, "kill", id)
				}
				code, _ = sweepSignalOnce(t, who, syscall.SIGTERM, "start", "-a", id)
			}
			if code != 0 {
				t.Errorf("%s start -a after SIGTERM: exit %d, want 0", who, code)
			}
		})
		t.Run(who+"/exec", func(t *testing.T) {
			t.Parallel()
			code, rest := sweepSignalOnce(t, who, syscall.SIGINT, "exec", "-i", running, "sh", "-c", "echo ready; sleep 60")
			if code != 0 || rest != "" {
				t.Errorf("%s exec after SIGINT: exit %d, rest of output %q, want 0 and none", who, code, rest)
			}
		})
	}
}

// TestSweepRunRequests: run -d --rm registers its wait for the removal, as docker.
func TestSweepRunRequests(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	args := []string{"run", "-d", "--rm", "--label", f.Label(), Image, "true"}
	_, ref := Trace(t, "ref", "", nil, args...)
	_, sk := Trace(t, "skiff", "", nil, args...)
	waits := func(reqs []Request) (w []string) {
		for _, r := range reqs {
			if strings.HasSuffix(r.Path, "/wait") {
				w = append(w, r.Query.Encode())
			}
		}
		return w
	}
	if r, s := waits(ref), waits(sk); !slices.Equal(r, s) {
		t.Errorf("wait requests: reference %q, skiff %q", r, s)
	}
}

// TestSweepStartTTYFromPipe: start -ai of a TTY container reads a pipe without
// complaining that it is not a TTY (run, exec and attach do complain).
func TestSweepStartTTYFromPipe(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	a, _ := f.Container("-t", "-i", Image, "sh")
	b, _ := f.Container("-t", "-i", Image, "sh")
	ref := RefIn(t, "exit 3\n", nil, "start", "-ai", a)
	sk := SkiffIn(t, "exit 3\n", nil, "start", "-ai", b)
	// stdout is not compared: the engine ends a TTY attach's output when its stdin
	// closes, which may be before or after the shell's echo
	if ref.Code != sk.Code || ref.FirstErrLine() != sk.FirstErrLine() {
		t.Errorf("start -ai of a TTY container from a pipe\n--- reference\n%s\n--- skiff\n%s", ref, sk)
	}
}

// TestSweepCreateHelpHint: docker's hint after a bad create flag names "docker create"
// also when called as "docker container create" (the whole stderr is compared).
func TestSweepCreateHelpHint(t *testing.T) {
	t.Parallel()
	args := []string{"container", "create", "--pid", "bogus", Image}
	ref, sk := Ref(t, args...), Skiff(t, args...)
	if ref.Code != sk.Code || ref.Stderr != sk.Stderr || ref.Stdout != sk.Stdout {
		t.Errorf("container create --pid bogus\n--- reference\n%s\n--- skiff\n%s", ref, sk)
	}
}

// TestSweepRunTTYSigProxy: docker 28's run proxies signals in TTY mode too (SIGUSR1
// reaches the container, whose exit code is run's).
func TestSweepRunTTYSigProxy(t *testing.T) {
	t.Parallel()
	f := Fixture(t)
	for _, who := range []string{"ref", "skiff"} {
		t.Run(who, func(t *testing.T) {
			t.Parallel()
			code, rest := sweepSignalOnce(t, who, syscall.SIGUSR1, "run", "--rm", "-t", "--label", f.Label(), Image,
				"sh", "-c", `trap "echo got; exit 5" USR1; echo ready; while :; do sleep 0.1; done`)
			if code != 5 || rest != "got\r\n" {
				t.Errorf("%s run -t after SIGUSR1: exit %d, rest of output %q, want 5 and \"got\\r\\n\"", who, code, rest)
			}
		})
	}
}

// sweepHangingEngine is a unix socket that answers /_ping and never answers anything
// else; a request other than /_ping is signalled on the returned channel.
func sweepHangingEngine(t *testing.T) (host string, asked <-chan struct{}) {
	t.Helper()
	ch := make(chan struct{}, 16)
	hold := make(chan struct{})
	host = fakeEngine(t, func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/_ping") {
			w.Header().Set("API-Version", "1.41")
			w.Header().Set("OSType", "linux")
			_, _ = io.WriteString(w, "OK")
			return
		}
		select {
		case ch <- struct{}{}:
		default:
		}
		select {
		case <-hold:
		case <-r.Context().Done():
		}
	})
	t.Cleanup(func() { close(hold) }) // before the server closes: cleanups run last-in first-out
	return host, ch
}

// TestSweepSignalBeforeSession: a SIGINT while run/start -a/exec wait on the engine
// before their session cancels them (exit 130), also when SIGINT started ignored as in
// a background job (skiff once hung there: the handler came with the session).
func TestSweepSignalBeforeSession(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"run", "--rm", Image, "true"}, {"start", "-a", "x"}, {"exec", "x", "true"}} {
		for _, who := range []string{"ref", "skiff"} {
			t.Run(who+"/"+args[0], func(t *testing.T) {
				t.Parallel()
				bin, home := clientOf(t, who)
				host, asked := sweepHangingEngine(t)
				// SIGINT ignored, as the shell leaves it for a background job
				cmd := exec.Command("sh", append([]string{"-c", `trap "" INT; exec "$@"`, "sh", bin}, args...)...)
				cmd.Env = cleanEnv(home, []string{"DOCKER_HOST=" + host})
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				timer := time.AfterFunc(60*time.Second, func() { _ = cmd.Process.Kill() })
				defer timer.Stop()
				select {
				case <-asked:
				case <-time.After(30 * time.Second):
					_ = cmd.Process.Kill()
					_ = cmd.Wait()
					t.Fatalf("%s %s: no request reached the engine", who, quoteArgs(args))
				}
				if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
					t.Fatal(err)
				}
				err := cmd.Wait()
				code := 0
				if ee, ok := err.(*exec.ExitError); ok {
					code = ee.ExitCode()
					if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
						code = 128 + int(ws.Signal())
					}
				}
				if code != 130 {
					t.Errorf("%s %s after SIGINT: exit %d, want 130", who, quoteArgs(args), code)
				}
			})
		}
	}
}
