package service

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/docker/go-units"
	"github.com/moby/moby/api/types/swarm"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
	"github.com/skiff-cli/skiff/formatter"
)

// inspectOptions are the flags and arguments of docker service inspect.
type inspectOptions struct {
	format string
	pretty bool
	names  []string
}

func newInspectCommand(cli commands.Cli) *cobra.Command {
	opts := &inspectOptions{}
	cmd := &cobra.Command{
		Use:               "inspect [OPTIONS] SERVICE [SERVICE...]",
		Short:             "Display detailed information on one or more services",
		Args:              commands.RequiresMinArgs(1),
		ValidArgsFunction: completion.ServiceNames(cli),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.names = args
			return runInspect(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		commands.AddInspectFormatFlag(flags, &opts.format)
		flags.BoolVar(&opts.pretty, "pretty", false, "Print the information in a human friendly format")
		commands.CompleteFlag(cmd, "format", completion.None) // unlike node inspect's: docker 28
	})
	return cmd
}

func runInspect(ctx context.Context, cli commands.Cli, opts *inspectOptions) error {
	if opts.pretty && opts.format != "" {
		return errors.New("--format is incompatible with human friendly format")
	}
	c, err := cli.Client()
	if err != nil {
		return err
	}
	// inspect shows the spec with the engine's defaults filled in, as docker asks.
	get := func(name string) (swarm.Service, []byte, error) {
		s, raw, err := c.ServiceInspect(ctx, name, true)
		if client.IsNotFound(err) {
			err = fmt.Errorf("Error: no such service: %s", name)
		}
		return s, raw, err
	}
	if !opts.pretty {
		if opts.format != "" && opts.format != formatter.JSONFormatKey {
			// a template sees docker's type only: a field it lacks is an error in
			// that type's name ("in type swarm.Service"), as docker words it
			return formatter.InspectTyped(cli.Out(), opts.names, opts.format, func(name string) (any, error) {
				s, _, err := get(name)
				return s, err
			})
		}
		return formatter.Inspect(cli.Out(), opts.names, opts.format, func(name string) (any, []byte, error) {
			s, raw, err := get(name)
			return s, raw, err
		})
	}
	// --pretty prints nothing unless every service is found.
	var b bytes.Buffer
	now := time.Now()
	for _, name := range opts.names {
		s, _, err := get(name)
		if err != nil {
			return err
		}
		writePretty(&b, &s, now, func(id string) string { return networkName(ctx, c, id) })
	}
	_, err = cli.Out().Write(b.Bytes())
	return err
}

// networkName is the name of a swarm network, its ID when it cannot be found.
func networkName(ctx context.Context, c *client.Client, id string) string {
	n, _, err := c.NetworkInspect(ctx, id, false, "swarm")
	if err != nil || n.Name == "" {
		return id
	}
	return n.Name
}

