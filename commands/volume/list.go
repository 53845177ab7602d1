package volume

import (
	"context"
	"sort"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
	"github.com/skiff-cli/skiff/formatter"
)

// listOptions are the flags of docker volume ls.
type listOptions struct {
	cluster bool
	filter  *commands.FilterOpt
	format  string
	quiet   bool
}

// clusterAPIVersion is the first API version with cluster (CSI) volumes.
const clusterAPIVersion = "1.42"

func newListCommand(cli commands.Cli) *cobra.Command {
	opts := &listOptions{filter: commands.NewFilterOpt()}
	cmd := &cobra.Command{
		Use:     "ls [OPTIONS]",
		Aliases: []string{"list"},
		Short:   "List volumes",
		// docker checks that the daemon supports the flags given before it checks the
		// arguments: `volume ls --cluster x` on an old daemon fails on --cluster.
		Args:              commands.NoArgs,
		ValidArgsFunction: completion.None,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runList(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.BoolVar(&opts.cluster, "cluster", false, "List only cluster (swarm CSI) volumes, in the cluster layout")
		flags.VarP(opts.filter, "filter", "f", `Filter output by condition (e.g. "dangling=true")`)
		commands.AddFormatFlag(flags, &opts.format)
		flags.BoolVarP(&opts.quiet, "quiet", "q", false, "Print volume names only")
		commands.RequiresAPI(flags, "cluster", clusterAPIVersion)
	})
	return cmd
}

func runList(ctx context.Context, cli commands.Cli, opts *listOptions) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	resp, err := c.VolumeList(ctx, opts.filter.Value())
	if err != nil {
		return err
	}
	volumes := resp.Volumes[:0]
	for _, v := range resp.Volumes {
		if opts.cluster && v.ClusterVolume == nil {
			continue
		}
		volumes = append(volumes, v)
	}
	sort.SliceStable(volumes, func(i, j int) bool {
		return formatter.NaturalLess(volumes[i].Name, volumes[j].Name)
	})

	format := commands.ListFormat(opts.format, cli.ConfigFile().VolumesFormat, opts.quiet)
	return volumeWrite(formatter.Context{
		Output: cli.Out(),
		Format: volumeFormat(format, opts.quiet, opts.cluster),
	}, volumes)
}
