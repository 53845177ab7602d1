package context

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
	"github.com/skiff-cli/skiff/config"
)

func newUseCommand(cli commands.Cli) *cobra.Command {
	return &cobra.Command{
		Use:   "use CONTEXT",
		Short: "Set the current docker context",
		// cobra's own wording and status, as docker's: "accepts 1 arg(s), received 0"
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completion.First(commands.ContextNames(cli, true)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runUse(cli, args[0])
		},
	}
}

// runUse writes the context into config.json's currentContext (default: removes it),
// keeping the file's other keys, after checking that the store holds it; a file that
// already says so is left alone (not even made), as docker leaves it.
func runUse(cli commands.Cli, name string) error {
	if err := config.ValidateContextName(name); err != nil {
		return err
	}
	if name != config.DefaultContextName {
		if _, err := store(cli).Load(name); err != nil {
			return err
		}
	}
	cf := cli.ConfigFile()
	current := name
	if name == config.DefaultContextName {
		current = ""
	}
	// as docker, the file is written only when the value changes
	if cf.CurrentContext != current {
		cf.CurrentContext = current
		cf.DetectCredsStore() // as docker, which picks its store on reading
		if err := cf.Save(); err != nil {
			return err
		}
	}
	fmt.Fprintln(cli.Out(), name)
	fmt.Fprintf(cli.Err(), "Current context is now %q\n", name)
	if name != config.DefaultContextName && os.Getenv("DOCKER_HOST") != "" {
		fmt.Fprintf(cli.Err(), "Warning: DOCKER_HOST environment variable overrides the active context. "+
			"To use %q, either set the global --context flag, or unset DOCKER_HOST environment variable.\n", name)
	}
	return nil
}
