package container

import (
	"context"
	"errors"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/streams"
)

// streamConfig describes one hijacked session (attach, start -a, exec, run).
type streamConfig struct {
	resp *client.HijackedResponse
	// tty: the output is the raw terminal stream (else stdcopy frames).
	tty bool
	// stdin: copy the local standard input to the connection.
	stdin bool
	// stdout, stderr receive the container's streams; nil discards one.
	stdout, stderr io.Writer
	// detachKeys is the --detach-keys / config.json spec; "" = ctrl-p,ctrl-q.
	detachKeys string
	// resize tells the engine the terminal's size; nil when there is nothing to resize.
	resize func(ctx context.Context, height, width uint) error
	// redraw: the first size goes out one row and column larger, then as it is, so
	// that the process sees a real change (SIGWINCH) and redraws its screen, as
	// docker 28's attach does: a shell waiting at its prompt shows it at once.
	redraw bool
	// signals is the command's signal handling: the session ends on its third
	// SIGINT/SIGTERM and puts the terminal back before a signal ends the process.
	signals *streamSignals
	// endOnInterrupt: the first SIGINT/SIGTERM ends the session (wait returns
	// streamInterrupted), as docker 28's start -a and exec do; run and attach
	// go on until the third.
	endOnInterrupt bool
}

// streamSession is a running session: output copied to the local streams,
// stdin (through the detach-keys proxy on a terminal) to the connection,
// half-closed at EOF. The local terminal is raw while it runs and restored
// when it ends, whatever way it ends.
type streamSession struct {
	cli     commands.Cli
	cfg     streamConfig
	outDone chan error
	inDone  chan error
	stop    chan struct{} // closed by close()

	raw         bool
	restoreOnce sync.Once
	closeOnce   sync.Once
}

// streamForcedExit is docker 28's answer to a third SIGINT/SIGTERM while a
// session runs (the first two are left to the signal proxy, if any).
var streamForcedExit = commands.StatusError{Status: commands.ForcedExitMessage, StatusCode: 1}

// streamInterrupted is what wait returns when the first SIGINT/SIGTERM ended a
// session opened with endOnInterrupt: docker 28 then exits 0 and prints nothing.
var streamInterrupted = errors.New("interrupted")

// streamOpen starts copying both ways. The caller must call close (defer
// it: it restores the terminal also when a panic unwinds).
func streamOpen(cli commands.Cli, cfg streamConfig) (*streamSession, error) {
	s := &streamSession{cli: cli, cfg: cfg, outDone: make(chan error, 1), inDone: make(chan error, 1),
		stop: make(chan struct{})}
	in := cli.In()
	if cfg.tty && cfg.stdin && in.IsTerminal() {
		if err := in.SetRawTerminal(); err != nil {
			close(s.stop)
			return nil, err
		}
		_ = cli.Out().SetRawTerminal()
		s.raw = true
	}
	cfg.signals.session(cfg.endOnInterrupt, s.restore)
	go s.copyOutput()
	if cfg.stdin {
		go s.copyInput()
	}
	return s, nil
}

// restoreOnPanic is deferred first in every goroutine of a session: a
// panic there would end the process without running the command's defers.
func (s *streamSession) restoreOnPanic() {
	if r := recover(); r != nil {
		s.restore()
		panic(r)
	}
}

// restore puts the local terminal back in the mode it had.
func (s *streamSession) restore() {
	s.restoreOnce.Do(func() {
		if s.raw {
			s.cli.In().RestoreTerminal()
			s.cli.Out().RestoreTerminal()
		}
	})
}

func (s *streamSession) copyOutput() {
	defer s.restoreOnPanic()
	stdout, stderr := s.cfg.stdout, s.cfg.stderr
	if stdout == nil {
		stdout = io.Discard
	}
	if stderr == nil {
		stderr = io.Discard
	}
	var err error
	if s.cfg.tty {
		_, err = io.Copy(stdout, s.cfg.resp.Reader)
	} else {
		_, err = client.Demux(stdout, stderr, s.cfg.resp.Reader)
	}
	s.outDone <- err
}

