package stack

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/moby/moby/api/types/swarm"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
	"github.com/skiff-cli/skiff/formatter"
)

// psOptions are the flags of docker stack ps.
type psOptions struct {
	filter    *commands.FilterOpt
	format    string
	noResolve bool
	noTrunc   bool
	quiet     bool
	stack     string
}

func newPsCommand(cli commands.Cli) *cobra.Command {
	opts := &psOptions{filter: commands.NewFilterOpt()}
	cmd := &cobra.Command{
		Use:               "ps [OPTIONS] STACK",
		Short:             "List the tasks in the stack",
		Args:              commands.ExactArgs(1),
		ValidArgsFunction: completion.None,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.stack = args[0]
			return runPs(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.VarP(opts.filter, "filter", "f", "Filter output based on conditions provided")
		commands.AddFormatFlag(flags, &opts.format)
		flags.BoolVar(&opts.noResolve, "no-resolve", false, "Show IDs instead of service and node names")
		flags.BoolVar(&opts.noTrunc, "no-trunc", false, "Do not truncate output")
		flags.BoolVarP(&opts.quiet, "quiet", "q", false, "Only display task IDs")
	})
	return cmd
}

// runPs lists the stack's tasks by service and slot, the newest task of a slot first
// and its predecessors marked " \_ ", as docker does; no task is an error.
func runPs(ctx context.Context, cli commands.Cli, opts *psOptions) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	tasks, err := c.StackTaskList(ctx, withStack(opts.filter.Value(), opts.stack))
	if err != nil {
		return err
	}
	if len(tasks) == 0 {
		return fmt.Errorf("nothing found in stack: %s", opts.stack)
	}
	serviceNames := map[string]string{}
	nodeNames := map[string]string{}
	if !opts.noResolve && !opts.quiet {
		services, err := c.StackServiceList(ctx, client.NewFilters([2]string{"label", namespaceLabel + "=" + opts.stack}), false)
		if err != nil {
			return err
		}
		for _, s := range services {
			serviceNames[s.ID] = s.Spec.Name
		}
		nodes, err := c.NodeList(ctx, nil)
		if err != nil {
			return err
		}
		for _, n := range nodes {
			nodeNames[n.ID] = n.Description.Hostname
		}
	}
	format := commands.ListFormat(opts.format, cli.ConfigFile().TasksFormat, opts.quiet)
	switch {
	case opts.quiet && (format == "" || format == formatter.TableFormatKey):
		format = "{{.ID}}"
	case format == "" || format == formatter.TableFormatKey:
		format = defaultTaskTableFormat
	}
	rows := taskRows(tasks, serviceNames, nodeNames, opts.noTrunc, formatter.Format(format).IsTable())
	err = formatter.Context{Output: cli.Out(), Format: formatter.Format(format)}.Write(
		map[string]string{"ID": "ID", "Name": "NAME", "Image": "IMAGE", "Node": "NODE", "DesiredState": "DESIRED STATE",
			"CurrentState": "CURRENT STATE", "Error": "ERROR", "Ports": "PORTS"},
		func(emit func(any) error) error {
			for _, r := range rows {
				if err := emit(r); err != nil {
					return err
				}
			}
			return nil
		})
	return renameTypeError(err, "*stack.taskContext", "*task.taskContext")
}

// taskRows sorts the tasks; in tables a slot's older tasks are marked " \_ ".
func taskRows(tasks []swarm.Task, serviceNames, nodeNames map[string]string, noTrunc, table bool) []*taskContext {
	now := time.Now()
	type keyed struct {
		t       swarm.Task
		service string
		slot    string
	}
	ks := make([]keyed, len(tasks))
	for i, t := range tasks {
		svc := serviceNames[t.ServiceID]
		if svc == "" {
			svc = t.ServiceID
		}
		slot := fmt.Sprint(t.Slot)
		if t.Slot == 0 {
			slot = t.NodeID
		}
		ks[i] = keyed{t, svc, slot}
	}
	sort.SliceStable(ks, func(i, j int) bool {
		a, b := ks[i], ks[j]
		if a.service != b.service {
			return a.service < b.service
		}
		if a.t.Slot != b.t.Slot {
			return a.t.Slot < b.t.Slot
		}
		if a.slot != b.slot {
			return a.slot < b.slot
		}
		return a.t.Meta.CreatedAt.After(b.t.Meta.CreatedAt)
	})
	rows := make([]*taskContext, len(ks))
	for i, k := range ks {
		name := k.service + "." + k.slot
		if table && i > 0 && ks[i-1].service == k.service && ks[i-1].slot == k.slot {
			name = " \\_ " + name
		}
		node := nodeNames[k.t.NodeID]
		if node == "" {
			node = k.t.NodeID
		}
		rows[i] = &taskContext{t: k.t, name: name, node: node, noTrunc: noTrunc, now: now}
	}
	return rows
}
