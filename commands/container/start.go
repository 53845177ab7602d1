package container

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
)

// startOptions are the flags and arguments of docker start.
type startOptions struct {
	attach      bool
	interactive bool
	detachKeys  string
	containers  []string
}

func newStartCommand(cli commands.Cli) *cobra.Command {
	opts := &startOptions{}
	cmd := &cobra.Command{
		Use:               "start [OPTIONS] CONTAINER [CONTAINER...]",
		Short:             "Start one or more stopped containers",
		Args:              commands.RequiresMinArgs(1),
		ValidArgsFunction: completion.ContainerNames(cli, completion.Stopped),
		Annotations:       map[string]string{"aliases": "docker container start, docker start", commands.AnnotationProxiesSignals: "true"},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.containers = args
			return runStart(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.BoolVarP(&opts.attach, "attach", "a", false, "Attach STDOUT/STDERR and forward signals")
		flags.StringVar(&opts.detachKeys, "detach-keys", "", "Override the key sequence for detaching a container")
		flags.BoolVarP(&opts.interactive, "interactive", "i", false, "Attach container's STDIN")
	})
	return cmd
}

func runStart(ctx context.Context, cli commands.Cli, opts *startOptions) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	// until the container is known, SIGINT/SIGTERM cancel the requests:
	// 128+signal, silently, as docker
	sigs := streamWatch(ctx, true)
	defer sigs.release()
	ctx = sigs.ctx
	if opts.attach || opts.interactive {
		if len(opts.containers) > 1 {
			return errors.New("you cannot start and attach multiple containers at once")
		}
		return sigs.run(func() error { return startAttached(sigs, cli, c, opts, opts.containers[0]) })
	}
	var failed []string
	for _, name := range opts.containers {
		if err := c.ContainerStart(ctx, name); err != nil {
			fmt.Fprintln(cli.Err(), err)
			failed = append(failed, name)
			continue
		}
		fmt.Fprintln(cli.Out(), name)
	}
	if len(failed) > 0 {
		return errors.New("Error: failed to start containers: " + strings.Join(failed, ", "))
	}
	return nil
}

// startAttached is start -a / -i: attach first (no output lost), register
// the wait, start, then hold the session and exit with the container's code.
func startAttached(sigs *streamSignals, cli commands.Cli, c *client.Client, opts *startOptions, name string) error {
	ctx := sigs.ctx
	info, _, err := c.ContainerInspect(ctx, name, false)
	if err != nil {
		return err
	}
	id := info.ID
	if id == "" {
		id = name
	}
	tty := info.Config != nil && info.Config.Tty
	openStdin := info.Config != nil && info.Config.OpenStdin
	autoRemove := info.HostConfig != nil && info.HostConfig.AutoRemove
	// like docker: signals go to the container from here on (not in TTY mode),
	// also those that come while the attach is answered
	var kill func(ctx context.Context, sig string) error
	if !tty {
		kill = func(ctx context.Context, sig string) error { return c.ContainerKill(ctx, id, sig) }
	}
	sigs.known(kill)
	// unlike run, exec and attach, docker's start -i does not insist on a
	// terminal for a TTY container: a pipe is copied as it is
	attachStdin := opts.interactive && openStdin
	keys := streamDetachKeys(cli, opts.detachKeys)
	resp, err := c.ContainerAttach(ctx, id, client.AttachOptions{
		Stream: true, Stdin: attachStdin, Stdout: true, Stderr: true, DetachKeys: keys,
	})
	if err != nil {
		return err
	}
	sess, err := streamOpen(cli, streamConfig{
		resp: resp, tty: tty, stdin: attachStdin, stdout: cli.Out(), stderr: cli.Err(), detachKeys: keys,
		resize: func(ctx context.Context, h, w uint) error { return c.ContainerResize(ctx, id, h, w) },
		// docker 28's start -a ends at the first SIGINT/SIGTERM (after handing it to
		// the proxy), exit 0, the container left running
		signals: sigs, endOnInterrupt: true,
	})
	if err != nil {
		resp.Close()
		return err
	}
	defer sess.close()

	waitCtx, cancelWait := context.WithCancel(ctx)
	defer cancelWait()
	waiter := streamWait(waitCtx, c, id, streamWaitOptions{condition: "next-exit", autoRemove: autoRemove, logTo: cli.Err()})
	waiter.beforeStart(ctx)
	select {
	case <-sigs.Interrupted(): // before the start: docker's start request is cancelled
		return commands.Silent(128 + int(sigs.First()))
	default:
	}
	if err := c.ContainerStart(ctx, id); err != nil {
		sess.close()
		return err
	}
	sess.monitorSize(ctx)
	if err := sess.wait(ctx); err != nil {
		if streamIsDetach(err) || errors.Is(err, streamInterrupted) {
			return nil
		}
		return err
	}
	return waiter.exitStatus(sigs.Interrupted())
}
