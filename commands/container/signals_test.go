package container

import (
	"context"
	"os"
	"syscall"
	"testing"
	"time"

	"gotest.tools/v3/assert"
)

func TestStreamSignalName(t *testing.T) {
	for sig, want := range map[syscall.Signal]string{
		syscall.SIGINT: "INT", syscall.SIGTERM: "TERM", syscall.SIGHUP: "HUP", syscall.SIGUSR1: "USR1",
		syscall.SIGSYS: "SYS", 34: "RTMIN", 35: "RTMIN+1", 63: "RTMAX-1", 64: "RTMAX", 0: "", 65: "",
	} {
		assert.Equal(t, streamSignalName(sig), want, int(sig))
	}
	assert.Assert(t, streamSkipSignal(syscall.SIGCHLD))
	assert.Assert(t, streamSkipSignal(syscall.SIGURG))
	assert.Assert(t, !streamSkipSignal(syscall.SIGTERM))
}

// A signal this process receives is sent to the container by name.
func TestStreamProxySignals(t *testing.T) {
	got := make(chan string, 4)
	stop := streamProxySignals(context.Background(), func(ctx context.Context, sig string) error {
		got <- sig
		return nil
	})
	defer stop()
	assert.NilError(t, syscall.Kill(os.Getpid(), syscall.SIGUSR2))
	select {
	case s := <-got:
		assert.Equal(t, s, "USR2")
	case <-time.After(5 * time.Second):
		t.Fatal("signal not proxied")
	}
}
