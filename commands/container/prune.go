package container

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
)

// pruneOptions are the flags of docker container prune.
type pruneOptions struct {
	force  bool
	filter *commands.FilterOpt
}

func newPruneCommand(cli commands.Cli) *cobra.Command {
	opts := &pruneOptions{filter: commands.NewFilterOpt()}
	cmd := &cobra.Command{
		Use:   "prune [OPTIONS]",
		Short: "Remove all stopped containers",
		// Engine API 1.25 brought it: older, docker hides and refuses it (commands/root).
		Annotations:       map[string]string{"version": "1.25"},
		Args:              commands.NoArgs,
		ValidArgsFunction: completion.None,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runPrune(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.Var(opts.filter, "filter", "Only prune containers matching a filter (e.g. \"until=<timestamp>\")")
		flags.BoolVarP(&opts.force, "force", "f", false, "Skip the confirmation prompt")
	})
	return cmd
}

const pruneWarning = "WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] "

// runPrune asks for confirmation (unless --force), prunes and prints what went.
func runPrune(ctx context.Context, cli commands.Cli, opts *pruneOptions) error {
	if !opts.force && !commands.Confirm(cli, pruneWarning) {
		return nil
	}
	c, err := cli.Client()
	if err != nil {
		return err
	}
	// config.json's pruneFilters apply here too, as in docker 28.
	r, err := commands.PruneContainers(ctx, c, commands.PruneFilters(cli, opts.filter.Value()))
	if err != nil {
		return err
	}
	commands.PruneReport(cli.Out(), r.Title, r.Deleted, r.Reclaimed)
	return nil
}
