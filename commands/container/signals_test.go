package container

import (
	"context"
	"os"
	"syscall"
	"testing"
	"time"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/commands"
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

// Once the container is known, a signal this process receives is sent to it by
// name; release hands on what already arrived.
func TestStreamSignalsForward(t *testing.T) {
	got := make(chan string, 4)
	w := streamWatch(context.Background(), true)
	w.known(func(ctx context.Context, sig string) error {
		got <- sig
		return nil
	})
	assert.NilError(t, syscall.Kill(os.Getpid(), syscall.SIGUSR2))
	select {
	case s := <-got:
		assert.Equal(t, s, "USR2")
	case <-time.After(5 * time.Second):
		t.Fatal("signal not proxied")
	}
	w.sigc <- syscall.SIGINT // not cancelling: the container is known
	w.release()
	w.release() // twice is fine
	assert.Equal(t, <-got, "INT")
	select {
	case <-w.Interrupted():
		t.Fatal("the first SIGINT cancelled a command whose container is known")
	default:
	}
}

// Before the container is known, the first SIGINT/SIGTERM cancels the command:
// 128+signal, silently.
func TestStreamSignalsCancelFirst(t *testing.T) {
	w := streamWatch(context.Background(), true)
	defer w.release()
	err := w.run(func() error {
		w.sigc <- syscall.SIGTERM
		<-w.ctx.Done()
		return w.ctx.Err()
	})
	assert.Equal(t, commands.ExitCode(err), 143)
	assert.Equal(t, commands.Message(err), "")
}

// The third SIGINT/SIGTERM ends the command at once, whatever it waits on, and
// puts the terminal back; a SIGQUIT that is not proxied ends it with 131.
func TestStreamSignalsForcedAndQuit(t *testing.T) {
	block := make(chan struct{})
	defer close(block)
	w := streamWatch(context.Background(), false)
	restored := make(chan struct{})
	w.session(false, func() { close(restored) })
	err := w.run(func() error {
		for _, s := range []os.Signal{syscall.SIGINT, syscall.SIGINT, syscall.SIGTERM} {
			w.sigc <- s
		}
		<-block // a wait that never ends
		return nil
	})
	w.release()
	assert.Equal(t, commands.ExitCode(err), 1)
	assert.Equal(t, commands.Message(err), "\ngot 3 SIGTERM/SIGINTs, forcefully exiting")
	<-restored

	q := streamWatch(context.Background(), true)
	defer q.release()
	err = q.run(func() error {
		q.sigc <- syscall.SIGQUIT
		<-block
		return nil
	})
	assert.Equal(t, commands.ExitCode(err), 131)
	assert.Equal(t, commands.Message(err), "")
}

// A forwarder stuck on an engine that does not answer never holds the counting:
// the third SIGINT still ends the command.
func TestStreamSignalsStuckForwarder(t *testing.T) {
	block := make(chan struct{})
	defer close(block)
	w := streamWatch(context.Background(), false)
	defer w.release()
	w.known(func(ctx context.Context, sig string) error { <-block; return nil })
	err := w.run(func() error {
		for range 3 {
			w.sigc <- syscall.SIGINT
		}
		<-block
		return nil
	})
	assert.Equal(t, commands.ExitCode(err), 1)
}
