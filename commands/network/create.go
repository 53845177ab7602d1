package network

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/opts"
	"github.com/skiff-cli/skiff/completion"
)

// createOptions are the flags and argument of docker network create.
type createOptions struct {
	name       string
	driver     string
	driverOpts *opts.MapOpts
	labels     *opts.ListOpts
	scope      string
	internal   bool
	attachable bool
	ingress    bool
	configOnly bool
	configFrom string
	ipv4       bool
	ipv6       bool
	ipv4Set    bool // --ipv4 and --ipv6 are sent only when given
	ipv6Set    bool

	ipamDriver   string
	ipamOpts     *opts.MapOpts
	ipamSubnets  []string
	ipamRanges   []string
	ipamGateways []string
	ipamAux      *opts.MapOpts
}

func newCreateCommand(cli commands.Cli) *cobra.Command {
	o := &createOptions{
		driverOpts: opts.NewMapOpts(nil),
		labels:     opts.NewListOpts(opts.ValidateLabel),
		ipamOpts:   opts.NewMapOpts(nil),
		ipamAux:    opts.NewMapOpts(nil),
	}
	cmd := &cobra.Command{
		Use:               "create [OPTIONS] NETWORK",
		Short:             "Create a network",
		Args:              commands.ExactArgs(1),
		ValidArgsFunction: completion.None,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.name = args[0]
			o.ipv4Set = cmd.Flags().Changed("ipv4")
			o.ipv6Set = cmd.Flags().Changed("ipv6")
			return runCreate(cmd.Context(), cli, o)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.StringVarP(&o.driver, "driver", "d", "bridge", "Network driver to use")
		flags.VarP(o.driverOpts, "opt", "o", "Option for the network driver (key=value)")
		flags.Var(o.labels, "label", "Label to set on the network (key=value)")
		flags.BoolVar(&o.internal, "internal", false, "Give the network no access to the outside")
		flags.BoolVar(&o.ipv4, "ipv4", true, "Give the network IPv4 addresses")
		flags.BoolVar(&o.ipv6, "ipv6", false, "Give the network IPv6 addresses")
		flags.BoolVar(&o.attachable, "attachable", false, "Let containers attach to the network by hand")
		flags.BoolVar(&o.ingress, "ingress", false, "Make it the swarm's routing-mesh network")
		flags.StringVar(&o.scope, "scope", "", "Scope of the network (local, swarm...)")
		flags.BoolVar(&o.configOnly, "config-only", false, "Make a network that only holds configuration for others")
		flags.StringVar(&o.configFrom, "config-from", "", "Config-only network to take the configuration from")

		flags.StringVar(&o.ipamDriver, "ipam-driver", "default", "IP address management driver")
		flags.Var(o.ipamOpts, "ipam-opt", "Option for the IPAM driver (key=value)")
		flags.StringSliceVar(&o.ipamSubnets, "subnet", nil, "Subnet of the network, in CIDR form")
		flags.StringSliceVar(&o.ipamRanges, "ip-range", nil, "Sub-range of a subnet to give container addresses from")
		flags.StringSliceVar(&o.ipamGateways, "gateway", nil, "Gateway (IPv4 or IPv6) of a subnet")
		flags.Var(o.ipamAux, "aux-address", "Address the driver keeps for itself (name=address)")

		commands.RequiresAPI(flags, "attachable", "1.25")
		commands.RequiresAPI(flags, "ingress", "1.29")
		commands.RequiresAPI(flags, "scope", "1.30")
		commands.RequiresAPI(flags, "config-only", "1.30")
		commands.RequiresAPI(flags, "config-from", "1.30")
	})
	return cmd
}

// createRequest builds the body docker sends, or its refusal of the addresses given.
func createRequest(o *createOptions) (client.NetworkCreateRequest, error) {
	configs, err := ipamConfigs(o.ipamSubnets, o.ipamRanges, o.ipamGateways, o.ipamAux.GetAll())
	if err != nil {
		return client.NetworkCreateRequest{}, err
	}
	req := client.NetworkCreateRequest{
		Name:   o.name,
		Driver: o.driver,
		Scope:  o.scope,
		IPAM: &client.NetworkIPAM{
			Driver:  o.ipamDriver,
			Options: o.ipamOpts.GetAll(),
			Config:  configs,
		},
		Internal:   o.internal,
		Attachable: o.attachable,
		Ingress:    o.ingress,
		ConfigOnly: o.configOnly,
		Options:    o.driverOpts.GetAll(),
		Labels:     opts.KeyValueMap(o.labels.GetAll()),
	}
	if o.ipv4Set {
		req.EnableIPv4 = &o.ipv4
	}
	if o.ipv6Set {
		req.EnableIPv6 = &o.ipv6
	}
	if o.configFrom != "" {
		req.ConfigFrom = &client.NetworkConfigFrom{Network: o.configFrom}
	}
	return req, nil
}

// runCreate creates the network and prints its ID (docker does not print the engine's
// warning).
func runCreate(ctx context.Context, cli commands.Cli, o *createOptions) error {
	req, err := createRequest(o)
	if err != nil {
		return err
	}
	c, err := cli.Client()
	if err != nil {
		return err
	}
	resp, err := c.NetworkCreate(ctx, req)
	if err != nil {
		return err
	}
	fmt.Fprintln(cli.Out(), resp.ID)
	return nil
}
