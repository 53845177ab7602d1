// Package manifest holds docker manifest: inspect, create, annotate, push and rm. These
// talk to registries directly (client.RegistryV2), not to the engine, and keep lists
// being made in docker's local store (store.go).
package manifest

import (
	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/commands"
)

// NewCommand returns the docker manifest management command.
func NewCommand(cli commands.Cli) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "manifest COMMAND",
		Short: "Manage Docker image manifests and manifest lists",
		Long: `Work with image manifests and manifest lists in a registry.

A manifest list gives one name to an image built for several platforms: each
client pulls the image of its own platform. Lists are made locally (create,
annotate), then pushed to the registry of their name (push).

Subcommands have their own help:

    docker manifest CMD --help`,
		Args:        commands.NoArgs,
		Annotations: map[string]string{commands.ExperimentalAnnotation: "true", commands.AnnotationBareHelpBlankLine: "true"},
		RunE: func(cmd *cobra.Command, args []string) error {
			return cmd.Help()
		},
	}
	// added when a command line reaches them (commands.Expand)
	commands.LazySubcommands(cmd, func() []*cobra.Command {
		return []*cobra.Command{
			newAnnotateCommand(cli),
			newCreateCommand(cli),
			newInspectCommand(cli),
			newPushCommand(cli),
			newRmCommand(cli),
		}
	})
	return cmd
}
