package service

import (
	"context"
	"sort"

	"github.com/moby/moby/api/types/swarm"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
	"github.com/skiff-cli/skiff/formatter"
)

// listOptions are the flags of docker service ls.
type listOptions struct {
	filter *commands.FilterOpt
	format string
	quiet  bool
}

func newListCommand(cli commands.Cli) *cobra.Command {
	opts := &listOptions{filter: commands.NewFilterOpt()}
	cmd := &cobra.Command{
		Use:               "ls [OPTIONS]",
		Aliases:           []string{"list"},
		Short:             "List services",
		Args:              commands.NoArgs,
		ValidArgsFunction: completion.None,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runList(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.VarP(opts.filter, "filter", "f", "Filter output based on conditions provided")
		commands.AddFormatFlag(flags, &opts.format)
		flags.BoolVarP(&opts.quiet, "quiet", "q", false, "Only display IDs")
		commands.CompleteFlags(cmd, completion.None, "filter", "format") // docker 28: no files
	})
	return cmd
}

func runList(ctx context.Context, cli commands.Cli, opts *listOptions) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	// IDs alone need no task counts: docker leaves them unasked with -q.
	services, err := c.ServiceList(ctx, opts.filter.Value(), !opts.quiet)
	if err != nil {
		return err
	}
	return List(cli, services, opts.format, opts.quiet)
}

// List prints services as service ls does (stack services too): by name; -q alone or
// with --format table their IDs, else the format asked, the configured servicesFormat
// or the default table.
func List(cli commands.Cli, services []swarm.Service, format string, quiet bool) error {
	sort.SliceStable(services, func(i, j int) bool {
		return formatter.NaturalLess(services[i].Spec.Name, services[j].Spec.Name)
	})
	format = commands.ListFormat(format, cli.ConfigFile().ServicesFormat, quiet)
	switch {
	case quiet && format == formatter.TableFormatKey:
		format = quietListFormat
	case format == formatter.TableFormatKey:
		format = defaultListFormat
	}
	return writeList(formatter.Context{Output: cli.Out(), Format: formatter.Format(format), Trunc: true}, services)
}
