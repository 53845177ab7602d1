package root

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
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
//   - SIGQUIT ends those commands with 131 and nothing printed (docker 28 prints a Go
//     stack trace: none may reach the user's terminal);
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

// signalsNotify installs the handler: SIGINT, SIGTERM and SIGQUIT go to the returned channel until
// release is called.
func signalsNotify() (sigs <-chan os.Signal, release func()) {
	c := make(chan os.Signal, 3)
	signal.Notify(c, syscall.SIGINT, syscall.SIGTERM, syscall.SIGQUIT)
	return c, func() { signal.Stop(c) }
}

// executeWatched runs root under a signal watch and returns its error, or the status
// docker exits with after a signal: 128+signal once the command has returned (when the
// first signal cancels it), 1 (and docker's message) on the third signal without waiting
// for it. A SIGINT or SIGTERM while prompting (when not nil) reports a question open
// is the question's (commands.Confirm: a newline and status 0), not the watch's.
func executeWatched(ctx context.Context, root *cobra.Command, sigs <-chan os.Signal, errw io.Writer, cancelFirst bool, prompting func() bool) error {
	var intercept func(syscall.Signal) bool
	if prompting != nil {
		intercept = func(s syscall.Signal) bool {
			return (s == syscall.SIGINT || s == syscall.SIGTERM) && prompting()
		}
	}
	w := commands.WatchSignals(ctx, sigs, cancelFirst, intercept)
	defer w.Release()
	done := make(chan error, 1)
	go func() { done <- root.ExecuteContext(w.Context()) }()
	var err error
	select {
	case err = <-done:
	case <-w.Forced():
		fmt.Fprintln(errw, commands.ForcedExitMessage)
		return commands.Silent(1)
	case <-w.Quit():
		// docker prints a Go stack trace and exits 2; skiff ends as the signal would
		return commands.Silent(128 + int(syscall.SIGQUIT))
	}
	if sig := w.Caught(); sig != 0 {
		// The command was cancelled: docker prints nothing, whatever it returned.
		return commands.Silent(128 + int(sig))
	}
	return err
}
