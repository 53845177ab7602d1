package service

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
)

// removeOptions are the arguments of docker service rm.
type removeOptions struct {
	names []string
}

func newRemoveCommand(cli commands.Cli) *cobra.Command {
	opts := &removeOptions{}
	cmd := &cobra.Command{
		Use:               "rm SERVICE [SERVICE...]",
		Aliases:           []string{"remove"},
		Short:             "Remove one or more services",
		Args:              commands.RequiresMinArgs(1),
		ValidArgsFunction: completion.ServiceNames(cli),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.names = args
			return runRemove(cmd.Context(), cli, opts)
		},
	}
	return cmd
}

// runRemove removes each service, printing its name as given; failures come together
// at the end (exit 1), as docker.
func runRemove(ctx context.Context, cli commands.Cli, opts *removeOptions) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	return commands.RemoveEach(cli.Out(), opts.names, func(name string) error {
		return c.ServiceRemove(ctx, name)
	})
}
