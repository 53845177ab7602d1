package secret

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
)

// removeOptions are the arguments of docker secret rm.
type removeOptions struct {
	names []string
}

func newRemoveCommand(cli commands.Cli) *cobra.Command {
	opts := &removeOptions{}
	cmd := &cobra.Command{
		Use:               "rm SECRET [SECRET...]",
		Aliases:           []string{"remove"},
		Short:             "Remove one or more secrets",
		Args:              commands.RequiresMinArgs(1),
		ValidArgsFunction: completion.SecretIDs(cli),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.names = args
			return runRemove(cmd.Context(), cli, opts)
		},
	}
	return cmd
}

// runRemove removes each secret, printing its name as given; failures come together
// at the end.
func runRemove(ctx context.Context, cli commands.Cli, opts *removeOptions) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	return commands.RemoveEach(cli.Out(), opts.names, func(name string) error {
		return c.SecretRemove(ctx, name)
	})
}
