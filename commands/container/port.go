package container

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
)

// portOptions are the arguments of docker port.
type portOptions struct {
	container string
	port      string // PRIVATE_PORT[/PROTO], "" for every mapping
}

func newPortCommand(cli commands.Cli) *cobra.Command {
	opts := &portOptions{}
	return &cobra.Command{
		Use:               "port CONTAINER [PRIVATE_PORT[/PROTO]]",
		Short:             "List port mappings or a specific mapping for the container",
		Args:              commands.RequiresRangeArgs(1, 2),
		ValidArgsFunction: completion.ContainerNames(cli, completion.Listed),
		Annotations:       map[string]string{"aliases": "docker container port, docker port"},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.container = args[0]
			if len(args) > 1 {
				opts.port = args[1]
			}
			return runPort(cmd.Context(), cli, opts)
		},
	}
}

// portBinding is one host side of a published port, as the engine reports it.
type portBinding struct {
	HostIP   string `json:"HostIp"`
	HostPort string `json:"HostPort"`
}

// portHostAddr is "ip:port", IPv6 addresses in brackets ("[::]:32768").
func (b portBinding) portHostAddr() string { return net.JoinHostPort(b.HostIP, b.HostPort) }

func runPort(ctx context.Context, cli commands.Cli, opts *portOptions) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	id, err := client.TrimContainerID(opts.container)
	if err != nil {
		return err
	}
	_, raw, err := c.ContainerInspect(ctx, id, false)
	if err != nil {
		return err
	}
	// The port map is read from the raw answer, keys kept as the engine wrote them:
	// a lookup is an exact match of "PORT/PROTO", as in docker ("08" matches nothing).
	var doc struct {
		NetworkSettings struct {
			Ports map[string][]portBinding
		}
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return err
	}
	ports := doc.NetworkSettings.Ports
	out := cli.Out()
	if opts.port != "" {
		key, err := portLookupKey(opts.port)
		if err != nil {
			return err
		}
		bindings, ok := ports[key]
		if !ok || len(bindings) == 0 {
			return fmt.Errorf("Error: No public port '%s' published for %s", opts.port, opts.container)
		}
		var b strings.Builder
		for _, pb := range bindings {
			b.WriteString(pb.portHostAddr() + "\n")
		}
		_, err = fmt.Fprint(out, b.String())
		return err
	}
	keys := make([]string, 0, len(ports))
	for k := range ports {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return portKeyLess(keys[i], keys[j]) })
	var b strings.Builder
	for _, k := range keys {
		for _, pb := range ports[k] {
			b.WriteString(k + " -> " + pb.portHostAddr() + "\n")
		}
	}
	_, err = fmt.Fprint(out, b.String())
	return err
}

// portLookupKey turns PRIVATE_PORT[/PROTO] into the engine's map key: the protocol
// defaults to tcp ("80" and "80/" are "80/tcp"); the number must fit 16 bits.
func portLookupKey(arg string) (string, error) {
	port, proto, _ := strings.Cut(arg, "/")
	if proto == "" {
		proto = "tcp"
	}
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return "", fmt.Errorf("Error: invalid port (%s): %w", port, err)
	}
	return port + "/" + proto, nil
}

// portKeyLess orders "PORT/PROTO" keys by port number, then protocol, as docker lists
// them (8/tcp, 80/tcp, 80/udp, 1000/udp); keys that are not numbered (never sent by an
// engine) come last, in string order.
func portKeyLess(a, b string) bool {
	an, ap, _ := strings.Cut(a, "/")
	bn, bp, _ := strings.Cut(b, "/")
	ai, aerr := strconv.ParseUint(an, 10, 64)
	bi, berr := strconv.ParseUint(bn, 10, 64)
	switch {
	case aerr == nil && berr != nil:
		return true
	case aerr != nil && berr == nil:
		return false
	case aerr != nil && berr != nil:
		return a < b
	case ai != bi:
		return ai < bi
	case an != bn: // "08" and "8"
		return an < bn
	}
	return ap < bp
}
