package container

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
)

func newRunCommand(cli commands.Cli) *cobra.Command {
	o := newContainerOptions()
	o.sigProxy = true
	cmd := &cobra.Command{
		Use:               "run [OPTIONS] IMAGE [COMMAND] [ARG...]",
		Short:             "Create and run a new container from an image",
		Args:              commands.WithAPICheck(cli, commands.RequiresMinArgs(1)),
		ValidArgsFunction: completion.First(completion.ImageNames(cli)),
		Annotations:       map[string]string{"aliases": "docker container run, docker run", commands.AnnotationProxiesSignals: "true"},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRun(cmd.Context(), cli, o, args)
		},
	}
	cmd.SetFlagErrorFunc(commands.APIFlagError(cli))
	bindContainerFlags(cli, cmd, func(flags *pflag.FlagSet) {
		flags.BoolVarP(&o.detach, "detach", "d", false, "Run the container in the background and print its ID")
		flags.StringVar(&o.detachKeys, "detach-keys", "", "Override the key sequence for detaching a container")
		flags.BoolVar(&o.sigProxy, "sig-proxy", true, "Proxy received signals to the process")
		addCreateFlags(flags, o)
	})
	return cmd
}

// runReport is docker run's way of reporting a failure to create or start:
// "docker: <error>", a blank line and the pointer to --help.
func runReport(err error, code int) error {
	return commands.StatusError{
		Status:     "docker: " + err.Error() + "\n\nRun 'docker run --help' for more information",
		StatusCode: code,
		Cause:      err,
	}
}

// runStartExitCode maps a failure to start to docker's exit codes: 127
// when the command was not found, 126 when it could not be invoked, 125
// for anything else.
func runStartExitCode(err error) int {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "executable file not found") || strings.Contains(msg, "no such file or directory"):
		return 127
	case strings.Contains(msg, "permission denied") || strings.Contains(msg, "is a directory"):
		return 126
	}
	return 125
}

// runAttachStdin is whether stdin will be attached, as parse decides it.
func runAttachStdin(o *containerOptions) bool {
	if o.detach {
		return false
	}
	if o.attach.Len() > 0 {
		for _, a := range o.attach.GetAll() {
			if strings.EqualFold(a, "stdin") {
				return true
			}
		}
		return false
	}
	return o.stdin
}

func runRun(ctx context.Context, cli commands.Cli, o *containerOptions, args []string) error {
	// until the container exists, SIGINT/SIGTERM cancel the requests: as docker
	// 28, run then exits 128+signal, silently; from then on they go to it
	sigs := streamWatch(ctx, true)
	defer sigs.release()
	return sigs.run(func() error { return runWatched(sigs, cli, o, args) })
}

func runWatched(sigs *streamSignals, cli commands.Cli, o *containerOptions, args []string) error {
	ctx := sigs.ctx
	if o.detach && o.attach.Len() > 0 {
		return errors.New("conflicting options: cannot specify both --attach and --detach")
	}
	if err := streamCheckTTY(cli, runAttachStdin(o), o.process.TTY); err != nil {
		return err
	}
	created, err := createContainer(ctx, cli, o, args)
	if err != nil {
		// like docker: the flags' own errors exit 125; the others (the engine's,
		// the pull's, the --cidfile's) are mapped as a failed start is, so that
		// "no such file or directory" exits 127
		var invalid createInvalidError
		if errors.As(err, &invalid) {
			return runReport(err, 125)
		}
		return runReport(err, runStartExitCode(err))
	}
	c, err := cli.Client()
	if err != nil {
		return err
	}
	id := created.ID
	cfg := created.Config
	tty := cfg != nil && cfg.Tty
	attachStdin := cfg != nil && cfg.AttachStdin
	attachStdout := cfg != nil && cfg.AttachStdout
	attachStderr := cfg != nil && cfg.AttachStderr
	autoRemove := created.HostConfig != nil && created.HostConfig.AutoRemove

	// docker 28 proxies signals from here on, in TTY mode too: also those that
	// come while the attach is answered (run -d has nothing to proxy them to: the
	// first still cancels it)
	if !o.detach {
		var kill func(ctx context.Context, sig string) error
		if o.sigProxy {
			kill = func(ctx context.Context, sig string) error { return c.ContainerKill(ctx, id, sig) }
		}
		sigs.known(kill)
	}

	waitCtx, cancelWait := context.WithCancel(ctx)
	defer cancelWait()
	waitOpts := streamWaitOptions{condition: "next-exit", autoRemove: autoRemove, logTo: cli.Err()}
	if autoRemove {
		waitOpts.condition = "removed"
	}
	if o.detach {
		// like docker: the wait is registered, then the container started; below API
		// 1.30 docker follows the container's events instead, their failure logged
		// and not fatal (exit 0 and the ID)
		if client.VersionLess(c.ClientVersion(), "1.30") {
			streamWait(waitCtx, c, id, waitOpts).beforeStart(ctx)
		} else {
			w := c.ContainerWaitAsync(waitCtx, id, waitOpts.condition)
			select {
			case <-w.Registered:
			case err := <-w.Err:
				return err
			case <-time.After(streamRegisterTimeout): // an engine that confirms late or never
			}
		}
		// like docker: with nothing attached the ID is printed before the
		// start, so a container that fails to start still has it on stdout.
		if _, err := cli.Out().Write([]byte(id + "\n")); err != nil {
			return err
		}
		if err := c.ContainerStart(ctx, id); err != nil {
			return runReport(err, runStartExitCode(err))
		}
		return nil
	}

	keys := streamDetachKeys(cli, o.detachKeys)
	var sess *streamSession
	if attachStdin || attachStdout || attachStderr {
		resp, err := c.ContainerAttach(ctx, id, client.AttachOptions{
			Stream: true, Stdin: attachStdin, Stdout: attachStdout, Stderr: attachStderr, DetachKeys: keys,
		})
		if err != nil {
			return err
		}
		sc := streamConfig{
			resp: resp, tty: tty, stdin: attachStdin, detachKeys: keys, signals: sigs,
			resize: func(ctx context.Context, h, w uint) error { return c.ContainerResize(ctx, id, h, w) },
		}
		if attachStdout {
			sc.stdout = cli.Out()
		}
		if attachStderr {
			sc.stderr = cli.Err()
		}
		if sess, err = streamOpen(cli, sc); err != nil {
			resp.Close()
			return err
		}
		defer sess.close()
	}

	// the wait never holds the start back for long: an engine that confirms it
	// late or never still gets its container started (docker's hangs)
	waiter := streamWait(waitCtx, c, id, waitOpts)
	waiter.beforeStart(ctx)
	if err := c.ContainerStart(ctx, id); err != nil {
		if sess != nil {
			sess.close()
		}
		return runReport(err, runStartExitCode(err))
	}

	if sess != nil {
		sess.monitorSize(ctx)
		if err := sess.wait(ctx); err != nil {
			if streamIsDetach(err) {
				return nil
			}
			return err
		}
	}
	return waiter.exitStatus(nil)
}
