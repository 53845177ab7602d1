package network

import (
	"context"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/opts"
	"github.com/skiff-cli/skiff/completion"
)

// connectOptions are the flags and arguments of docker network connect.
type connectOptions struct {
	network      string
	container    string
	ipv4         string
	ipv6         string
	links        *opts.ListOpts
	aliases      []string
	linkLocalIPs []string
	driverOpts   []string
	gwPriority   int
}

func newConnectCommand(cli commands.Cli) *cobra.Command {
	o := &connectOptions{links: opts.NewListOpts(opts.ValidateLink)}
	cmd := &cobra.Command{
		Use:               "connect [OPTIONS] NETWORK CONTAINER",
		Short:             "Connect a container to a network",
		Args:              commands.ExactArgs(2),
		ValidArgsFunction: completion.Then(completion.NetworkNames(cli), completion.ContainerNames(cli, completion.All)),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.network, o.container = args[0], args[1]
			return runConnect(cmd.Context(), cli, o)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.StringVar(&o.ipv4, "ip", "", `IPv4 address to give the container (e.g. "172.30.100.104")`)
		flags.StringVar(&o.ipv6, "ip6", "", `IPv6 address to give the container (e.g. "2001:db8::33")`)
		flags.Var(o.links, "link", "Link to another container (name[:alias])")
		flags.StringSliceVar(&o.aliases, "alias", []string{}, "Name the container also answers to on this network")
		flags.StringSliceVar(&o.linkLocalIPs, "link-local-ip", []string{}, "Link-local address to add to the container")
		flags.StringSliceVar(&o.driverOpts, "driver-opt", []string{}, "Option for the network driver (key=value)")
		flags.IntVar(&o.gwPriority, "gw-priority", 0, "Priority of this network for the default gateway (the highest wins; may be negative)")
	})
	return cmd
}

// errDriverOpts is docker's one message for any --driver-opt that is not key=value.
const errDriverOpts = constError("invalid key/value pair format in driver options")

type constError string

func (e constError) Error() string { return string(e) }

// driverOptsMap turns --driver-opt values into a map as docker does: split at the first
// '=', key and value trimmed of spaces, a missing '=' or an empty key refused.
func driverOptsMap(values []string) (map[string]string, error) {
	m := make(map[string]string, len(values))
	for _, v := range values {
		k, val, ok := strings.Cut(v, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			return nil, errDriverOpts
		}
		m[k] = strings.TrimSpace(val)
	}
	return m, nil
}

// endpointSettings is the EndpointConfig docker sends for the flags given.
func endpointSettings(o *connectOptions) (*client.NetworkEndpointSettings, error) {
	driverOpts, err := driverOptsMap(o.driverOpts)
	if err != nil {
		return nil, err
	}
	aliases := o.aliases
	if aliases == nil {
		aliases = []string{}
	}
	return &client.NetworkEndpointSettings{
		IPAMConfig: client.NetworkEndpointIPAM{
			IPv4Address:  o.ipv4,
			IPv6Address:  o.ipv6,
			LinkLocalIPs: o.linkLocalIPs,
		},
		Links:      o.links.GetAll(),
		Aliases:    aliases,
		DriverOpts: driverOpts,
		GwPriority: int64(o.gwPriority),
	}, nil
}

func runConnect(ctx context.Context, cli commands.Cli, o *connectOptions) error {
	ep, err := endpointSettings(o)
	if err != nil {
		return err
	}
	c, err := cli.Client()
	if err != nil {
		return err
	}
	return c.NetworkConnect(ctx, o.network, o.container, ep)
}
