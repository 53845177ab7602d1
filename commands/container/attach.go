package container

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/moby/moby/api/types/container"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
)

// attachOptions are the flags and argument of docker attach.
type attachOptions struct {
	noStdin    bool
	proxy      bool
	detachKeys string
	container  string
}

func newAttachCommand(cli commands.Cli) *cobra.Command {
	opts := &attachOptions{}
	cmd := &cobra.Command{
		Use:         "attach [OPTIONS] CONTAINER",
		Short:       "Attach local standard input, output, and error streams to a running container",
		Args:        commands.ExactArgs(1),
		Annotations: map[string]string{"aliases": "docker container attach, docker attach", commands.AnnotationProxiesSignals: "true"},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.container = args[0]
			return runAttach(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.StringVar(&opts.detachKeys, "detach-keys", "", "Override the key sequence for detaching a container")
		flags.BoolVar(&opts.noStdin, "no-stdin", false, "Do not attach STDIN")
		flags.BoolVar(&opts.proxy, "sig-proxy", true, "Proxy all received signals to the process")
	})
	return cmd
}

// streamCheckAttachable is docker's refusal to attach to a container that
// is not running.
func streamCheckAttachable(c container.InspectResponse) error {
	if c.State == nil {
		return nil
	}
	switch {
	case !c.State.Running:
		return errors.New("You cannot attach to a stopped container, start it first")
	case c.State.Paused:
		return errors.New("You cannot attach to a paused container, unpause it first")
	case c.State.Restarting:
		return errors.New("You cannot attach to a restarting container, wait until it is running")
	}
	return nil
}

// streamDetachKeys is --detach-keys, else config.json's detachKeys.
func streamDetachKeys(cli commands.Cli, flag string) string {
	if flag != "" {
		return flag
	}
	if cf := cli.ConfigFile(); cf != nil {
		return cf.DetachKeys
	}
	return ""
}

// streamCheckTTY is docker's check that a TTY session reads from a terminal.
func streamCheckTTY(cli commands.Cli, attachStdin, tty bool) error {
	if tty && attachStdin && !cli.In().IsTerminal() {
		return errors.New("the input device is not a TTY")
	}
	return nil
}

func runAttach(ctx context.Context, cli commands.Cli, opts *attachOptions) error {
	// until the session counts them, SIGINT/SIGTERM do not cancel attach (as
	// docker's); the third ends it
	early := streamWatchEarly(ctx, false)
	defer early.release()
	return early.outcome(attachWatched(early, cli, opts))
}

func attachWatched(early *streamEarly, cli commands.Cli, opts *attachOptions) error {
	ctx := early.ctx
	c, err := cli.Client()
	if err != nil {
		return err
	}
	// registered first, so that the exit status is known however fast the
	// container ends once attached.
	waitCtx, cancelWait := context.WithCancel(ctx)
	defer cancelWait()
	resultC, errC := c.ContainerWait(waitCtx, opts.container, "")

	info, _, err := c.ContainerInspect(ctx, opts.container, false)
	if err != nil {
		return err
	}
	if err := streamCheckAttachable(info); err != nil {
		return err
	}
	tty := info.Config != nil && info.Config.Tty
	openStdin := info.Config != nil && info.Config.OpenStdin
	if err := streamCheckTTY(cli, !opts.noStdin, tty); err != nil {
		return err
	}
	keys := streamDetachKeys(cli, opts.detachKeys)
	attachStdin := !opts.noStdin && openStdin
	resp, err := c.ContainerAttach(ctx, opts.container, client.AttachOptions{
		Stream: true, Stdin: attachStdin, Stdout: true, Stderr: true, DetachKeys: keys,
	})
	if err != nil {
		return err
	}
	// like docker: check again once attached, so that a container that
	// stopped in between is reported instead of waited on (and a daemon that
	// died is reported as unreachable).
	if info, _, err := c.ContainerInspect(ctx, opts.container, false); err != nil {
		resp.Close()
		return err
	} else if err := streamCheckAttachable(info); err != nil {
		resp.Close()
		return err
	}
	if opts.proxy && !tty {
		stop := streamProxySignals(ctx, func(ctx context.Context, sig string) error {
			return c.ContainerKill(ctx, opts.container, sig)
		})
		defer stop()
	}
	sess, err := streamOpen(cli, streamConfig{
		resp: resp, tty: tty, stdin: attachStdin, stdout: cli.Out(), stderr: cli.Err(), detachKeys: keys,
		resize: func(ctx context.Context, h, w uint) error { return c.ContainerResize(ctx, opts.container, h, w) },
	})
	if err != nil {
		resp.Close()
		return err
	}
	early.handOver()
	defer sess.close()
	sess.monitorSize(ctx)
	if err := sess.wait(ctx); err != nil {
		return err
	}
	return streamExitStatus(resultC, errC)
}

// streamExitStatus waits for the container's wait answer: a non-zero code
// is the command's exit status (nothing printed). A failed wait is
// returned as is (attach), or, for run and start (waitFailed), reported as
// docker does: "error waiting for container: ..." with exit 125.
func streamExitStatus(resultC <-chan container.WaitResponse, errC <-chan error, waitFailed ...bool) error {
	select {
	case res := <-resultC:
		if res.StatusCode != 0 {
			return commands.Silent(int(res.StatusCode))
		}
		return nil
	case err := <-errC:
		var we *client.WaitError
		var de *client.DecodeError
		broken := errors.As(err, &de) // the stream broke: say how, not where
		if len(waitFailed) > 0 && waitFailed[0] {
			prefix, msg := "error waiting for container: ", err.Error()
			if errors.As(err, &we) {
				prefix = "Error waiting for container: "
			} else if broken {
				msg = de.Err.Error()
			}
			// docker logs it (logrus's text format) and exits 125
			return commands.StatusError{Status: streamLogError(prefix + msg), StatusCode: 125, Cause: err}
		}
		if errors.As(err, &we) {
			return commands.Exit(125, err)
		}
		if broken {
			return de.Err
		}
		return err
	}
}

// streamLogError is msg as docker's error log line reads on a non-terminal:
// time="<RFC 3339>" level=error msg="...".
func streamLogError(msg string) string {
	return fmt.Sprintf("time=%q level=error msg=%q", time.Now().Format(time.RFC3339), msg)
}
