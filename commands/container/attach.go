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
	"github.com/skiff-cli/skiff/completion"
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
		Use:               "attach [OPTIONS] CONTAINER",
		Short:             "Attach local standard input, output, and error streams to a running container",
		Args:              commands.ExactArgs(1),
		ValidArgsFunction: completion.ContainerNames(cli, completion.Unpaused),
		Annotations:       map[string]string{"aliases": "docker container attach, docker attach", commands.AnnotationProxiesSignals: "true"},
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
	// SIGINT/SIGTERM do not cancel attach (as docker's); the third ends it
	sigs := streamWatch(ctx, false)
	defer sigs.release()
	return sigs.run(func() error { return attachWatched(sigs, cli, opts) })
}

func attachWatched(sigs *streamSignals, cli commands.Cli, opts *attachOptions) error {
	ctx := sigs.ctx
	c, err := cli.Client()
	if err != nil {
		return err
	}
	// registered first, so that the exit status is known however fast the
	// container ends once attached (an engine that does not confirm it holds
	// the attach back only so long)
	waitCtx, cancelWait := context.WithCancel(ctx)
	defer cancelWait()
	waiter := streamWait(waitCtx, c, opts.container, streamWaitOptions{})
	waiter.beforeStart(ctx)

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
	// like docker: signals go to the container from here on (not in TTY mode),
	// also those that come while the attach is answered
	var kill func(ctx context.Context, sig string) error
	if opts.proxy && !tty {
		kill = func(ctx context.Context, sig string) error { return c.ContainerKill(ctx, opts.container, sig) }
	}
	sigs.known(kill)
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
	sess, err := streamOpen(cli, streamConfig{
		resp: resp, tty: tty, stdin: attachStdin, stdout: cli.Out(), stderr: cli.Err(), detachKeys: keys, signals: sigs,
		resize: func(ctx context.Context, h, w uint) error { return c.ContainerResize(ctx, opts.container, h, w) },
		redraw: true,
	})
	if err != nil {
		resp.Close()
		return err
	}
	defer sess.close()
	sess.monitorSize(ctx)
	if err := sess.wait(ctx); err != nil {
		return err
	}
	return waiter.exitStatus(nil)
}

// streamLogError is msg as docker's error log line reads on a non-terminal:
// time="<RFC 3339>" level=error msg="...".
func streamLogError(msg string) string {
	return fmt.Sprintf("time=%q level=error msg=%q", time.Now().Format(time.RFC3339), msg)
}
