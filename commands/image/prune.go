package image

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
)

// pruneOptions are the flags of docker image prune.
type pruneOptions struct {
	all    bool
	force  bool
	filter *commands.FilterOpt
}

func newPruneCommand(cli commands.Cli) *cobra.Command {
	opts := &pruneOptions{filter: commands.NewFilterOpt()}
	cmd := &cobra.Command{
		Use:   "prune [OPTIONS]",
		Short: "Remove unused images",
		// Engine API 1.25 brought it: older, docker hides and refuses it (commands/root).
		Annotations:       map[string]string{"version": "1.25"},
		Args:              commands.NoArgs,
		ValidArgsFunction: completion.None,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runPrune(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.BoolVarP(&opts.all, "all", "a", false, "Remove every image no container uses, not only the dangling ones")
		flags.Var(opts.filter, "filter", "Only prune images matching a filter (e.g. \"until=<timestamp>\")")
		flags.BoolVarP(&opts.force, "force", "f", false, "Skip the confirmation prompt")
	})
	return cmd
}

const (
	pruneWarningDangling = "WARNING! This will remove all dangling images.\nAre you sure you want to continue? [y/N] "
	pruneWarningAll      = "WARNING! This will remove all images without at least one container associated to them.\nAre you sure you want to continue? [y/N] "
)

// runPrune asks for confirmation (unless --force), prunes the dangling images (all
// unused ones with -a: the engine's filter dangling=false; config.json's pruneFilters
// added) and prints what went.
func runPrune(ctx context.Context, cli commands.Cli, opts *pruneOptions) error {
	warning := pruneWarningDangling
	if opts.all {
		warning = pruneWarningAll
	}
	if !opts.force && !commands.Confirm(cli, warning) {
		return nil
	}
	c, err := cli.Client()
	if err != nil {
		return err
	}
	r, err := commands.PruneImages(ctx, c, commands.PruneFilters(cli, opts.filter.Value()), opts.all)
	if err != nil {
		return err
	}
	commands.PruneReport(cli.Out(), r.Title, r.Deleted, r.Reclaimed)
	return nil
}
