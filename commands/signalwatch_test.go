package commands

import (
	"context"
	"os"
	"syscall"
	"testing"
)

// The first signal cancels, the third forces; a SIGQUIT ends the watch at once.
func TestSignalWatch(t *testing.T) {
	sigs := make(chan os.Signal, 3)
	w := WatchSignals(context.Background(), sigs, true, nil)
	defer w.Release()
	sigs <- syscall.SIGINT
	<-w.Interrupted()
	if w.Caught() != syscall.SIGINT || w.Context().Err() == nil {
		t.Fatalf("first SIGINT: caught %v, ctx %v", w.Caught(), w.Context().Err())
	}
	sigs <- syscall.SIGTERM
	sigs <- syscall.SIGINT
	<-w.Forced()

	q := make(chan os.Signal, 1)
	wq := WatchSignals(context.Background(), q, false, nil)
	defer wq.Release()
	q <- syscall.SIGQUIT
	<-wq.Quit()
	if wq.Context().Err() == nil {
		t.Fatal("SIGQUIT did not cancel the command")
	}
	select {
	case <-wq.Forced():
		t.Fatal("SIGQUIT counted as an interrupt")
	default:
	}
}
