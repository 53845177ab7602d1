package stack

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/task"
	"github.com/skiff-cli/skiff/completion"
)

// psOptions are the flags of docker stack ps.
type psOptions struct {
	filter *commands.FilterOpt
	task   task.Options
	stack  string
}

func newPsCommand(cli commands.Cli) *cobra.Command {
	opts := &psOptions{filter: commands.NewFilterOpt()}
	cmd := &cobra.Command{
		Use:               "ps [OPTIONS] STACK",
		Short:             "List the tasks in the stack",
		Args:              commands.ExactArgs(1),
		ValidArgsFunction: completion.StackNames(cli),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.stack = args[0]
			return runPs(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		task.AddFlagsButFormat(flags, opts.filter, &opts.task)
		commands.AddFormatFlag(flags, &opts.task.Format)
	})
	return cmd
}

// runPs lists the stack's tasks as service ps lists a service's; no task is an error.
func runPs(ctx context.Context, cli commands.Cli, opts *psOptions) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	tasks, err := c.TaskList(ctx, withStack(opts.filter.Value(), opts.stack))
	if err != nil {
		return err
	}
	if len(tasks) == 0 {
		return fmt.Errorf("nothing found in stack: %s", opts.stack)
	}
	return task.Print(ctx, cli, c, tasks, opts.task)
}
