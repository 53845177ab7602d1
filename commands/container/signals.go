package container

import (
	"context"
	"os"
	"os/signal"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/skiff-cli/skiff/commands"
)

// streamSignalNames are Linux's signal names as the Engine takes them in
// POST /containers/{id}/kill?signal=NAME.
var streamSignalNames = [...]string{
	1: "HUP", 2: "INT", 3: "QUIT", 4: "ILL", 5: "TRAP", 6: "ABRT", 7: "BUS", 8: "FPE",
	9: "KILL", 10: "USR1", 11: "SEGV", 12: "USR2", 13: "PIPE", 14: "ALRM", 15: "TERM",
	16: "STKFLT", 17: "CHLD", 18: "CONT", 19: "STOP", 20: "TSTP", 21: "TTIN", 22: "TTOU",
	23: "URG", 24: "XCPU", 25: "XFSZ", 26: "VTALRM", 27: "PROF", 28: "WINCH", 29: "IO",
	30: "PWR", 31: "SYS",
}

// streamSignalName names sig for the Engine ("" when it has no name).
func streamSignalName(sig syscall.Signal) string {
	n := int(sig)
	switch {
	case n > 0 && n < len(streamSignalNames):
		return streamSignalNames[n]
	case n == 34:
		return "RTMIN"
	case n > 34 && n < 50:
		return "RTMIN+" + strconv.Itoa(n-34)
	case n >= 50 && n < 64:
		return "RTMAX-" + strconv.Itoa(64-n)
	case n == 64:
		return "RTMAX"
	}
	return ""
}

// streamSkipSignal: signals that are not proxied to the container: the
// child/pipe/urgent-data/window ones (the Go runtime uses SIGURG) and those
// that cannot be caught anyway.
func streamSkipSignal(sig syscall.Signal) bool {
	switch sig {
	case syscall.SIGCHLD, syscall.SIGPIPE, syscall.SIGURG, syscall.SIGWINCH, syscall.SIGKILL, syscall.SIGSTOP:
		return true
	}
	return false
}

// streamProxySignals forwards the signals this process receives to the
// container (--sig-proxy) until the returned stop function is called. stop
// forwards the signals already received before it returns (a session that
// ends on SIGINT/SIGTERM hands it on first, as docker tries to) and waits
// for the forwarding to finish.
func streamProxySignals(ctx context.Context, kill func(ctx context.Context, signal string) error) (stop func()) {
	sigc := make(chan os.Signal, 32)
	signal.Notify(sigc)
	done := make(chan struct{})
	finished := make(chan struct{})
	forward := func(s os.Signal) {
		sig, ok := s.(syscall.Signal)
		if !ok || streamSkipSignal(sig) {
			return
		}
		if name := streamSignalName(sig); name != "" {
			_ = kill(ctx, name)
		}
	}
	go func() {
		defer close(finished)
		for {
			select {
			case s := <-sigc:
				forward(s)
			case <-done:
				for {
					select {
					case s := <-sigc:
						forward(s)
					default:
						return
					}
				}
			case <-ctx.Done():
				return
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			signal.Stop(sigc)
			close(done)
			select {
			case <-finished:
			case <-time.After(5 * time.Second): // an engine that does not answer
			}
		})
	}
}

// streamEarly watches SIGINT and SIGTERM while a stream command (run, start,
// exec, attach) talks to the engine before its session exists: the root
// leaves these commands' signals to them, and without a handler a SIGINT that
// started ignored (a background job) would never end them. As docker 28: the
// first signal cancels the command's requests (when cancelFirst), the third
// ends the command with docker's message.
type streamEarly struct {
	*commands.SignalWatch
	ctx  context.Context // the watch's: cancelled by the signals
	sigc chan os.Signal
	once sync.Once
}

// streamWatchEarly starts the watch; use w.ctx for the requests, call
// w.handOver once a session counts the signals itself (or the command is
// done) and defer w.release.
func streamWatchEarly(ctx context.Context, cancelFirst bool) *streamEarly {
	sigc := make(chan os.Signal, 3)
	signal.Notify(sigc, syscall.SIGINT, syscall.SIGTERM)
	w := commands.WatchSignals(ctx, sigc, cancelFirst)
	return &streamEarly{SignalWatch: w, ctx: w.Context(), sigc: sigc}
}

// handOver stops the watch (the context stays as it is).
func (w *streamEarly) handOver() {
	w.once.Do(func() {
		signal.Stop(w.sigc)
		w.Stop()
	})
}

// release ends the watch and frees the context.
func (w *streamEarly) release() {
	w.handOver()
	w.Release()
}

// outcome is what a command that failed (err) while watched exits with: docker's
// forced exit at the third signal, 128+signal (silently) when the first one
// cancelled it, else err itself.
func (w *streamEarly) outcome(err error) error {
	if err == nil {
		return nil
	}
	select {
	case <-w.Forced():
		return streamForcedExit
	default:
	}
	if sig := w.Caught(); sig != 0 {
		return commands.Silent(128 + int(sig))
	}
	return err
}