// writePretty writes one service in docker's human layout, its tabs, spaces and
// trailing blanks as docker prints them.
func writePretty(b *bytes.Buffer, s *swarm.Service, now time.Time, network func(id string) string) {
	spec := &s.Spec
	tt := &spec.TaskTemplate
	fmt.Fprintf(b, "\nID:\t\t%s\nName:\t\t%s\n", s.ID, spec.Name)
	if len(spec.Labels) > 0 {
		b.WriteString("Labels:\n")
		for _, k := range sortedKeys(spec.Labels) {
			if v := spec.Labels[k]; v != "" {
				fmt.Fprintf(b, " %s=%s\n", k, v)
			} else {
				fmt.Fprintf(b, " %s\n", k)
			}
		}
	}
	switch m := spec.Mode; {
	case m.Global != nil:
		b.WriteString("Service Mode:\tGlobal\n")
	case m.Replicated != nil:
		b.WriteString("Service Mode:\tReplicated\n")
		if m.Replicated.Replicas != nil {
			fmt.Fprintf(b, " Replicas:\t%d\n", *m.Replicated.Replicas)
		}
	default:
		b.WriteString("Service Mode:\n")
	}
	if u := s.UpdateStatus; u != nil {
		b.WriteString("UpdateStatus:\n")
		fmt.Fprintf(b, " State:\t\t%s\n", u.State)
		if u.StartedAt != nil {
			fmt.Fprintf(b, " Started:\t%s\n", formatter.HumanAgo(now, *u.StartedAt))
		}
		if u.CompletedAt != nil {
			fmt.Fprintf(b, " Completed:\t%s\n", formatter.HumanAgo(now, *u.CompletedAt))
		}
		fmt.Fprintf(b, " Message:\t%s\n", u.Message)
	}
	if p := tt.Placement; p != nil {
		b.WriteString("Placement:\n")
		if len(p.Constraints) > 0 {
			fmt.Fprintf(b, " Constraints:\t%v\n", p.Constraints)
		}
		if len(p.Preferences) > 0 {
			prefs := make([]string, 0, len(p.Preferences))
			for _, pref := range p.Preferences {
				if pref.Spread != nil {
					prefs = append(prefs, "spread="+pref.Spread.SpreadDescriptor)
				}
			}
			fmt.Fprintf(b, " Preferences:   %v\n", prefs)
		}
		if p.MaxReplicas > 0 {
			fmt.Fprintf(b, " Max Replicas Per Node:   %d\n", p.MaxReplicas)
		}
	}
	writeUpdateConfig(b, "UpdateConfig", "Update order:     ", spec.UpdateConfig)
	writeUpdateConfig(b, "RollbackConfig", "Rollback order:   ", spec.RollbackConfig)
	if cs := tt.ContainerSpec; cs != nil {
		writeContainerSpec(b, cs)
	}
	if ld := tt.LogDriver; ld != nil {
		fmt.Fprintf(b, "Log Driver:\n Name:\t\t%s\n", ld.Name)
		if len(ld.Options) > 0 {
			b.WriteString(" LogOpts:\n")
			for _, k := range sortedKeys(ld.Options) {
				fmt.Fprintf(b, "  %s:       %s\n", k, ld.Options[k])
			}
		}
		b.WriteString("\n")
	}
	if r := tt.Resources; r != nil {
		writeResources(b, r)
	}
	if len(tt.Networks) > 0 {
		b.WriteString("Networks: ")
		for _, n := range tt.Networks {
			b.WriteString(network(n.Target) + " ")
		}
		b.WriteString("\n")
	}
	if es := spec.EndpointSpec; es != nil {
		fmt.Fprintf(b, "Endpoint Mode:\t%s\n", es.Mode)
	}
	if ports := s.Endpoint.Ports; len(ports) > 0 {
		b.WriteString("Ports:\n")
		for i, p := range ports {
			if i > 0 {
				b.WriteString("\n")
			}
			fmt.Fprintf(b, " PublishedPort = %d\n  Protocol = %s\n  TargetPort = %d\n  PublishMode = %s",
				p.PublishedPort, p.Protocol, p.TargetPort, p.PublishMode)
		}
		b.WriteString(" \n")
	}
	if cs := tt.ContainerSpec; cs != nil && cs.Healthcheck != nil {
		h := cs.Healthcheck
		fmt.Fprintf(b, " Healthcheck:\n  Interval = %s\n  Retries = %d\n  StartPeriod =\t%s\n  Timeout =\t%s\n  Tests:\n",
			h.Interval, h.Retries, h.StartPeriod, h.Timeout)
		for i, t := range h.Test {
			if i > 0 {
				b.WriteString("\n")
			}
			fmt.Fprintf(b, "\t Test = %s", t)
		}
		b.WriteString(" \n")
	}
	b.WriteString("\n")
}

// writeUpdateConfig is the UpdateConfig or RollbackConfig part; order is the label of
// its last line, padded as docker pads it.
func writeUpdateConfig(b *bytes.Buffer, title, order string, u *swarm.UpdateConfig) {
	if u == nil {
		return
	}
	fmt.Fprintf(b, "%s:\n Parallelism:\t%d\n", title, u.Parallelism)
	if u.Delay > 0 {
		fmt.Fprintf(b, " Delay:\t\t%s\n", u.Delay)
	}
	fmt.Fprintf(b, " On failure:\t%s\n", u.FailureAction)
	if u.Monitor > 0 {
		fmt.Fprintf(b, " Monitoring Period: %s\n", u.Monitor)
	}
	fmt.Fprintf(b, " Max failure ratio: %s\n", strconv.FormatFloat(float64(u.MaxFailureRatio), 'g', -1, 32))
	fmt.Fprintf(b, " %s %s\n", order, u.Order)
}

