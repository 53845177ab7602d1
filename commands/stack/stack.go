// Package stack holds the `docker stack` commands: a stack is the services, networks,
// secrets and configs of a compose file, deployed on a swarm under one namespace label.
package stack

import (
	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/commands"
)

// namespaceLabel marks every object of a stack with the stack's name.
const namespaceLabel = "com.docker.stack.namespace"

// imageLabel keeps the image a service was deployed with, as written in the file.
const imageLabel = "com.docker.stack.image"

// NewCommand returns the `docker stack` management command.
func NewCommand(cli commands.Cli) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "stack",
		Short: "Manage Swarm stacks",
		// Stacks came with API 1.25 (docker lists them with the swarm commands).
		Annotations: map[string]string{"version": "1.25", "swarm": "manager"},
		Args:        commands.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return cmd.Help()
		},
	}
	// added when a command line reaches them (commands.Expand)
	commands.LazySubcommands(cmd, func() []*cobra.Command {
		return []*cobra.Command{
			newConfigCommand(cli),
			newDeployCommand(cli),
			newListCommand(cli),
			newPsCommand(cli),
			newRemoveCommand(cli),
			newServicesCommand(cli),
		}
	})
	return cmd
}
