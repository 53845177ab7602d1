package node

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"sort"
	"strings"

	"github.com/docker/go-units"
	"github.com/moby/moby/api/types/swarm"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
	"github.com/skiff-cli/skiff/formatter"
)

// inspectOptions are the flags and arguments of docker node inspect.
type inspectOptions struct {
	format string
	pretty bool
	names  []string
}

func newInspectCommand(cli commands.Cli) *cobra.Command {
	opts := &inspectOptions{}
	cmd := &cobra.Command{
		Use:               "inspect [OPTIONS] self|NODE [NODE...]",
		Short:             "Display detailed information on one or more nodes",
		Args:              commands.RequiresMinArgs(1),
		ValidArgsFunction: completion.NodeNames(cli),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.names = args
			return runInspect(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		commands.AddInspectFormatFlag(flags, &opts.format)
		flags.BoolVar(&opts.pretty, "pretty", false, "Print the information in a human friendly format")
	})
	return cmd
}

func runInspect(ctx context.Context, cli commands.Cli, opts *inspectOptions) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	get := func(name string) (swarm.Node, []byte, error) {
		id, err := resolveSelf(ctx, c, name)
		if err != nil {
			return swarm.Node{}, nil, err
		}
		return c.NodeInspect(ctx, id)
	}
	if !opts.pretty {
		return formatter.Inspect(cli.Out(), opts.names, opts.format, func(name string) (any, []byte, error) {
			n, raw, err := get(name)
			return n, raw, err
		})
	}
	// --pretty ignores --format, and prints nothing unless every node is found.
	var b bytes.Buffer
	for _, name := range opts.names {
		n, _, err := get(name)
		if err != nil {
			return err
		}
		writePretty(&b, &n)
	}
	_, err = cli.Out().Write(b.Bytes())
	return err
}

// writePretty writes one node in docker's human layout (its tabs and spaces as docker
// prints them: the columns are not aligned by a tab-writer).
func writePretty(b *bytes.Buffer, n *swarm.Node) {
	fmt.Fprintf(b, "ID:\t\t\t%s\n", n.ID)
	if len(n.Spec.Labels) > 0 {
		b.WriteString("Labels:\n")
		keys := make([]string, 0, len(n.Spec.Labels))
		for k := range n.Spec.Labels {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if v := n.Spec.Labels[k]; v != "" {
				fmt.Fprintf(b, " - %s=%s\n", k, v)
			} else {
				fmt.Fprintf(b, " - %s\n", k)
			}
		}
	}
	fmt.Fprintf(b, "Hostname:              \t%s\n", n.Description.Hostname)
	fmt.Fprintf(b, "Joined at:             \t%s\n", strings.ToLower(n.CreatedAt.String()))
	b.WriteString("Status:\n")
	fmt.Fprintf(b, " State:\t\t\t%s\n", capitalize(string(n.Status.State)))
	fmt.Fprintf(b, " Availability:         \t%s\n", capitalize(string(n.Spec.Availability)))
	fmt.Fprintf(b, " Address:\t\t%s\n", n.Status.Addr)
	if m := n.ManagerStatus; m != nil {
		b.WriteString("Manager Status:\n")
		fmt.Fprintf(b, " Address:\t\t%s\n", m.Addr)
		fmt.Fprintf(b, " Raft Status:\t\t%s\n", capitalize(string(m.Reachability)))
		leader := "No"
		if m.Leader {
			leader = "Yes"
		}
		fmt.Fprintf(b, " Leader:\t\t%s\n", leader)
	}
	b.WriteString("Platform:\n")
	fmt.Fprintf(b, " Operating System:\t%s\n", n.Description.Platform.OS)
	fmt.Fprintf(b, " Architecture:\t\t%s\n", n.Description.Platform.Architecture)
	b.WriteString("Resources:\n")
	fmt.Fprintf(b, " CPUs:\t\t\t%d\n", n.Description.Resources.NanoCPUs/1e9)
	fmt.Fprintf(b, " Memory:\t\t%s\n", units.BytesSize(float64(n.Description.Resources.MemoryBytes)))
	if plugins := n.Description.Engine.Plugins; len(plugins) > 0 {
		byType := map[string][]string{}
		for _, p := range plugins {
			byType[p.Type] = append(byType[p.Type], p.Name)
		}
		types := make([]string, 0, len(byType))
		for t := range byType {
			types = append(types, t)
		}
		sort.Strings(types)
		b.WriteString("Plugins:\n")
		for _, t := range types {
			names := byType[t]
			sort.Strings(names)
			fmt.Fprintf(b, " %s:\t\t%s\n", t, strings.Join(names, ", "))
		}
	}
	fmt.Fprintf(b, "Engine Version:\t\t%s\n", n.Description.Engine.EngineVersion)
	if tls := n.Description.TLSInfo; tls.TrustRoot != "" {
		b.WriteString("TLS Info:\n TrustRoot:\n")
		fmt.Fprintf(b, "%s\n", tls.TrustRoot)
		fmt.Fprintf(b, " Issuer Subject:\t%s\n", base64.StdEncoding.EncodeToString(tls.CertIssuerSubject))
		fmt.Fprintf(b, " Issuer Public Key:\t%s\n", base64.StdEncoding.EncodeToString(tls.CertIssuerPublicKey))
	}
}

// capitalize upper-cases the first letter of the engine's lower-case states ("ready").
func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
