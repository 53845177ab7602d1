package network

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
)

// pruneOptions are the flags of docker network prune.
type pruneOptions struct {
	force  bool
	filter *commands.FilterOpt
}

func newPruneCommand(cli commands.Cli) *cobra.Command {
	o := &pruneOptions{filter: commands.NewFilterOpt()}
	cmd := &cobra.Command{
		Use:   "prune [OPTIONS]",
		Short: "Remove all unused networks",
		// Engine API 1.25 brought it: older, docker hides and refuses it (commands/root).
		Annotations: map[string]string{"version": "1.25"},
		Args:        commands.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runPrune(cmd.Context(), cli, o)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.Var(o.filter, "filter", "Only prune networks matching a filter (e.g. \"until=<timestamp>\")")
		flags.BoolVarP(&o.force, "force", "f", false, "Skip the confirmation prompt")
	})
	return cmd
}

const pruneWarning = "WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue? [y/N] "

// runPrune asks for confirmation (unless --force), prunes with the filters given and
// config.json's pruneFilters, and lists what went: networks free no space, so docker
// prints no "Total reclaimed space" line, and nothing at all when none went.
func runPrune(ctx context.Context, cli commands.Cli, o *pruneOptions) error {
	if !o.force && !commands.Confirm(cli, pruneWarning) {
		return nil
	}
	c, err := cli.Client()
	if err != nil {
		return err
	}
	r, err := commands.PruneNetworks(ctx, c, commands.PruneFilters(cli, o.filter.Value()))
	if err != nil {
		return err
	}
	commands.PruneDeleted(cli.Out(), r.Title, r.Deleted)
	return nil
}
