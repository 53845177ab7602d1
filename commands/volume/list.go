package volume

import (
	"context"
	"fmt"
	"sort"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
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
		Args: func(cmd *cobra.Command, args []string) error {
			if opts.cluster {
				if err := checkCluster(cmd.Context(), cli); err != nil {
					return err
				}
			}
			return commands.NoArgs(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runList(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.BoolVar(&opts.cluster, "cluster", false, "List only cluster (swarm CSI) volumes, in the cluster layout")
		// docker hides --cluster from help unless the daemon speaks API 1.42+.
		_ = flags.MarkHidden("cluster")
		flags.VarP(opts.filter, "filter", "f", `Filter output by condition (e.g. "dangling=true")`)
		commands.AddFormatFlag(flags, &opts.format)
		flags.BoolVarP(&opts.quiet, "quiet", "q", false, "Print volume names only")
	})
	// docker checks the API version of the flags it did parse before reporting a later
	// bad flag: `volume ls --cluster --bogus` on an old daemon fails on --cluster.
	cmd.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		if f := c.Flags().Lookup("cluster"); f != nil && f.Changed {
			if verr := checkCluster(c.Context(), cli); verr != nil {
				return verr
			}
		}
		return commands.FlagError(c, err)
	})
	return cmd
}

// checkCluster fails when the daemon's API is too old for cluster volumes.
func checkCluster(ctx context.Context, cli commands.Cli) error {
	if ctx == nil {
		ctx = context.Background()
	}
	c, err := cli.Client()
	if err != nil {
		return err
	}
	if err := c.Negotiate(ctx); err != nil {
		return err
	}
	if v := c.ClientVersion(); client.VersionLess(v, clusterAPIVersion) {
		return fmt.Errorf("%q requires API version %s, but the Docker daemon API version is %s", "--cluster", clusterAPIVersion, v)
	}
	return nil
}

func runList(ctx context.Context, cli commands.Cli, opts *listOptions) error {
	if opts.cluster {
		// Already checked by Args when run as a command; cheap once negotiated.
		if err := checkCluster(ctx, cli); err != nil {
			return err
		}
	}
	c, err := cli.Client()
	if err != nil {
		return err
	}
	resp, err := c.VolumeList(ctx, client.Filters(opts.filter.Map()))
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

	// --format wins; then config.json's volumesFormat, unless only names are wanted.
	format := opts.format
	if format == "" {
		if cf := cli.ConfigFile(); cf != nil && cf.VolumesFormat != "" && !opts.quiet {
			format = cf.VolumesFormat
		} else {
			format = formatter.TableFormatKey
		}
	}
	return formatter.VolumeWrite(formatter.Context{
		Output: cli.Out(),
		Format: formatter.VolumeFormat(format, opts.quiet, opts.cluster),
	}, volumes)
}
