package network

import (
	"context"
	"sort"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
	"github.com/skiff-cli/skiff/formatter"
)

// listOptions are the flags of docker network ls.
type listOptions struct {
	filter  *commands.FilterOpt
	format  string
	noTrunc bool
	quiet   bool
}

func newListCommand(cli commands.Cli) *cobra.Command {
	opts := &listOptions{filter: commands.NewFilterOpt()}
	cmd := &cobra.Command{
		Use:               "ls [OPTIONS]",
		Aliases:           []string{"list"},
		Short:             "List networks",
		Args:              commands.NoArgs,
		ValidArgsFunction: completion.None,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runList(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.VarP(opts.filter, "filter", "f", `Filter output by condition (e.g. "driver=bridge")`)
		commands.AddFormatFlag(flags, &opts.format)
		flags.BoolVar(&opts.noTrunc, "no-trunc", false, "Show full network IDs")
		flags.BoolVarP(&opts.quiet, "quiet", "q", false, "Print network IDs only")
	})
	return cmd
}

func runList(ctx context.Context, cli commands.Cli, opts *listOptions) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	networks, err := c.NetworkList(ctx, opts.filter.Value())
	if err != nil {
		return err
	}
	sort.SliceStable(networks, func(i, j int) bool {
		return formatter.NaturalLess(networks[i].Name, networks[j].Name)
	})

	format := commands.ListFormat(opts.format, cli.ConfigFile().NetworksFormat, opts.quiet)
	return networkWrite(formatter.Context{
		Output: cli.Out(),
		Format: networkFormat(format, opts.quiet),
		Trunc:  !opts.noTrunc,
	}, networks)
}
