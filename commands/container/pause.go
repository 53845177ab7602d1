package container

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
)

// pauseOptions are the arguments of docker pause and unpause.
type pauseOptions struct {
	containers []string
}

func newPauseCommand(cli commands.Cli) *cobra.Command {
	opts := &pauseOptions{}
	return &cobra.Command{
		Use:               "pause CONTAINER [CONTAINER...]",
		Short:             "Pause all processes within one or more containers",
		Args:              commands.RequiresMinArgs(1),
		ValidArgsFunction: completion.ContainerNames(cli, completion.Unpaused),
		Annotations:       map[string]string{"aliases": "docker container pause, docker pause"},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.containers = args
			return runPause(cmd.Context(), cli, opts)
		},
	}
}

func runPause(ctx context.Context, cli commands.Cli, opts *pauseOptions) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	return lifecycleEach(ctx, cli, opts.containers, true, c.ContainerPause)
}
