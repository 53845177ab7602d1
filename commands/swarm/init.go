package swarm

import (
	"context"
	"fmt"
	"net"
	"net/netip"

	"github.com/moby/moby/api/types/swarm"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
)

// initOptions are the flags of docker swarm init.
type initOptions struct {
	spec            specFlags
	listenAddr      nodeAddr
	advertiseAddr   string
	dataPathAddr    string
	dataPathPort    uint32
	forceNewCluster bool
	availability    string
	addrPools       []net.IPNet
	addrPoolMaskLen uint32
}

func newInitCommand(cli commands.Cli) *cobra.Command {
	opts := &initOptions{listenAddr: nodeAddr{defaultListenAddr}}
	cmd := &cobra.Command{
		Use:               "init [OPTIONS]",
		Short:             "Initialize a swarm",
		Args:              commands.NoArgs,
		ValidArgsFunction: completion.None,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runInit(cmd.Context(), cli, cmd.Flags(), opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.Var(&opts.listenAddr, "listen-addr", `Listen address (format: "<ip|interface>[:port]")`)
		flags.StringVar(&opts.advertiseAddr, "advertise-addr", "", `Advertised address (format: "<ip|interface>[:port]")`)
		flags.StringVar(&opts.dataPathAddr, "data-path-addr", "", `Address or interface to use for data path traffic (format: "<ip|interface>")`)
		flags.Uint32Var(&opts.dataPathPort, "data-path-port", 0, "Port number to use for data path traffic (1024 - 49151). If no value is set or is set to 0, the default port (4789) is used.")
		flags.IPNetSliceVar(&opts.addrPools, "default-addr-pool", []net.IPNet{}, "default address pool in CIDR format")
		flags.Uint32Var(&opts.addrPoolMaskLen, "default-addr-pool-mask-length", defaultAddrPoolMaskLength, "default address pool subnet mask length")
		flags.BoolVar(&opts.forceNewCluster, "force-new-cluster", false, "Force create a new cluster from current state")
		flags.StringVar(&opts.availability, "availability", "active", `Availability of the node ("active", "pause", "drain")`)
		opts.spec.bind(flags, "Enable manager autolocking (requiring an unlock key to start a stopped manager)")
		commands.RequiresAPI(flags, "data-path-addr", "1.31")
		commands.RequiresAPI(flags, "data-path-port", "1.40")
		commands.RequiresAPI(flags, "default-addr-pool", "1.39")
		commands.RequiresAPI(flags, "default-addr-pool-mask-length", "1.39")
	})
	return cmd
}

func runInit(ctx context.Context, cli commands.Cli, flags *pflag.FlagSet, opts *initOptions) error {
	req := swarm.InitRequest{
		ListenAddr:       opts.listenAddr.addr,
		AdvertiseAddr:    opts.advertiseAddr,
		DataPathAddr:     opts.dataPathAddr,
		DataPathPort:     opts.dataPathPort,
		ForceNewCluster:  opts.forceNewCluster,
		AutoLockManagers: opts.spec.autolock,
		DefaultAddrPool:  []netip.Prefix{},
		SubnetSize:       opts.addrPoolMaskLen,
	}
	for _, n := range opts.addrPools {
		p, err := netip.ParsePrefix(n.String())
		if err != nil {
			return err
		}
		req.DefaultAddrPool = append(req.DefaultAddrPool, p)
	}
	// the node's availability is sent only when given, and checked here first
	if flags.Changed("availability") {
		a, err := checkAvailability(opts.availability)
		if err != nil {
			return err
		}
		req.Availability = a
	}
	opts.spec.merge(flags, &req.Spec, "")
	c, err := cli.Client()
	if err != nil {
		return err
	}
	nodeID, err := c.SwarmInit(ctx, req)
	if err != nil {
		return err
	}
	out := cli.Out()
	fmt.Fprintf(out, "Swarm initialized: current node (%s) is now a manager.\n\n", nodeID)
	// docker asks for the node first, then for the tokens
	node, _, err := c.NodeInspect(ctx, nodeID)
	if err != nil {
		return err
	}
	sw, err := c.SwarmInspect(ctx)
	if err != nil {
		return err
	}
	addr := ""
	if node.ManagerStatus != nil {
		addr = node.ManagerStatus.Addr
	}
	fmt.Fprintf(out, "To add a worker to this swarm, run the following command:\n\n    docker swarm join --token %s %s\n\n", sw.JoinTokens.Worker, addr)
	fmt.Fprint(out, "To add a manager to this swarm, run 'docker swarm join-token manager' and follow the instructions.\n")
	if req.AutoLockManagers {
		key, err := c.SwarmUnlockKey(ctx)
		if err != nil {
			return fmt.Errorf("could not fetch unlock key: %w", err)
		}
		printUnlockKey(out, key)
	}
	return nil
}
