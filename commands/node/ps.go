package node

import (
	"context"
	"errors"

	"github.com/moby/moby/api/types/swarm"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/task"
	"github.com/skiff-cli/skiff/completion"
)

// psOptions are the flags and arguments of docker node ps.
type psOptions struct {
	filter *commands.FilterOpt
	task   task.Options
	nodes  []string
}

func newPsCommand(cli commands.Cli) *cobra.Command {
	opts := &psOptions{filter: commands.NewFilterOpt()}
	cmd := &cobra.Command{
		Use:               "ps [OPTIONS] [NODE...]",
		Short:             "List tasks running on one or more nodes, defaults to current node",
		Args:              cobra.ArbitraryArgs,
		ValidArgsFunction: completion.NodeNames(cli),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.nodes = args
			if len(opts.nodes) == 0 {
				opts.nodes = []string{"self"}
			}
			return runPs(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		task.AddFlags(flags, opts.filter, &opts.task)
		commands.CompleteFlags(cmd, completion.None, "filter", "format") // docker 28: no files
	})
	return cmd
}

// runPs lists the tasks of the nodes found, then tells each node that could not be
// read (exit 1); when none was found nothing is listed, not even the header.
func runPs(ctx context.Context, cli commands.Cli, opts *psOptions) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	// docker adds each node to one filter as it goes, so the second node's request
	// asks for the first node's tasks again: they are listed twice, as docker does.
	filter := opts.filter.Value().Clone()
	var (
		tasks []swarm.Task
		errs  []error
		found bool
	)
	for _, name := range opts.nodes {
		id, err := resolveSelf(ctx, c, name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		n, _, err := c.NodeInspect(ctx, id)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		filter.Add("node", n.ID)
		ts, err := c.TaskList(ctx, filter)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		tasks = append(tasks, ts...)
		found = true
	}
	if found {
		if err := task.Print(ctx, cli, c, tasks, opts.task); err != nil {
			return err
		}
	}
	return errors.Join(errs...)
}
