//go:build e2e

package e2e

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSignalsEndLongRunningCommands: SIGINT ends `docker events` with 130 and SIGTERM
// with 143, also when the shell started it with SIGINT ignored (a background job), as
// the reference does.
func TestSignalsEndLongRunningCommands(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		sig  syscall.Signal
		want int
	}{{syscall.SIGINT, 130}, {syscall.SIGTERM, 143}} {
		for _, who := range []string{"ref", "skiff"} {
			t.Run(fmt.Sprintf("%s %s", who, tc.sig), func(t *testing.T) {
				t.Parallel()
				bin, _ := clientOf(t, who)
				got := signalRunAndSend(t, bin, tc.sig, "events")
				// The reference races its own cancellation against the stream's close and
				// now and then exits 0 instead (seen in CI): it gets three tries to give
				// the code; skiff must give it every time.
				for try := 1; who == "ref" && got != tc.want && try < 3; try++ {
					t.Logf("ref events after %s: exit %d, trying again", tc.sig, got)
					got = signalRunAndSend(t, bin, tc.sig, "events")
				}
				if got != tc.want {
					t.Errorf("%s events after %s: exit %d, want %d", who, tc.sig, got, tc.want)
				}
			})
		}
	}
}

// TestSignalsQuitNoStack: SIGQUIT ends a command that waits on the engine with 131
// and nothing on stderr, where docker 28 prints a Go stack trace (exit 2): none may
// reach the user's terminal.
func TestSignalsQuitNoStack(t *testing.T) {
	t.Parallel()
	end := signalSend(t, exec.Command(skiffBin, "events"), syscall.SIGQUIT)
	if end.code() != 131 || end.stderr != "" {
		t.Errorf("skiff events after SIGQUIT: exit %d, stderr %q; want 131 and nothing", end.code(), end.stderr)
	}
}

// signalEnd is how a client ended after the signal.
type signalEnd struct {
	status   int  // the exit status, or the signal's number when killed by one
	signaled bool // killed by the signal rather than exiting
	stderr   string
}

// code is the status a shell reports: 128+N when killed by N.
func (e signalEnd) code() int {
	if e.signaled {
		return 128 + e.status
	}
	return e.status
}

// signalRunAndSend starts bin ARGS (a command that waits on GET /events) from a shell
// that ignores SIGINT (as for a background job), against a small engine of its own, and
// returns the code it ends with after sig (see signalSend).
func signalRunAndSend(t *testing.T, bin string, sig syscall.Signal, args ...string) int {
	t.Helper()
	cmd := exec.Command("sh", append([]string{"-c", `trap "" INT; exec "$0" "$@"`, bin}, args...)...)
	return signalSend(t, cmd, sig).code()
}

// signalSend runs cmd (a client waiting on GET /events) against a small engine of its
// own; once the client has printed the engine's one event (it is in its events loop), it
// checks the client has taken over sig (its handler shows in /proc/PID/status), sends
// sig and returns how the client ended.
func signalSend(t *testing.T, cmd *exec.Cmd, sig syscall.Signal) signalEnd {
	t.Helper()
	host := signalEngine(t)
	cmd.Env = cleanEnv(t.TempDir(), []string{"DOCKER_HOST=" + host})
	var errb bytes.Buffer
	cmd.Stderr = &errb
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// The client is in its events loop once it has printed the first event.
	printed := make(chan struct{})
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		if line != "" {
			close(printed)
		}
		io.Copy(io.Discard, stdout)
	}()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-printed:
	case err := <-done:
		t.Fatalf("%v ended before the signal: %v; %s", cmd.Args, err, errb.String())
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("%v printed no event", cmd.Args)
	}
	if !signalCaught(cmd.Process.Pid, sig) {
		cmd.Process.Kill()
		t.Fatalf("%v does not catch %s while waiting for events", cmd.Args, sig)
	}
	if err := cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		var ee *exec.ExitError
		switch {
		case err == nil:
			return signalEnd{stderr: errb.String()}
		case errors.As(err, &ee):
			if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
				return signalEnd{status: int(ws.Signal()), signaled: true, stderr: errb.String()}
			}
			return signalEnd{status: ee.ExitCode(), stderr: errb.String()}
		}
		t.Fatal(err)
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("%v still running 10 s after %s", cmd.Args, sig)
	}
	return signalEnd{}
}

// signalEngine serves just enough of the Engine API for `docker events`: the ping, and
// an events stream that sends one event and stays open.
func signalEngine(t *testing.T) (host string) {
	t.Helper()
	stop := make(chan struct{})
	host = fakeEngine(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("API-Version", "1.41")
		w.Header().Set("OSType", "linux")
		switch {
		case strings.HasSuffix(r.URL.Path, "/_ping"):
			w.Write([]byte("OK"))
		case strings.HasSuffix(r.URL.Path, "/events"):
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusOK)
			w.Write([]byte(`{"status":"start","id":"0123456789ab","from":"bb","Type":"container","Action":"start",` +
				`"Actor":{"ID":"0123456789ab","Attributes":{"name":"x"}},"scope":"local","time":1700000000,"timeNano":1700000000000000000}` + "\n"))
			w.(http.Flusher).Flush()
			// Never end the stream (an ended one is an EOF the client may see before its
			// own cancellation): hold it until the test is over, as an engine would.
			<-stop
		default:
			http.NotFound(w, r)
		}
	})
	t.Cleanup(func() { close(stop) }) // before the server closes: cleanups run last-in first-out
	return host
}

// signalCaught reports whether process pid has a handler for sig (SigCgt in
// /proc/PID/status).
func signalCaught(pid int, sig syscall.Signal) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "SigCgt:"); ok {
			mask, err := strconv.ParseUint(strings.TrimSpace(v), 16, 64)
			return err == nil && mask&(1<<(uint(sig)-1)) != 0
		}
	}
	return false
}
