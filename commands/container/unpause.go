package container

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
)

func newUnpauseCommand(cli commands.Cli) *cobra.Command {
	opts := &pauseOptions{}
	return &cobra.Command{
		Use:               "unpause CONTAINER [CONTAINER...]",
		Short:             "Unpause all processes within one or more containers",
		Args:              commands.RequiresMinArgs(1),
		ValidArgsFunction: completion.ContainerNames(cli, completion.Paused),
		Annotations:       map[string]string{"aliases": "docker container unpause, docker unpause"},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.containers = args
			return runUnpause(cmd.Context(), cli, opts)
		},
	}
}

func runUnpause(ctx context.Context, cli commands.Cli, opts *pauseOptions) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	return lifecycleEach(ctx, cli, opts.containers, true, c.ContainerUnpause)
}
