package node

import (
	"context"
	"sort"

	"github.com/moby/moby/api/types/system"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
	"github.com/skiff-cli/skiff/formatter"
)

// listOptions are the flags of docker node ls.
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
		Short:             "List nodes in the swarm",
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
	// IDs alone need nothing else: docker then leaves the engine's info unasked, and
	// a --format given with -q sees no self and an unknown TLS status. Otherwise the
	// info is asked beside the list (docker asks one after the other): on a manager
	// each costs the engine milliseconds.
	type infoAnswer struct {
		info system.Info
		err  error
	}
	answer := make(chan infoAnswer, 1)
	if !opts.quiet {
		go func() {
			i, err := c.Info(ctx)
			answer <- infoAnswer{i, err}
		}()
	}
	nodes, err := c.NodeList(ctx, opts.filter.Value())
	if err != nil {
		return err
	}
	var info nodeInfo
	if !opts.quiet && len(nodes) > 0 {
		a := <-answer
		if a.err != nil {
			return a.err
		}
		info.SelfID = a.info.Swarm.NodeID
		if a.info.Swarm.Cluster != nil {
			info.TrustRoot = a.info.Swarm.Cluster.TLSInfo.TrustRoot
		}
	}
	sort.SliceStable(nodes, func(i, j int) bool {
		return formatter.NaturalLess(nodes[i].Description.Hostname, nodes[j].Description.Hostname)
	})
	format := commands.ListFormat(opts.format, cli.ConfigFile().NodesFormat, opts.quiet)
	return nodeWrite(formatter.Context{
		Output: cli.Out(),
		Format: nodeFormat(format, opts.quiet && opts.format == ""),
	}, nodes, info)
}
