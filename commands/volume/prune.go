package volume

import (
	"context"
	"errors"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
)

// pruneOptions are the flags of docker volume prune.
type pruneOptions struct {
	all    bool
	force  bool
	filter *commands.FilterOpt
}

// pruneAllAPIVersion is the first API version whose prune spares named volumes unless
// asked (filter all=true, which --all sends).
const pruneAllAPIVersion = "1.42"

func newPruneCommand(cli commands.Cli) *cobra.Command {
	opts := &pruneOptions{filter: commands.NewFilterOpt()}
	cmd := &cobra.Command{
		Use:   "prune [OPTIONS]",
		Short: "Remove unused local volumes",
		// Engine API 1.25 brought it: older, docker hides and refuses it (commands/root).
		Annotations:       map[string]string{"version": "1.25"},
		Args:              commands.NoArgs,
		ValidArgsFunction: completion.None,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runPrune(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.BoolVarP(&opts.all, "all", "a", false, "Remove every unused volume, named ones too, not only anonymous ones")
		flags.Var(opts.filter, "filter", "Only prune volumes matching a filter (e.g. \"label=<label>\")")
		flags.BoolVarP(&opts.force, "force", "f", false, "Skip the confirmation prompt")
		commands.RequiresAPI(flags, "all", pruneAllAPIVersion)
	})
	return cmd
}

const (
	pruneWarningAll       = "WARNING! This will remove all local volumes not used by at least one container.\nAre you sure you want to continue? [y/N] "
	pruneWarningAnonymous = "WARNING! This will remove anonymous local volumes not used by at least one container.\nAre you sure you want to continue? [y/N] "
)

// runPrune asks for confirmation (unless --force), prunes and prints what went. The
// warning says what the engine will do: from API 1.42 it spares named volumes unless
// --all (whatever --filter all=... says, as docker words it); older engines prune them
// all.
func runPrune(ctx context.Context, cli commands.Cli, opts *pruneOptions) error {
	filters := opts.filter.Value()
	if opts.all {
		if filters.Contains("all") {
			return errors.New("conflicting options: cannot specify both --all and --filter all=1")
		}
		filters = filters.Clone()
		filters.Add("all", "true")
	}
	c, err := cli.Client()
	if err != nil {
		return err
	}
	warning := pruneWarningAll
	if !opts.all && namedSpared(ctx, c) {
		warning = pruneWarningAnonymous
	}
	if !opts.force && !commands.Confirm(cli, warning) {
		return nil
	}
	r, err := commands.PruneVolumes(ctx, c, commands.PruneFilters(cli, filters))
	if err != nil {
		return err
	}
	commands.PruneReport(cli.Out(), r.Title, r.Deleted, r.Reclaimed)
	return nil
}

// namedSpared reports whether the engine's prune spares named volumes (API >= 1.42).
// An engine that cannot be reached is taken as a current one: the prune then reports
// the connection error.
func namedSpared(ctx context.Context, c *client.Client) bool {
	if c.Negotiate(ctx) != nil {
		return true
	}
	return !client.VersionLess(c.ClientVersion(), pruneAllAPIVersion)
}
