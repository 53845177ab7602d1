package container

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
)

func newRestartCommand(cli commands.Cli) *cobra.Command {
	opts := &stopOptions{}
	cmd := &cobra.Command{
		Use:               "restart [OPTIONS] CONTAINER [CONTAINER...]",
		Short:             "Restart one or more containers",
		Args:              commands.RequiresMinArgs(1),
		ValidArgsFunction: completion.ContainerNames(cli, completion.All),
		Annotations:       map[string]string{"aliases": "docker container restart, docker restart"},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.containers = args
			if err := stopTimeoutFlags(cmd, opts); err != nil {
				return err
			}
			return runRestart(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		stopBindFlags(cli, flags, opts, "Seconds to wait for the container to stop before killing it and starting it again")
		commands.CompleteFlag(cmd, "signal", completion.Signals())
	})
	return cmd
}

// runRestart restarts the containers one after the other, as docker does.
func runRestart(ctx context.Context, cli commands.Cli, opts *stopOptions) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	so := opts.clientOptions()
	return lifecycleEach(ctx, cli, opts.containers, false, func(ctx context.Context, name string) error {
		return c.ContainerRestart(ctx, name, so)
	})
}
