package commands

import (
	"context"
	"os"
	"sync"
	"syscall"
)

// ForcedExitMessage is what docker 28 prints when a third SIGINT/SIGTERM ends it.
const ForcedExitMessage = "\ngot 3 SIGTERM/SIGINTs, forcefully exiting"

// SignalWatch counts the SIGINTs and SIGTERMs that arrive on a channel, as docker 28
// does for a command: the first cancels the command's context (when it is to: see
// SetFirst) and closes Interrupted, the second does nothing more, the third cancels it
// too and closes Forced. A SIGQUIT cancels it and closes Quit. The root uses it for
// the commands that wait on the engine; the stream commands (run, start, attach,
// exec) for their whole life, with an intercept that forwards signals to the container.
type SignalWatch struct {
	ctx         context.Context
	cancel      context.CancelFunc
	forced      chan struct{}
	interrupted chan struct{}
	quit        chan struct{}
	done        chan struct{} // closed by Stop
	finished    chan struct{} // closed when the counting has ended
	once        sync.Once
	intercept   func(syscall.Signal) bool

	mu          sync.Mutex
	cancelFirst bool
	endFirst    bool
	first       syscall.Signal
	cancelled   bool
}

// WatchSignals starts counting the signals from sigs; cancelFirst says whether the
// first one cancels Context (docker lets stats and attach run until the third).
// intercept, when not nil, sees every signal first; it returns true for one that the
// watch is to leave alone.
func WatchSignals(ctx context.Context, sigs <-chan os.Signal, cancelFirst bool, intercept func(syscall.Signal) bool) *SignalWatch {
	w := &SignalWatch{forced: make(chan struct{}), interrupted: make(chan struct{}), quit: make(chan struct{}),
		done: make(chan struct{}), finished: make(chan struct{}), intercept: intercept, cancelFirst: cancelFirst}
	w.ctx, w.cancel = context.WithCancel(ctx)
	go w.count(sigs)
	return w
}

func (w *SignalWatch) count(sigs <-chan os.Signal) {
	defer close(w.finished)
	for n := 0; ; {
		var s os.Signal
		var ok bool
		select {
		case s, ok = <-sigs:
			if !ok { // closed once no more can come: what was in it has been counted
				return
			}
		case <-w.done:
			return
		}
		sig, _ := s.(syscall.Signal)
		if w.intercept != nil && w.intercept(sig) {
			continue
		}
		switch sig {
		case syscall.SIGQUIT:
			// ends the command with no Go stack trace (Go's default prints one)
			close(w.quit)
			w.cancel()
			return
		case syscall.SIGINT, syscall.SIGTERM:
		default:
			continue
		}
		n++
		switch n {
		case 1:
			w.mu.Lock()
			if w.cancelFirst || w.endFirst {
				w.first, w.cancelled = sig, w.cancelFirst
				close(w.interrupted)
			}
			cancel := w.cancelFirst
			w.mu.Unlock()
			if cancel {
				w.cancel()
			}
		case 3:
			close(w.forced)
			w.cancel()
			return
		}
	}
}

// SetFirst changes what the first SIGINT/SIGTERM does from now on: cancel the
// context, or end (close Interrupted without cancelling: a session that ends at the
// first, as docker's start -a and exec), or neither.
func (w *SignalWatch) SetFirst(cancel, end bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.cancelFirst, w.endFirst = cancel, end
}

// Context is cancelled by the first signal (when it is to) and by the third.
func (w *SignalWatch) Context() context.Context { return w.ctx }

// Interrupted is closed on the first signal when it cancels the context or ends the
// command.
func (w *SignalWatch) Interrupted() <-chan struct{} { return w.interrupted }

// Quit is closed on a SIGQUIT, when sigs carries them.
func (w *SignalWatch) Quit() <-chan struct{} { return w.quit }

// Forced is closed on the third signal.
func (w *SignalWatch) Forced() <-chan struct{} { return w.forced }

// Finished is closed when the counting has ended (Stop, sigs closed, a SIGQUIT or
// the third signal).
func (w *SignalWatch) Finished() <-chan struct{} { return w.finished }

// Caught is the first signal when it cancelled the context, 0 otherwise.
func (w *SignalWatch) Caught() syscall.Signal {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.cancelled {
		return 0
	}
	return w.first
}

// First is the first signal when it cancelled the context or ended the command, 0
// otherwise.
func (w *SignalWatch) First() syscall.Signal {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.first
}

// Stop ends the counting; the context stays as it is.
func (w *SignalWatch) Stop() { w.once.Do(func() { close(w.done) }) }

// Release ends the counting and frees the context.
func (w *SignalWatch) Release() {
	w.Stop()
	w.cancel()
}
