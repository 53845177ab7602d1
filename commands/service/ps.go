package service

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/moby/moby/api/types/swarm"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/task"
	"github.com/skiff-cli/skiff/completion"
)

// psOptions are the flags and arguments of docker service ps.
type psOptions struct {
	filter   *commands.FilterOpt
	task     task.Options
	services []string
}

func newPsCommand(cli commands.Cli) *cobra.Command {
	opts := &psOptions{filter: commands.NewFilterOpt()}
	cmd := &cobra.Command{
		Use:               "ps [OPTIONS] SERVICE [SERVICE...]",
		Short:             "List the tasks of one or more services",
		Args:              commands.RequiresMinArgs(1),
		ValidArgsFunction: completion.ServiceNames(cli),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.services = args
			return runPs(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		task.AddFlags(flags, opts.filter, &opts.task)
		commands.CompleteFlags(cmd, completion.None, "filter", "format") // docker 28: no files
	})
	return cmd
}

// runPs lists the tasks of the services found (by ID prefix or exact name) and then
// says which were not found, one line each (exit 1).
func runPs(ctx context.Context, cli commands.Cli, opts *psOptions) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	byID := client.Filters{}
	byName := client.Filters{}
	for _, s := range opts.services {
		byID.Add("id", s)
		byName.Add("name", s)
	}
	idMatches, err := c.ServiceList(ctx, byID, false)
	if err != nil {
		return err
	}
	nameMatches, err := c.ServiceList(ctx, byName, false)
	if err != nil {
		return err
	}
	filter := opts.filter.Value().Clone()
	var missing []error
	for _, arg := range opts.services {
		id := findService(arg, idMatches, nameMatches)
		if id == "" {
			missing = append(missing, fmt.Errorf("no such service: %s", arg))
			continue
		}
		filter.Add("service", id)
	}
	if !filter.Contains("service") {
		return errors.Join(missing...)
	}
	if opts.task.Quiet {
		// service ps -q prints whole IDs (node ps -q does not), as docker
		opts.task.NoTrunc = true
	}
	tasks, err := c.TaskList(ctx, filter)
	if err != nil {
		return err
	}
	if err := task.Print(ctx, cli, c, tasks, opts.task); err != nil {
		return err
	}
	return errors.Join(missing...)
}

// findService is the ID of the service arg names: an ID that starts with it, else a
// service of exactly that name.
func findService(arg string, idMatches, nameMatches []swarm.Service) string {
	for _, s := range idMatches {
		if strings.HasPrefix(s.ID, arg) {
			return s.ID
		}
	}
	for _, s := range nameMatches {
		if s.Spec.Name == arg {
			return s.ID
		}
	}
	return ""
}
