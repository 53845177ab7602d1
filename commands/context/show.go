package context

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
)

func newShowCommand(cli commands.Cli) *cobra.Command {
	return &cobra.Command{
		Use:               "show",
		Short:             "Print the name of the current context",
		Args:              commands.NoArgs,
		ValidArgsFunction: completion.None,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runShow(cli)
		},
	}
}

// runShow prints the name alone: docker does not check that the context exists.
func runShow(cli commands.Cli) error {
	name, err := currentName(cli)
	if err != nil {
		return err
	}
	fmt.Fprintln(cli.Out(), name)
	return nil
}
