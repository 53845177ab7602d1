package system

import (
	"context"
	"errors"
	"io"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
	"github.com/skiff-cli/skiff/formatter"
)

// pruneOptions are the flags of docker system prune.
type pruneOptions struct {
	all     bool
	force   bool
	volumes bool
	filter  *commands.FilterOpt
}

func newPruneCommand(cli commands.Cli) *cobra.Command {
	opts := &pruneOptions{filter: commands.NewFilterOpt()}
	cmd := &cobra.Command{
		Use:   "prune [OPTIONS]",
		Short: "Remove unused data",
		// Engine API 1.25 brought the prune endpoints: older, docker hides and refuses it.
		Annotations:       map[string]string{"version": "1.25"},
		Args:              commands.NoArgs,
		ValidArgsFunction: completion.None,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runPrune(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.BoolVarP(&opts.all, "all", "a", false, "Remove every image no container uses, not only the dangling ones")
		flags.Var(opts.filter, "filter", "Only prune what matches a filter (e.g. \"label=<key>=<value>\")")
		flags.BoolVarP(&opts.force, "force", "f", false, "Skip the confirmation prompt")
		flags.BoolVar(&opts.volumes, "volumes", false, "Prune the anonymous volumes too")
	})
	return cmd
}

// runPrune prunes, as docker 28 does, containers, networks, volumes (with --volumes),
// images and the build cache in that order, printing each kind's report as it goes and
// stopping at the first error, then the total space reclaimed.
//
// config.json's pruneFilters are added to the command line's for the warning, then
// again (commands.PruneFilters) before each kind: docker adds them each time to the
// filters it shares between the kinds, so a "label" entry that only an earlier
// addition made possible reaches the kinds after it (the containers too when the
// warning was shown).
func runPrune(ctx context.Context, cli commands.Cli, opts *pruneOptions) error {
	if opts.volumes && opts.filter.Value().Contains("until") {
		// the engine cannot filter volumes by age (only the command line's filters count)
		return errors.New(`ERROR: The "until" filter is not supported with "--volumes"`)
	}
	filters := opts.filter.Value()
	if !opts.force {
		filters = commands.PruneFilters(cli, filters)
		if !commands.Confirm(cli, pruneWarning(opts, filters)) {
			return nil
		}
	}
	c, err := cli.Client()
	if err != nil {
		return err
	}
	kinds := []func(client.Filters) (commands.PruneResult, error){
		func(f client.Filters) (commands.PruneResult, error) { return commands.PruneContainers(ctx, c, f) },
		func(f client.Filters) (commands.PruneResult, error) { return commands.PruneNetworks(ctx, c, f) },
	}
	if opts.volumes {
		kinds = append(kinds, func(f client.Filters) (commands.PruneResult, error) { return commands.PruneVolumes(ctx, c, f) })
	}
	kinds = append(kinds,
		func(f client.Filters) (commands.PruneResult, error) { return commands.PruneImages(ctx, c, f, opts.all) },
		func(f client.Filters) (commands.PruneResult, error) {
			return commands.PruneBuildCache(ctx, c, f, opts.all, 0)
		},
	)
	var total uint64
	for _, prune := range kinds {
		filters = commands.PruneFilters(cli, filters)
		r, err := prune(filters)
		if err != nil {
			return err
		}
		commands.PruneDeleted(cli.Out(), r.Title, r.Deleted)
		total += r.Reclaimed
	}
	commands.PruneTotal(cli.Out(), total)
	return nil
}

// pruneWarning is docker's question: what goes (by the flags), and the filters that
// narrow it, only the label, label! and until ones, each "key=value", in natural order.
func pruneWarning(opts *pruneOptions, filters client.Filters) string {
	var b strings.Builder
	b.WriteString("WARNING! This will remove:\n")
	items := []string{"all stopped containers", "all networks not used by at least one container"}
	if opts.volumes {
		items = append(items, "all anonymous volumes not used by at least one container")
	}
	if opts.all {
		items = append(items, "all images without at least one container associated to them", "all build cache")
	} else {
		items = append(items, "all dangling images", "unused build cache")
	}
	writeItems(&b, items)
	var shown []string
	for _, k := range []string{"label", "label!", "until"} {
		for _, v := range filters.Get(k) {
			shown = append(shown, k+"="+v)
		}
	}
	if len(shown) > 0 {
		sort.Slice(shown, func(i, j int) bool { return formatter.NaturalLess(shown[i], shown[j]) })
		b.WriteString("\n  Items to be pruned will be filtered with:\n")
		writeItems(&b, shown)
	}
	b.WriteString("\nAre you sure you want to continue? [y/N] ")
	return b.String()
}

func writeItems(w io.StringWriter, items []string) {
	for _, it := range items {
		_, _ = w.WriteString("  - " + it + "\n")
	}
}
