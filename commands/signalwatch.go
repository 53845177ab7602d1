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
// does for a command: the first cancels the command's context and closes Interrupted
// (when it is to), the second does nothing more, the third cancels it too and closes
// Forced. A SIGQUIT cancels it and closes Quit. The root uses it for the commands that wait on the engine, the stream
// commands before and during their session.
type SignalWatch struct {
	ctx         context.Context
	cancel      context.CancelFunc
	forced      chan struct{}
	interrupted chan struct{}
	quit        chan struct{}
	done        chan struct{}
	once        sync.Once

	mu    sync.Mutex
	first syscall.Signal
}

// WatchSignals starts counting the signals from sigs; cancelFirst says whether the
// first one cancels Context (docker lets stats and attach run until the third).
func WatchSignals(ctx context.Context, sigs <-chan os.Signal, cancelFirst bool) *SignalWatch {
	w := &SignalWatch{forced: make(chan struct{}), interrupted: make(chan struct{}), quit: make(chan struct{}), done: make(chan struct{})}
	w.ctx, w.cancel = context.WithCancel(ctx)
	go func() {
		for n := 1; ; n++ {
			var sig os.Signal
			select {
			case sig = <-sigs:
			case <-w.done:
				return
			}
			if sig == syscall.SIGQUIT {
				// ends the command with no Go stack trace (Go's default prints one)
				close(w.quit)
				w.cancel()
				return
			}
			switch {
			case n == 1 && cancelFirst:
				w.mu.Lock()
				w.first, _ = sig.(syscall.Signal)
				w.mu.Unlock()
				close(w.interrupted)
				w.cancel()
			case n == 3:
				close(w.forced)
				w.cancel()
				return
			}
		}
	}()
	return w
}

// Context is cancelled by the first signal (when it is to) and by the third.
func (w *SignalWatch) Context() context.Context { return w.ctx }

// Interrupted is closed on the first signal when it cancels the context.
func (w *SignalWatch) Interrupted() <-chan struct{} { return w.interrupted }

// Quit is closed on a SIGQUIT, when sigs carries them.
func (w *SignalWatch) Quit() <-chan struct{} { return w.quit }

// Forced is closed on the third signal.
func (w *SignalWatch) Forced() <-chan struct{} { return w.forced }

// Caught is the first signal when it cancelled the context, 0 otherwise.
func (w *SignalWatch) Caught() syscall.Signal {
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
