package swarm

import (
	"context"
	"fmt"

	"github.com/moby/moby/api/types/swarm"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
)

// joinOptions are the flags and argument of docker swarm join.
type joinOptions struct {
	remote        string
	listenAddr    nodeAddr
	advertiseAddr string
	dataPathAddr  string
	token         string
	availability  string
}

func newJoinCommand(cli commands.Cli) *cobra.Command {
	opts := &joinOptions{listenAddr: nodeAddr{defaultListenAddr}}
	cmd := &cobra.Command{
		Use:   "join [OPTIONS] HOST:PORT",
		Short: "Join a swarm as a node and/or manager",
		Args:  commands.ExactArgs(1),
		// no ValidArgsFunction: docker 28 leaves HOST:PORT to the shell's file names
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.remote = args[0]
			return runJoin(cmd.Context(), cli, cmd.Flags(), opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.Var(&opts.listenAddr, "listen-addr", `Listen address (format: "<ip|interface>[:port]")`)
		flags.StringVar(&opts.advertiseAddr, "advertise-addr", "", `Advertised address (format: "<ip|interface>[:port]")`)
		flags.StringVar(&opts.dataPathAddr, "data-path-addr", "", `Address or interface to use for data path traffic (format: "<ip|interface>")`)
		flags.StringVar(&opts.token, "token", "", "Token for entry into the swarm")
		flags.StringVar(&opts.availability, "availability", "active", `Availability of the node ("active", "pause", "drain")`)
		commands.RequiresAPI(flags, "data-path-addr", "1.31")
	})
	return cmd
}

// runJoin joins, then asks the engine which role the token gave the node.
func runJoin(ctx context.Context, cli commands.Cli, flags *pflag.FlagSet, opts *joinOptions) error {
	req := swarm.JoinRequest{
		ListenAddr:    opts.listenAddr.addr,
		AdvertiseAddr: opts.advertiseAddr,
		DataPathAddr:  opts.dataPathAddr,
		RemoteAddrs:   []string{opts.remote},
		JoinToken:     opts.token,
	}
	if flags.Changed("availability") {
		a, err := checkAvailability(opts.availability)
		if err != nil {
			return err
		}
		req.Availability = a
	}
	c, err := cli.Client()
	if err != nil {
		return err
	}
	if err := c.SwarmJoin(ctx, req); err != nil {
		return err
	}
	info, err := c.Info(ctx)
	if err != nil {
		return err
	}
	role := "worker"
	if info.Swarm.ControlAvailable {
		role = "manager"
	}
	fmt.Fprintf(cli.Out(), "This node joined a swarm as a %s.\n", role)
	return nil
}
