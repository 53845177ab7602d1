package container

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
)

// killOptions are the flags and arguments of docker kill.
type killOptions struct {
	signal     string
	containers []string
}

func newKillCommand(cli commands.Cli) *cobra.Command {
	opts := &killOptions{}
	cmd := &cobra.Command{
		Use:               "kill [OPTIONS] CONTAINER [CONTAINER...]",
		Short:             "Kill one or more running containers",
		Args:              commands.RequiresMinArgs(1),
		ValidArgsFunction: completion.ContainerNames(cli, completion.Listed),
		Annotations:       map[string]string{"aliases": "docker container kill, docker kill"},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.containers = args
			return runKill(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.StringVarP(&opts.signal, "signal", "s", "", "Signal to send (name or number; default SIGKILL)")
		commands.CompleteFlag(cmd, "signal", completion.Signals())
	})
	return cmd
}

func runKill(ctx context.Context, cli commands.Cli, opts *killOptions) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	return lifecycleEach(ctx, cli, opts.containers, true, func(ctx context.Context, name string) error {
		return c.ContainerKill(ctx, name, opts.signal)
	})
}