func writeContainerSpec(b *bytes.Buffer, cs *swarm.ContainerSpec) {
	fmt.Fprintf(b, "ContainerSpec:\n Image:\t\t%s\n", cs.Image)
	if len(cs.Args) > 0 {
		fmt.Fprintf(b, " Args:\t\t%s\n", spaced(cs.Args))
	}
	if len(cs.Env) > 0 {
		fmt.Fprintf(b, " Env:\t\t%s\n", spaced(cs.Env))
	}
	if cs.Dir != "" {
		fmt.Fprintf(b, " Dir:\t\t%s\n", cs.Dir)
	}
	if cs.Init != nil {
		fmt.Fprintf(b, " Init:\t\t%t\n", *cs.Init)
	}
	if cs.User != "" {
		fmt.Fprintf(b, " User: %s\n", cs.User)
	}
	if len(cs.CapabilityAdd) > 0 || len(cs.CapabilityDrop) > 0 {
		b.WriteString("Capabilities:\n")
		if len(cs.CapabilityAdd) > 0 {
			fmt.Fprintf(b, " Add: %s\n", strings.Join(cs.CapabilityAdd, ", "))
		}
		if len(cs.CapabilityDrop) > 0 {
			fmt.Fprintf(b, " Drop: %s\n", strings.Join(cs.CapabilityDrop, ", "))
		}
	}
	if len(cs.Sysctls) > 0 {
		b.WriteString("SysCtls:\n")
		for _, k := range sortedKeys(cs.Sysctls) {
			fmt.Fprintf(b, " %s: %s\n", k, cs.Sysctls[k])
		}
	}
	if len(cs.Ulimits) > 0 {
		b.WriteString("Ulimits:\n")
		for _, u := range cs.Ulimits {
			fmt.Fprintf(b, " %s: %d:%d\n", u.Name, u.Soft, u.Hard)
		}
	}
	if len(cs.Mounts) > 0 {
		b.WriteString("Mounts:\n")
		for _, m := range cs.Mounts {
			fmt.Fprintf(b, " Target:\t%s\n  Source:\t%s\n  ReadOnly:\t%t\n  Type:\t\t%s\n", m.Target, m.Source, m.ReadOnly, m.Type)
		}
	}
	if len(cs.Configs) > 0 {
		b.WriteString("Configs:\n")
		for _, c := range cs.Configs {
			target := ""
			if c.File != nil {
				target = c.File.Name
			}
			fmt.Fprintf(b, " Target:\t%s\n  Source:\t%s\n", target, c.ConfigName)
		}
	}
	if len(cs.Secrets) > 0 {
		b.WriteString("Secrets:\n")
		for _, s := range cs.Secrets {
			target := ""
			if s.File != nil {
				target = s.File.Name
			}
			fmt.Fprintf(b, " Target:\t%s\n  Source:\t%s\n", target, s.SecretName)
		}
	}
}

func writeResources(b *bytes.Buffer, r *swarm.ResourceRequirements) {
	b.WriteString("Resources:\n")
	if res := r.Reservations; res != nil && (res.NanoCPUs != 0 || res.MemoryBytes != 0) {
		b.WriteString(" Reservations:\n")
		if res.NanoCPUs != 0 {
			fmt.Fprintf(b, "  CPU:\t\t%s\n", cpus(res.NanoCPUs))
		}
		if res.MemoryBytes != 0 {
			fmt.Fprintf(b, "  Memory:\t%s\n", units.BytesSize(float64(res.MemoryBytes)))
		}
	}
	if l := r.Limits; l != nil && (l.NanoCPUs != 0 || l.MemoryBytes != 0 || l.Pids != 0) {
		b.WriteString(" Limits:\n")
		if l.NanoCPUs != 0 {
			fmt.Fprintf(b, "  CPU:\t\t%s\n", cpus(l.NanoCPUs))
		}
		if l.MemoryBytes != 0 {
			fmt.Fprintf(b, "  Memory:\t%s\n", units.BytesSize(float64(l.MemoryBytes)))
		}
		if l.Pids != 0 {
			fmt.Fprintf(b, "  PIDs:\t\t%d\n", l.Pids)
		}
	}
}

// cpus is a count of nano-CPUs as CPUs ("0.5").
func cpus(nano int64) string { return strconv.FormatFloat(float64(nano)/1e9, 'g', -1, 64) }

// spaced is each word followed by a space, as docker lists args and env.
func spaced(words []string) string {
	var s strings.Builder
	for _, w := range words {
		s.WriteString(w)
		s.WriteByte(' ')
	}
	return s.String()
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
