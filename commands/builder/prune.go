package builder

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	flagopts "github.com/skiff-cli/skiff/commands/opts"
	"github.com/skiff-cli/skiff/completion"
)

// pruneOptions are the flags of docker builder prune.
type pruneOptions struct {
	all         bool
	force       bool
	filter      *commands.FilterOpt
	keepStorage flagopts.MemBytes
}

func newPruneCommand(cli commands.Cli) *cobra.Command {
	opts := &pruneOptions{filter: commands.NewFilterOpt()}
	cmd := &cobra.Command{
		Use:               "prune",
		Short:             "Remove build cache",
		Args:              commands.NoArgs,
		ValidArgsFunction: completion.None,
		Annotations:       map[string]string{"version": "1.39"},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runPrune(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.BoolVarP(&opts.all, "all", "a", false, "Remove all unused build cache, not only the dangling part")
		flags.Var(opts.filter, "filter", "Only prune cache matching a filter (e.g. \"until=24h\")")
		flags.BoolVarP(&opts.force, "force", "f", false, "Skip the confirmation prompt")
		flags.Var(&opts.keepStorage, "keep-storage", "Disk space the cache may keep")
	})
	return cmd
}

const (
	pruneWarningDangling = "WARNING! This will remove all dangling build cache. Are you sure you want to continue? [y/N] "
	pruneWarningAll      = "WARNING! This will remove all build cache. Are you sure you want to continue? [y/N] "
)

// runPrune asks for confirmation (unless --force), prunes the build cache (with
// config.json's pruneFilters, as docker 28) and lists what went.
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
	r, err := commands.PruneBuildCache(ctx, c, commands.PruneFilters(cli, opts.filter.Value()), opts.all, opts.keepStorage.Value())
	if err != nil {
		return err
	}
	commands.PruneReport(cli.Out(), r.Title, r.Deleted, r.Reclaimed)
	return nil
}
