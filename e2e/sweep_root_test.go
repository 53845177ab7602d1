//go:build e2e

package e2e

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os/exec"
	"syscall"
	"testing"
	"time"
)

// The root command's corners swept against the reference: signals, global options,
// hosts, contexts, config files. Most need no engine (an absent socket), so they are
// cheap.

// TestSweepRootSignalExits: a waiting command (events) ended by SIGINT or SIGTERM exits
// with status 130 or 143 itself (as docker 28: it cancels and returns), rather than
// dying by the signal, also when SIGINT was not ignored, and prints nothing.
func TestSweepRootSignalExits(t *testing.T) {
	t.Parallel()
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			host := signalEngine(t)
			cmd := exec.Command(skiffBin, "events")
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
			printed := make(chan struct{})
			go func() {
				if line, _ := bufio.NewReader(stdout).ReadString('\n'); line != "" {
					close(printed)
				}
				io.Copy(io.Discard, stdout)
			}()
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case <-printed:
			case err := <-done:
				t.Fatalf("events ended before the signal: %v; %s", err, errb.String())
			case <-time.After(10 * time.Second):
				cmd.Process.Kill()
				t.Fatal("events printed no event")
			}
			if !signalCaught(cmd.Process.Pid, sig) {
				cmd.Process.Kill()
				t.Fatalf("events does not catch %s", sig)
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			select {
			case err = <-done:
			case <-time.After(10 * time.Second):
				cmd.Process.Kill()
				t.Fatalf("events still running 10 s after %s", sig)
			}
			var ee *exec.ExitError
			if !errors.As(err, &ee) {
				t.Fatalf("events after %s: %v", sig, err)
			}
			ws := ee.Sys().(syscall.WaitStatus)
			if ws.Signaled() || ws.ExitStatus() != 128+int(sig) || errb.Len() != 0 {
				t.Errorf("events after %s: signaled %v, exit %d (want %d), stderr %q", sig, ws.Signaled(), ws.ExitStatus(), 128+int(sig), errb.String())
			}
		})
	}
}
