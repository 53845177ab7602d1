//go:build e2e

package e2e

import (
	"errors"
	"fmt"
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
				bin := skiffBin
				if who == "ref" {
					if !hasRef() {
						t.Skipf("no reference client at %s", refBin)
					}
					bin = refBin
				}
				if got := signalRunAndSend(t, bin, tc.sig, "events", "--filter", "label=skiff.e2e.signal=none"); got != tc.want {
					t.Errorf("%s events after %s: exit %d, want %d", who, tc.sig, got, tc.want)
				}
			})
		}
	}
}

// signalRunAndSend starts bin ARGS from a shell that ignores SIGINT (as for a background
// job), waits until the client has taken over sig (its handler shows in
// /proc/PID/status), sends sig and returns the exit status (128+N when killed by N).
func signalRunAndSend(t *testing.T, bin string, sig syscall.Signal, args ...string) int {
	t.Helper()
	cmd := exec.Command("sh", append([]string{"-c", `trap "" INT; exec "$0" "$@"`, bin}, args...)...)
	cmd.Env = cleanEnv(t.TempDir(), nil)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	deadline := time.Now().Add(10 * time.Second)
	for !signalCaught(cmd.Process.Pid, sig) {
		select {
		case err := <-done:
			t.Fatalf("%s %v ended before the signal: %v", bin, args, err)
		default:
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("%s never caught %s", bin, sig)
		}
		time.Sleep(10 * time.Millisecond) // polling /proc, not synchronising on time
	}
	if err := cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		var ee *exec.ExitError
		switch {
		case err == nil:
			return 0
		case errors.As(err, &ee):
			if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
				return 128 + int(ws.Signal())
			}
			return ee.ExitCode()
		}
		t.Fatal(err)
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("%s %v still running 10 s after %s", bin, args, sig)
	}
	return -1
}

// signalCaught reports whether process pid has a handler for sig (SigCgt, and the
// exec from the shell done: the command line is no longer sh's).
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
