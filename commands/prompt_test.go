package commands

import (
	"bytes"
	"io"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/skiff-cli/skiff/streams"
)

const testQuestion = "WARNING! x.\nAre you sure you want to continue? [y/N] "

// notifyingWriter records what is written and says when the first write came.
type notifyingWriter struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	wrote chan struct{}
	once  sync.Once
}

func (w *notifyingWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	defer w.once.Do(func() { close(w.wrote) })
	return w.buf.Write(p)
}

func (w *notifyingWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

func promptCli(stdin io.Reader, out io.Writer) *DockerCli {
	return NewDockerCli(streams.NewTestIn(stdin, false), streams.NewTestOut(out, false), streams.NewTestOut(io.Discard, false))
}

func TestConfirmAnswers(t *testing.T) {
	for in, want := range map[string]bool{
		"y\n": true, "Y\n": true, " y \n": true, "y": true, "y\r\n": true, "y\nmore\n": true,
		"": false, "\n": false, "n\n": false, "yes\n": false, "yy\n": false, "y x\n": false, "N\n": false,
	} {
		var out bytes.Buffer
		if got := Confirm(promptCli(strings.NewReader(in), &out), testQuestion); got != want {
			t.Errorf("answer %q: confirmed %v, want %v", in, got, want)
		}
		// nothing after the question: the answer's newline is the terminal's echo
		if out.String() != testQuestion {
			t.Errorf("answer %q: printed %q", in, out.String())
		}
	}
}

// TestConfirmLeavesTheRest: only the answer's line is read from stdin.
func TestConfirmLeavesTheRest(t *testing.T) {
	in := strings.NewReader("y\nrest")
	if !Confirm(promptCli(in, io.Discard), testQuestion) {
		t.Fatal("not confirmed")
	}
	if rest, _ := io.ReadAll(in); string(rest) != "rest" {
		t.Errorf("left %q on stdin", rest)
	}
}

// TestConfirmSignal: a SIGINT or SIGTERM at the question declines it after a newline,
// as docker 28 does; the process is not killed by it (the test would die).
func TestConfirmSignal(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			stdin, w := io.Pipe() // an answer that never comes
			defer w.Close()
			out := &notifyingWriter{wrote: make(chan struct{})}
			done := make(chan bool, 1)
			go func() { done <- Confirm(promptCli(stdin, out), testQuestion) }()
			// The question is printed once the handler is installed.
			<-out.wrote
			if err := syscall.Kill(os.Getpid(), sig); err != nil {
				t.Fatal(err)
			}
			select {
			case got := <-done:
				if got {
					t.Error("confirmed")
				}
			case <-time.After(10 * time.Second):
				t.Fatal("Confirm did not return on the signal")
			}
			if got := out.String(); got != testQuestion+"\n" {
				t.Errorf("printed %q", got)
			}
		})
	}
}

// TestConfirmSignalChannel: the answer and a signal race no further than one select.
func TestConfirmSignalChannel(t *testing.T) {
	stdin, w := io.Pipe()
	defer w.Close()
	sigs := make(chan os.Signal, 1)
	sigs <- syscall.SIGINT
	var out bytes.Buffer
	if confirm(promptCli(stdin, &out), testQuestion, sigs) {
		t.Error("confirmed")
	}
	if out.String() != testQuestion+"\n" {
		t.Errorf("printed %q", out.String())
	}
}
