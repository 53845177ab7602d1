// Package task lists swarm tasks as docker's service ps, node ps and stack ps do: one
// listing, its columns in formatter.go.
package task

import (
	"context"
	"sort"
	"strconv"

	"github.com/moby/moby/api/types/swarm"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/formatter"
	"github.com/skiff-cli/skiff/imageref"
)

// Options are the flags every task listing shares.
type Options struct {
	NoTrunc   bool
	NoResolve bool
	Quiet     bool
	Format    string
}

// AddFlags binds the flags of service ps and node ps.
func AddFlags(flags *pflag.FlagSet, filter *commands.FilterOpt, o *Options) {
	AddFlagsButFormat(flags, filter, o)
	flags.StringVar(&o.Format, "format", "", "Pretty-print tasks using a Go template")
}

// AddFlagsButFormat binds the flags every task listing shares but --format, whose help
// stack ps words as the other listings (commands.AddFormatFlag), as docker 28.
func AddFlagsButFormat(flags *pflag.FlagSet, filter *commands.FilterOpt, o *Options) {
	flags.VarP(filter, "filter", "f", "Filter output based on conditions provided")
	flags.BoolVar(&o.NoResolve, "no-resolve", false, "Do not map IDs to Names")
	flags.BoolVar(&o.NoTrunc, "no-trunc", false, "Do not truncate output")
	flags.BoolVarP(&o.Quiet, "quiet", "q", false, "Only display task IDs")
}

// Print lists tasks: sorted by name (service then slot, or node for a task without a
// slot), newest first within a name, names and nodes resolved through the engine unless
// NoResolve (docker resolves with -q too). -q alone or with --format table lists IDs.
func Print(ctx context.Context, cli commands.Cli, c *client.Client, tasks []swarm.Task, opts Options) error {
	format := commands.ListFormat(opts.Format, cli.ConfigFile().TasksFormat, opts.Quiet)
	trunc := !opts.NoTrunc
	switch {
	case opts.Quiet && format == formatter.TableFormatKey:
		format = quietFormat
	case format == formatter.TableFormatKey:
		format = defaultTableFormat
	}
	r := newResolver(c, opts.NoResolve)
	rows := make([]Row, len(tasks))
	for i := range tasks {
		t := &tasks[i]
		rows[i] = Row{Task: t, Name: r.taskName(ctx, t), Node: r.node(ctx, t.NodeID)}
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.Name != b.Name {
			return formatter.NaturalLess(a.Name, b.Name)
		}
		return a.Task.CreatedAt.After(b.Task.CreatedAt)
	})
	if formatter.Format(format).IsTable() {
		indent(rows)
	}
	return Write(formatter.Context{Output: cli.Out(), Format: formatter.Format(format), Trunc: trunc}, rows)
}

// indent marks the older tasks of a name with " \_ ". A task listed twice (node ps of
// several nodes may list it twice) shows the mark its last listing got, as docker.
func indent(rows []Row) {
	marked := make(map[string]string, len(rows))
	prev := ""
	for i := range rows {
		name := rows[i].Name
		if i > 0 && name == prev {
			marked[rows[i].Task.ID] = ` \_ ` + name
		} else {
			marked[rows[i].Task.ID] = name
		}
		prev = name
	}
	for i := range rows {
		rows[i].Name = marked[rows[i].Task.ID]
	}
}

// resolver turns service and node IDs into names, asking the engine once per ID; an ID
// it cannot resolve stays an ID.
type resolver struct {
	c        *client.Client
	off      bool
	services map[string]string
	nodes    map[string]string
}

func newResolver(c *client.Client, off bool) *resolver {
	return &resolver{c: c, off: off, services: map[string]string{}, nodes: map[string]string{}}
}

func (r *resolver) service(ctx context.Context, id string) string {
	if r.off || id == "" {
		return id
	}
	if n, ok := r.services[id]; ok {
		return n
	}
	n := id
	if s, _, err := r.c.ServiceInspect(ctx, id, false); err == nil && s.Spec.Name != "" {
		n = s.Spec.Name
	}
	r.services[id] = n
	return n
}

func (r *resolver) node(ctx context.Context, id string) string {
	if r.off || id == "" {
		return id
	}
	if n, ok := r.nodes[id]; ok {
		return n
	}
	n := id
	if nd, _, err := r.c.NodeInspect(ctx, id); err == nil && nd.Description.Hostname != "" {
		n = nd.Description.Hostname
	}
	r.nodes[id] = n
	return n
}

// taskName is "service.slot", or "service.nodeID" for a task without a slot (global
// services).
func (r *resolver) taskName(ctx context.Context, t *swarm.Task) string {
	name := r.service(ctx, t.ServiceID)
	if t.Slot != 0 {
		return name + "." + strconv.Itoa(t.Slot)
	}
	return name + "." + t.NodeID
}

// ShortImage is an image as listings show it: familiar, and a tagged reference without
// its digest ("bb:latest@sha256:…" is "bb:latest").
func ShortImage(image string) string {
	ref, err := imageref.Parse(image)
	if err != nil {
		return image
	}
	if ref.Tag != "" {
		ref.Digest = ""
	}
	return ref.Familiar()
}
