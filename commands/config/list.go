package config

import (
	"context"
	"sort"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
	"github.com/skiff-cli/skiff/formatter"
)

// listOptions are the flags of docker config ls.
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
		Short:             "List configs",
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
	})
	return cmd
}

// runList lists the configs sorted by name, as docker does (the engine's order is its
// own).
func runList(ctx context.Context, cli commands.Cli, opts *listOptions) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	configs, err := c.ConfigList(ctx, opts.filter.Value())
	if err != nil {
		return err
	}
	sort.SliceStable(configs, func(i, j int) bool {
		return formatter.NaturalLess(configs[i].Spec.Name, configs[j].Spec.Name)
	})
	format := commands.ListFormat(opts.format, cli.ConfigFile().ConfigFormat, opts.quiet)
	return configWrite(formatter.Context{
		Output: cli.Out(),
		Format: configFormat(format, opts.quiet),
	}, configs)
}
