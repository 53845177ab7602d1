package plugin

import (
	"context"
	"sort"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
	"github.com/skiff-cli/skiff/formatter"
)

// listOptions are the flags of docker plugin ls.
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
		Short:             "List plugins",
		Args:              commands.NoArgs,
		ValidArgsFunction: completion.None,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runList(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.VarP(opts.filter, "filter", "f", `Filter output by condition (e.g. "enabled=true")`)
		commands.AddFormatFlag(flags, &opts.format)
		flags.BoolVar(&opts.noTrunc, "no-trunc", false, "Show full IDs and descriptions")
		flags.BoolVarP(&opts.quiet, "quiet", "q", false, "Print plugin IDs only")
	})
	return cmd
}

// runList lists as docker 28: sorted by name, the config's pluginsFormat unless -q.
func runList(ctx context.Context, cli commands.Cli, opts *listOptions) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	plugins, err := c.PluginList(ctx, opts.filter.Value())
	if err != nil {
		return err
	}
	sort.SliceStable(plugins, func(i, j int) bool {
		return formatter.NaturalLess(plugins[i].Name, plugins[j].Name)
	})
	format := commands.ListFormat(opts.format, cli.ConfigFile().PluginsFormat, opts.quiet)
	return pluginWrite(formatter.Context{
		Output: cli.Out(),
		Format: pluginFormat(format, opts.quiet),
		Trunc:  !opts.noTrunc,
	}, plugins)
}
