package container

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
)

// stopOptions are the flags and arguments of docker stop (and restart).
type stopOptions struct {
	signal     string
	timeout    int
	timeoutSet bool // -t/--timeout (or the old --time) was given
	containers []string
}

func newStopCommand(cli commands.Cli) *cobra.Command {
	opts := &stopOptions{}
	cmd := &cobra.Command{
		Use:               "stop [OPTIONS] CONTAINER [CONTAINER...]",
		Short:             "Stop one or more running containers",
		Args:              commands.RequiresMinArgs(1),
		ValidArgsFunction: completion.ContainerNames(cli, completion.Listed),
		Annotations:       map[string]string{"aliases": "docker container stop, docker stop"},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.containers = args
			if err := stopTimeoutFlags(cmd, opts); err != nil {
				return err
			}
			return runStop(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		stopBindFlags(cli, flags, opts, "Seconds to wait for the container to stop before killing it")
		commands.CompleteFlag(cmd, "signal", completion.Signals())
	})
	return cmd
}

// stopBindFlags binds the flags stop and restart share: -s/--signal, -t/--timeout and
// the old spelling --time, hidden, which warns on stderr when used.
func stopBindFlags(cli commands.Cli, flags *pflag.FlagSet, opts *stopOptions, timeoutHelp string) {
	flags.StringVarP(&opts.signal, "signal", "s", "", "Signal to send to the container instead of its stop signal")
	flags.IntVarP(&opts.timeout, "timeout", "t", 0, timeoutHelp)
	flags.Var(&stopDeprecatedTime{cli: cli, v: &opts.timeout}, "time", "Seconds to wait (use --timeout)")
	_ = flags.MarkHidden("time")
}

// stopDeprecatedTime is the hidden --time flag: it sets the timeout and prints docker's
// deprecation notice (on stdout, as docker does).
type stopDeprecatedTime struct {
	cli commands.Cli
	v   *int
}

func (t *stopDeprecatedTime) String() string {
	if t.v == nil {
		return "0"
	}
	return strconv.Itoa(*t.v)
}

func (t *stopDeprecatedTime) Set(s string) error {
	n, err := strconv.ParseInt(s, 0, 0)
	if err != nil {
		return err
	}
	fmt.Fprintln(t.cli.Out(), "Flag --time has been deprecated, use --timeout instead")
	*t.v = int(n)
	return nil
}

func (t *stopDeprecatedTime) Type() string { return "int" }

// stopTimeoutFlags records whether a timeout was given; docker refuses both spellings
// together (after checking the arguments).
func stopTimeoutFlags(cmd *cobra.Command, opts *stopOptions) error {
	timeout, time := cmd.Flags().Changed("timeout"), cmd.Flags().Changed("time")
	if timeout && time {
		return errors.New("conflicting options: cannot specify both --timeout and --time")
	}
	opts.timeoutSet = timeout || time
	return nil
}

// clientOptions are the stop options for the API: the timeout only when given.
func (o *stopOptions) clientOptions() client.StopOptions {
	so := client.StopOptions{Signal: o.signal}
	if o.timeoutSet {
		t := o.timeout
		so.Timeout = &t
	}
	return so
}

func runStop(ctx context.Context, cli commands.Cli, opts *stopOptions) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	so := opts.clientOptions()
	return lifecycleEach(ctx, cli, opts.containers, true, func(ctx context.Context, name string) error {
		return c.ContainerStop(ctx, name, so)
	})
}
