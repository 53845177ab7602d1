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

// streamSignals is a stream command's (run, start, attach, exec) handling of the
// signals it receives, from its start to its exit, as docker 28's:
//   - SIGINT and SIGTERM are counted (commands.SignalWatch): the third ends the
//     command at once with docker's message, exit 1, whatever it waits on (a request,
//     the stream, the exit status);
//   - until the container is known (created, or inspected), the first SIGINT/SIGTERM
//     cancels the command's requests when cancelFirst: 128+signal, silently;
//   - once it is known and signals are proxied (--sig-proxy), every signal but
//     those of streamSkipSignal is sent to the container (POST kill), in order, by
//     one forwarder that never holds the counting back; the first two
//     SIGINT/SIGTERMs do nothing more, unless the session ends at the first
//     (start -a, exec: exit 0 once it is handed on);
//   - SIGQUIT that is not proxied ends the command with 131 and no Go stack
//     trace; SIGHUP that is not proxied ends it as the signal does; both put a
//     raw terminal back first.
type streamSignals struct {
	*commands.SignalWatch
	parent context.Context // for the kill requests: they outlive a cancelled command
	ctx    context.Context // the command's: cancelled by the first signal (cancelFirst) or the third
	sigc   chan os.Signal
	fwd    chan string   // names to forward, in order
	done   chan struct{} // closed by release: the forwarder ends once the queue is empty

	mu         sync.Mutex
	released   bool
	kill       func(ctx context.Context, signal string) error
	restore    func() // puts the terminal back before the process ends
	once       sync.Once
	forwarding sync.WaitGroup
}

// streamWatch starts the handling for a command; cancelFirst: the first
// SIGINT/SIGTERM cancels it until the container is known. Use w.ctx for the
// requests and defer w.release.
func streamWatch(ctx context.Context, cancelFirst bool) *streamSignals {
	w := &streamSignals{parent: ctx, sigc: make(chan os.Signal, 32), fwd: make(chan string, 64), done: make(chan struct{})}
	signal.Notify(w.sigc, syscall.SIGINT, syscall.SIGTERM, syscall.SIGQUIT, syscall.SIGHUP)
	w.SignalWatch = commands.WatchSignals(ctx, w.sigc, cancelFirst, w.intercept)
	w.ctx = w.Context()
	return w
}

// known says that the container (or exec process) is known: the first signal no
// longer cancels the command. With kill, every signal is forwarded to it from
// now on (--sig-proxy).
func (w *streamSignals) known(kill func(ctx context.Context, signal string) error) {
	w.SetFirst(false, false)
	w.mu.Lock()
	defer w.mu.Unlock()
	if kill == nil || w.kill != nil || w.released { // released: a forced exit is under way
		return
	}
	w.kill = kill
	w.forwarding.Add(1)
	go w.forward()
	signal.Notify(w.sigc) // all of them
}

// session says that a session is open: restore puts its terminal back (nil:
// none), endFirst makes the first SIGINT/SIGTERM end it (start -a, exec).
func (w *streamSignals) session(endFirst bool, restore func()) {
	w.SetFirst(false, endFirst)
	w.mu.Lock()
	defer w.mu.Unlock()
	w.restore = restore
}

// intercept sees each signal before the counting: it queues the proxied ones for
// the forwarder and ends the process at a SIGHUP that is not proxied.
func (w *streamSignals) intercept(sig syscall.Signal) (leave bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	proxied := w.kill != nil
	if proxied && !streamSkipSignal(sig) {
		if name := streamSignalName(sig); name != "" {
			select {
			case w.fwd <- name:
			default: // an engine that does not take them: the counting goes on
			}
		}
	}
	switch sig {
	case syscall.SIGQUIT:
		return proxied // forwarded rather than ending the client
	case syscall.SIGHUP:
		if !proxied {
			// ended by the signal, as without a handler, once the terminal is back
			w.restoreTerminal()
			signal.Reset(syscall.SIGHUP)
			_ = syscall.Kill(os.Getpid(), syscall.SIGHUP)
		}
		return true
	}
	return false
}

// restoreTerminal runs the session's restore; w.mu is held.
func (w *streamSignals) restoreTerminal() {
	if w.restore != nil {
		w.restore()
	}
}

// forward sends the queued signals to the container, one at a time, until
// release has been called and the queue is empty.
func (w *streamSignals) forward() {
	defer w.forwarding.Done()
	for {
		select {
		case name := <-w.fwd:
			_ = w.kill(w.parent, name)
		case <-w.done:
			for {
				select {
				case name := <-w.fwd:
					_ = w.kill(w.parent, name)
				default:
					return
				}
			}
		}
	}
}

// release stops the handling. Signals already received are handed to the
// container first (a session that ends on SIGINT/SIGTERM passes it on, as
// docker does), waiting a bounded time for an engine that does not answer.
func (w *streamSignals) release() {
	w.once.Do(func() {
		w.mu.Lock()
		w.released = true
		w.mu.Unlock()
		signal.Stop(w.sigc)
		close(w.sigc) // none can come now: the watch counts what is in it, then ends
		<-w.Finished()
		close(w.done)
		forwarded := make(chan struct{})
		go func() { w.forwarding.Wait(); close(forwarded) }()
		select {
		case <-forwarded:
		case <-w.Forced(): // docker exits at once
		case <-time.After(5 * time.Second):
		}
		w.Release()
	})
}

// run runs body under the handling and returns what the command exits with:
// docker's forced exit at the third signal and 131 at a SIGQUIT that is not
// proxied, without waiting for body (the terminal put back first); 128+signal
// (silently) when the first signal cancelled it; else body's error.
func (w *streamSignals) run(body func() error) error {
	done := make(chan error, 1)
	go func() { done <- body() }()
	var err error
	select {
	case err = <-done:
	case <-w.Forced():
	case <-w.Quit():
	}
	select {
	case <-w.Forced():
		w.mu.Lock()
		w.restoreTerminal()
		w.mu.Unlock()
		return streamForcedExit
	case <-w.Quit():
		w.mu.Lock()
		w.restoreTerminal()
		w.mu.Unlock()
		return commands.Silent(128 + int(syscall.SIGQUIT))
	default:
	}
	if err != nil {
		if sig := w.Caught(); sig != 0 {
			return commands.Silent(128 + int(sig))
		}
	}
	return err
}
