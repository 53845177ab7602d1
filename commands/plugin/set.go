package plugin

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/commands"
)

// setOptions are the arguments of docker plugin set.
type setOptions struct {
	name     string
	settings []string
}

func newSetCommand(cli commands.Cli) *cobra.Command {
	opts := &setOptions{}
	return &cobra.Command{
		Use:   "set PLUGIN KEY=VALUE [KEY=VALUE...]",
		Short: "Change settings for a plugin",
		Args:  commands.RequiresMinArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.name, opts.settings = args[0], args[1:]
			return runSet(cmd.Context(), cli, opts)
		},
	}
}

// runSet sends the settings as given: the engine checks them ("DEBUG" alone is
// accepted, as with docker).
func runSet(ctx context.Context, cli commands.Cli, opts *setOptions) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	return c.PluginSet(ctx, opts.name, opts.settings)
}
