package container

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
)

// streamRegisterTimeout bounds how long run and start -a hold the start back for
// the engine to confirm their wait. A working engine confirms at once; one that
// answers the headers only at the exit (as engines before API 1.30 do), late or
// never must not keep the container from starting.
const streamRegisterTimeout = 2 * time.Second

// streamWaiter is how run, start -a and attach learn their container's exit
// status: POST /containers/{id}/wait, or at API < 1.30 the container's die and
// destroy events, as docker 28 does. It never blocks its caller.
type streamWaiter struct {
	registered <-chan struct{} // closed when the engine confirmed the wait (stays open if it failed)
	failed     <-chan struct{} // closed when the wait failed before being confirmed
	status     chan error      // one value: nil (exit 0), commands.Silent(code), or the wait's failure
}

// streamWaitOptions say what to wait for and how to report it.
type streamWaitOptions struct {
	condition string // "next-exit", "removed", "" (the engine's default)
	// autoRemove: the container goes with its exit (--rm); at API < 1.25, where the
	// engine cannot do it, the client removes it, as docker does.
	autoRemove bool
	// logTo: a failed wait is logged there at once in docker's error-log shape
	// and the status is 125 (run, start -a); nil: the failure is the status (attach).
	logTo io.Writer
}

// streamWait starts waiting for id's exit.
func streamWait(ctx context.Context, c *client.Client, id string, o streamWaitOptions) *streamWaiter {
	if o.logTo != nil && client.VersionLess(c.ClientVersion(), "1.30") {
		return streamWaitEvents(ctx, c, id, o)
	}
	w := c.ContainerWaitAsync(ctx, id, o.condition)
	failed := make(chan struct{})
	sw := &streamWaiter{registered: w.Registered, failed: failed, status: make(chan error, 1)}
	go func() {
		select {
		case res := <-w.Result:
			sw.status <- streamExitCode(int(res.StatusCode))
		case err := <-w.Err:
			select {
			case <-w.Registered:
			default:
				close(failed)
			}
			if ctx.Err() != nil { // the command gave up the wait: nothing to report
				sw.status <- err
				return
			}
			sw.status <- streamWaitFailure(err, o.logTo)
		}
	}()
	return sw
}

// beforeStart holds the start (the attach, for attach) back until the wait is confirmed, has failed (the
// failure is the status, reported when docker does: after the output), the
// bound has passed, or ctx is done.
func (w *streamWaiter) beforeStart(ctx context.Context) {
	t := time.NewTimer(streamRegisterTimeout)
	defer t.Stop()
	select {
	case <-w.registered:
	case <-w.failed:
	case <-t.C:
	case <-ctx.Done():
	}
}

// exitStatus waits for the status; interrupted (nil: never) ends the wait
// with exit 0, as docker's start -a does at the first SIGINT.
func (w *streamWaiter) exitStatus(interrupted <-chan struct{}) error {
	select {
	case err := <-w.status:
		return err
	case <-interrupted:
		return nil
	}
}

// streamExitCode is the command's status for the container's exit code.
func streamExitCode(code int) error {
	if code != 0 {
		return commands.Silent(code)
	}
	return nil
}

// streamWaitFailure is the status of a failed wait: for run and start -a
// (logTo set) docker logs it at once and exits 125; attach returns it.
func streamWaitFailure(err error, logTo io.Writer) error {
	var we *client.WaitError
	var de *client.DecodeError
	broken := errors.As(err, &de) // the stream broke: say how, not where
	if logTo != nil {
		prefix, msg := "error waiting for container: ", err.Error()
		if errors.As(err, &we) {
			prefix = "Error waiting for container: "
		} else if broken {
			msg = de.Err.Error()
		}
		fmt.Fprintln(logTo, streamLogError(prefix+msg))
		return commands.Silent(125)
	}
	if errors.As(err, &we) {
		return commands.Exit(125, err)
	}
	if broken {
		return de.Err
	}
	return err
}

// streamWaitEvents waits on the container's events, as docker does with engines
// before API 1.30, whose wait answers only at the exit: the status is the die
// event's exit code; with autoRemove, the wait goes on to the destroy event (and
// below API 1.25 the client removes the container itself). A failure is logged
// and the status is 125.
func streamWaitEvents(ctx context.Context, c *client.Client, id string, o streamWaitOptions) *streamWaiter {
	registered := make(chan struct{})
	failed := make(chan struct{})
	sw := &streamWaiter{registered: registered, failed: failed, status: make(chan error, 1)}
	removeHere := o.autoRemove && client.VersionLess(c.ClientVersion(), "1.25")
	go func() {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		stream, err := c.Events(ctx, client.EventsOptions{Filters: client.NewFilters(
			[2]string{"container", id}, [2]string{"type", "container"})})
		if err != nil {
			// logged before the failure is known: run -d goes on and returns at once
			fmt.Fprintln(o.logTo, streamLogError("error getting events from daemon: "+err.Error()))
			close(failed)
			sw.status <- commands.Silent(125)
			return
		}
		defer stream.Close()
		close(registered)
		code := 125
		removed := make(chan error, 1)
		for {
			ev, err := stream.Next()
			if err != nil && ctx.Err() != nil && len(removed) == 0 {
				sw.status <- err // the command gave up the wait
				return
			}
			if err != nil {
				select {
				case err := <-removed: // the removal failed: the die's code stands
					fmt.Fprintln(o.logTo, streamLogError("error removing container: "+err.Error()))
				default:
					// after the die, its code stands (docker 28: the error logged, exit 4)
					fmt.Fprintln(o.logTo, streamLogError("error getting events from daemon: "+err.Error()))
				}
				sw.status <- streamExitCode(code)
				return
			}
			action := string(ev.Action)
			if action == "" {
				action = ev.Status
			}
			switch action {
			case "die":
				if n, err := strconv.Atoi(ev.Actor.Attributes["exitCode"]); err == nil {
					code = n
				} else if n, ok := streamInspectExit(ctx, c, id); ok {
					// engines before API 1.22 send the die without its code (docker 28
					// exits 125 there): the container's state still has it
					code = n
				}
				if !o.autoRemove {
					sw.status <- streamExitCode(code)
					return
				}
				if removeHere {
					go func() {
						if err := c.ContainerRemove(ctx, id, client.RemoveOptions{RemoveVolumes: true}); err != nil {
							removed <- err
							cancel() // ends the events: no destroy will come
						}
					}()
				}
			case "detach":
				sw.status <- nil
				return
			case "destroy":
				sw.status <- streamExitCode(code)
				return
			}
		}
	}()
	return sw
}

// streamInspectExit is the exit code of a container that died, from its state.
func streamInspectExit(ctx context.Context, c *client.Client, id string) (int, bool) {
	ins, _, err := c.ContainerInspect(ctx, id, false)
	if err != nil || ins.State == nil {
		return 0, false
	}
	return ins.State.ExitCode, true
}
