package root

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/commands"
)

// TestSignalsHandledByCommand: the root takes SIGINT/SIGTERM over for commands that wait
// on the engine, never for those that proxy signals to a container, and for the others
// only when SIGINT started ignored; global flags before the command are skipped.
func TestSignalsHandledByCommand(t *testing.T) {
	for args, want := range map[string][2]bool{ // handled when SIGINT is [not ignored, ignored]
		"run -it bb sh":                    {false, false},
		"container run bb":                 {false, false},
		"-H unix:///x.sock start -a c":     {false, false},
		"--context=foo attach c":           {false, false},
		"-l debug container exec -i c cat": {false, false},
		"events":                           {true, true},
		"system events --since 1h":         {true, true},
		"stats":                            {true, true},
		"logs -f c":                        {true, true},
		"container wait c":                 {true, true},
		"--config /run ps":                 {false, true}, // "/run" is --config's value
		"ps":                               {false, true},
		"container":                        {false, true},
		"-D version":                       {false, true},
		"--version":                        {false, true},
		"":                                 {false, true},
		"image ls run":                     {false, true},
		"nosuch":                           {false, true},
	} {
		for i, ignored := range []bool{false, true} {
			root := NewRootCommand(newTestCli())
			target := bindTarget(root, strings.Fields(args))
			if got := signalsHandled(target, ignored); got != want[i] {
				t.Errorf("%q (SIGINT ignored: %v): handled %v, want %v", args, ignored, got, want[i])
			}
		}
	}
}

// signalsTestRoot is a root whose one command waits for its context (or, when
// stubborn, for release) and returns err.
func signalsTestRoot(stubborn bool, release chan struct{}, err error) (*cobra.Command, chan struct{}) {
	started := make(chan struct{})
	root := &cobra.Command{Use: "docker", SilenceErrors: true, SilenceUsage: true}
	root.AddCommand(&cobra.Command{Use: "wait", RunE: func(c *cobra.Command, _ []string) error {
		close(started)
		if stubborn {
			<-release
		} else {
			<-c.Context().Done()
		}
		return err
	}})
	root.SetArgs([]string{"wait"})
	return root, started
}

// TestSignalsCancelThenForce: the first signal cancels the command and skiff exits with
// 128+signal and prints nothing, whatever the command returned; a command that ignores
// the cancellation is ended by the third signal with status 1 and docker's message.
func TestSignalsCancelThenForce(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		root, started := signalsTestRoot(false, nil, errors.New("context canceled"))
		sigs := make(chan os.Signal, 3)
		var errb bytes.Buffer
		go func() { <-started; sigs <- sig }()
		err := executeWatched(context.Background(), root, sigs, &errb, true, nil)
		if code, msg := commands.ExitCode(err), commands.Message(err); code != 128+int(sig) || msg != "" || errb.Len() != 0 {
			t.Errorf("%s: exit %d, message %q, stderr %q", sig, code, msg, errb.String())
		}
	}

	release := make(chan struct{})
	defer close(release)
	root, started := signalsTestRoot(true, release, nil)
	sigs := make(chan os.Signal, 3)
	var errb bytes.Buffer
	go func() {
		<-started
		sigs <- syscall.SIGINT
		sigs <- syscall.SIGTERM
		sigs <- syscall.SIGINT
	}()
	err := executeWatched(context.Background(), root, sigs, &errb, true, nil)
	if code := commands.ExitCode(err); code != 1 || commands.Message(err) != "" ||
		errb.String() != "\ngot 3 SIGTERM/SIGINTs, forcefully exiting\n" {
		t.Errorf("three signals: exit %d, stderr %q", code, errb.String())
	}

	// No signal: the command's own result.
	root, _ = signalsTestRoot(true, closedChan(), errors.New("boom"))
	if err := executeWatched(context.Background(), root, make(chan os.Signal), &errb, true, nil); err == nil || err.Error() != "boom" {
		t.Errorf("no signal: %v", err)
	}
}

func closedChan() chan struct{} { c := make(chan struct{}); close(c); return c }

// TestSignalsStatsRunsToTheThird: docker 28's stats is not cancelled by the first two
// signals; the third ends it.
func TestSignalsStatsRunsToTheThird(t *testing.T) {
	for args, want := range map[string]bool{"stats": false, "container stats -a": false, "events": true, "logs -f c": true} {
		root := NewRootCommand(newTestCli())
		target := bindTarget(root, strings.Fields(args))
		if !signalsHandled(target, false) || signalsCancelFirst(target) != want {
			t.Errorf("%q: handled %v, cancelled by the first signal %v, want %v", args, signalsHandled(target, false), signalsCancelFirst(target), want)
		}
	}
	root, started := signalsTestRoot(false, nil, nil) // waits for its context
	sigs := make(chan os.Signal, 3)
	var errb bytes.Buffer
	second := make(chan struct{})
	go func() {
		<-started
		sigs <- syscall.SIGINT
		sigs <- syscall.SIGINT
		close(second)
		sigs <- syscall.SIGINT
	}()
	err := executeWatched(context.Background(), root, sigs, &errb, false, nil)
	<-second
	if code := commands.ExitCode(err); code != 1 || errb.String() != "\ngot 3 SIGTERM/SIGINTs, forcefully exiting\n" {
		t.Errorf("stats after three signals: exit %d, stderr %q", code, errb.String())
	}
}

// TestSignalsWhilePrompting: a SIGINT or SIGTERM while a question is open is the
// question's (commands.Confirm ends the command with status 0), not a cancellation.
func TestSignalsWhilePrompting(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		release := make(chan struct{})
		root, started := signalsTestRoot(true, release, nil)
		sigs := make(chan os.Signal, 1)
		asked := make(chan struct{}) // the watch asked whether a question is open
		var once sync.Once
		prompting := func() bool {
			once.Do(func() { close(asked) })
			return true
		}
		go func() {
			<-started
			sigs <- sig
			select {
			case <-asked:
			case <-time.After(5 * time.Second): // not asked: the signal cancels (the failure)
			}
			close(release)
		}()
		var errb bytes.Buffer
		err := executeWatched(context.Background(), root, sigs, &errb, true, prompting)
		if err != nil || errb.Len() != 0 {
			t.Errorf("%s while prompting: exit %d, stderr %q", sig, commands.ExitCode(err), errb.String())
		}
	}
}