func (s *streamSession) copyInput() {
	defer s.restoreOnPanic()
	var in io.Reader = s.cli.In()
	if s.cfg.tty && s.cli.In().IsTerminal() {
		keys := streams.DefaultEscapeKeys
		if s.cfg.detachKeys != "" {
			if k, err := streams.ParseEscapeKeys(s.cfg.detachKeys); err == nil {
				keys = k
			}
		}
		in = streams.NewEscapeProxy(in, keys)
	}
	_, err := io.Copy(struct{ io.Writer }{s.cfg.resp.Conn}, in)
	var esc streams.EscapeError
	if errors.As(err, &esc) {
		s.inDone <- err
		return
	}
	// stdin ended (or failed): the container sees EOF, its output goes on.
	_ = s.cfg.resp.CloseWrite()
	s.inDone <- err
}

// monitorSize sends the terminal's size now (retrying a few times: the
// process may not exist yet) and on every SIGWINCH until the session ends.
func (s *streamSession) monitorSize(ctx context.Context) {
	if s.cfg.resize == nil || !s.cfg.tty || !s.cli.Out().IsTerminal() {
		return
	}
	send := func() error {
		h, w := s.cli.Out().GetTtySize()
		if h == 0 && w == 0 {
			return nil
		}
		return s.cfg.resize(ctx, h, w)
	}
	// retry: the process may not exist yet, or a loaded engine may refuse a resize for
	// a moment; each attempt reads the terminal's current size
	retry := func() {
		for i := 1; i < 10; i++ {
			select {
			case <-time.After(time.Duration(i*i) * 10 * time.Millisecond):
			case <-s.stop:
				return
			}
			if send() == nil {
				return
			}
		}
	}
	// listen before the first size goes out: a resize right after it must not be lost
	winch := make(chan os.Signal, 1)
	signal.Notify(winch, syscall.SIGWINCH)
	if h, w := s.cli.Out().GetTtySize(); s.cfg.redraw && (h != 0 || w != 0) {
		// its failure is the next send's to report (and retry)
		_ = s.cfg.resize(ctx, h+1, w+1)
	}
	if err := send(); err != nil {
		go func() {
			defer s.restoreOnPanic()
			retry()
		}()
	}
	go func() {
		defer s.restoreOnPanic()
		defer signal.Stop(winch)
		for {
			select {
			case <-winch:
				if send() != nil {
					retry()
				}
			case <-s.stop:
				return
			case <-ctx.Done():
				return
			}
		}
	}()
}

// wait returns when the output ends (nil, or the read error), when the
// detach keys were typed (streams.EscapeError) or when ctx is done. It
// restores the terminal before returning.
func (s *streamSession) wait(ctx context.Context) error {
	var err error
	select {
	case err = <-s.outDone:
	case err = <-s.inDone:
		var esc streams.EscapeError
		if errors.As(err, &esc) {
			break
		}
		// stdin ended first: the output goes on until the container closes it.
		select {
		case err = <-s.outDone:
		case <-s.cfg.signals.Forced():
			err = streamForcedExit
		case <-s.interrupts():
			err = streamInterrupted
		case <-ctx.Done():
			err = ctx.Err()
		}
	case <-s.cfg.signals.Forced():
		err = streamForcedExit
	case <-s.interrupts():
		err = streamInterrupted
	case <-ctx.Done():
		err = ctx.Err()
	}
	s.close()
	return err
}

// close restores the terminal and closes the connection; safe to call
// more than once.
func (s *streamSession) close() {
	s.restore()
	s.closeOnce.Do(func() {
		close(s.stop)
		_ = s.cfg.resp.Close()
	})
}

// interrupts is closed by the first SIGINT/SIGTERM when it ends the session
// (endOnInterrupt); nil (never) otherwise.
func (s *streamSession) interrupts() <-chan struct{} {
	if !s.cfg.endOnInterrupt {
		return nil
	}
	return s.cfg.signals.Interrupted()
}

// streamIsDetach reports whether err is the detach keys having been typed.
func streamIsDetach(err error) bool {
	var esc streams.EscapeError
	return errors.As(err, &esc)
}
