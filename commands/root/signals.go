package root

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/commands"
)

// How skiff ends on SIGINT and SIGTERM, as docker 28 does:
//   - a command that proxies signals to a container (run, start, attach, exec) handles
//     them itself;
//   - a command that waits on the engine (events, logs -f, wait...) is cancelled by the
//     first signal and skiff exits with 128+signal (an exit status, not a death by the
//     signal, and nothing printed); the second does nothing more; the third ends skiff
//     at once with status 1 and "got 3 SIGTERM/SIGINTs, forcefully exiting";
//   - docker stats (streaming) goes on after the first and second signals, as docker
//     28's does; the third ends it as above;
//   - any other command is left to Go's default (death by the signal, which a shell
//     reports as 130 or 143), unless SIGINT started ignored (a background job: `docker ps
//     & kill -INT $!`, where the default would leave it running): then it is handled as a
//     waiting command's.
//
// Each command says which it is through the annotations commands.AnnotationProxiesSignals
// and commands.AnnotationWaits, set by its own package. The handler is installed only in
// those two cases: signal.Notify starts a thread, a cost `docker --version` and the quick
// listings should not pay.

// signalsCancelFirst reports whether the first signal cancels target (all waiting
// commands but those docker lets run until the third).
func signalsCancelFirst(target *cobra.Command) bool {
	return target == nil || target.Annotations[commands.AnnotationWaits] != commands.WaitsForThirdSignal
}

// signalsHandled reports whether the root handles SIGINT and SIGTERM for target (nil: no
// command found, as for `docker --version`) when SIGINT started ignored or not.
func signalsHandled(target *cobra.Command, sigintIgnored bool) bool {
	if target == nil {
		return sigintIgnored
	}
	switch {
	case target.Annotations[commands.AnnotationProxiesSignals] != "":
		return false
	case target.Annotations[commands.AnnotationWaits] != "":
		return true
	}
	return sigintIgnored
}

// signalWatch counts the SIGINTs and SIGTERMs skiff receives while a command runs.
type signalWatch struct {
	stop   func()
	forced chan struct{} // closed on the third signal

	mu    sync.Mutex
	first syscall.Signal
}

// signalsWatch cancels the returned context on the first signal from sigs (when
// cancelFirst) and closes w.forced on the third, after writing docker's message to errw.
func signalsWatch(ctx context.Context, sigs <-chan os.Signal, errw io.Writer, cancelFirst bool) (context.Context, *signalWatch) {
	ctx, cancel := context.WithCancel(ctx)
	w := &signalWatch{forced: make(chan struct{})}
	done := make(chan struct{})
	var once sync.Once
	w.stop = func() { once.Do(func() { close(done); cancel() }) }
	go func() {
		for n := 1; ; n++ {
			var sig os.Signal
			select {
			case sig = <-sigs:
			case <-done:
				return
			}
			switch n {
			case 1:
				if !cancelFirst {
					continue
				}
				w.mu.Lock()
				w.first, _ = sig.(syscall.Signal)
				w.mu.Unlock()
				cancel()
			case 3:
				fmt.Fprintln(errw, "\ngot 3 SIGTERM/SIGINTs, forcefully exiting")
				close(w.forced)
				return
			}
		}
	}()
	return ctx, w
}

// caught returns the first signal received, 0 if none.
func (w *signalWatch) caught() syscall.Signal {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.first
}

// signalsNotify installs the handler: SIGINT and SIGTERM go to the returned channel until
// release is called.
func signalsNotify() (sigs <-chan os.Signal, release func()) {
	c := make(chan os.Signal, 3)
	signal.Notify(c, syscall.SIGINT, syscall.SIGTERM)
	return c, func() { signal.Stop(c) }
}

// executeWatched runs root under a signal watch and returns its error, or the status
// docker exits with after a signal: 128+signal once the command has returned (when the
// first signal cancels it), 1 (and docker's message) on the third signal without waiting
// for it.
func executeWatched(ctx context.Context, root *cobra.Command, sigs <-chan os.Signal, errw io.Writer, cancelFirst bool) error {
	ctx, w := signalsWatch(ctx, sigs, errw, cancelFirst)
	defer w.stop()
	done := make(chan error, 1)
	go func() { done <- root.ExecuteContext(ctx) }()
	var err error
	select {
	case err = <-done:
	case <-w.forced:
		return commands.Silent(1)
	}
	if sig := w.caught(); sig != 0 {
		// The command was cancelled: docker prints nothing, whatever it returned.
		return commands.Silent(128 + int(sig))
	}
	return err
}
