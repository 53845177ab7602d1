// Package container holds the `docker container` commands and their top-level
// shortcuts (`docker ps`).
package container

import (
	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/commands"
)

// NewCommand returns the `docker container` management command.
func NewCommand(cli commands.Cli) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "container",
		Short: "Manage containers",
		Args:  commands.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return cmd.Help()
		},
	}
	// added when a command line reaches them (commands.Expand)
	commands.LazySubcommands(cmd, func() []*cobra.Command {
		subs := []*cobra.Command{newInspectCommand(cli), newListCommand(cli)}
		for _, verbs := range verbGroups() {
			for _, newVerb := range verbs.shared {
				subs = append(subs, newVerb(cli))
			}
			for _, newVerb := range verbs.containerOnly {
				subs = append(subs, newVerb(cli))
			}
		}
		return subs
	})
	return cmd
}

// verbs is one area's command constructors: shared ones are also registered at the top
// level under the same name (`docker rm` = `docker container rm`), containerOnly ones
// are not (`docker container prune`).
type verbs struct {
	shared, containerOnly []func(commands.Cli) *cobra.Command
}

// verbGroups lists each area's verbs; each area keeps its list in its own register_*.go.
func verbGroups() []verbs {
	return []verbs{runVerbs(), streamVerbs(), lifecycleVerbs(), copyVerbs(), observeVerbs()}
}

// Shortcuts returns the top-level forms of container commands: `docker ps`.
func Shortcuts(cli commands.Cli) []*cobra.Command {
	ps := newListCommand(cli)
	ps.Use = "ps [OPTIONS]"
	ps.Aliases = nil
	out := []*cobra.Command{ps}
	for _, verbs := range verbGroups() {
		for _, newVerb := range verbs.shared {
			out = append(out, newVerb(cli))
		}
	}
	return out
}
