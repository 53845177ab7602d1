package stack

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
)

// removeOptions are the flags and arguments of docker stack rm.
type removeOptions struct {
	detach bool
	stacks []string
}

func newRemoveCommand(cli commands.Cli) *cobra.Command {
	opts := &removeOptions{}
	cmd := &cobra.Command{
		Use:               "rm [OPTIONS] STACK [STACK...]",
		Aliases:           []string{"remove", "down"},
		Short:             "Remove one or more stacks",
		Args:              commands.RequiresMinArgs(1),
		ValidArgsFunction: completion.StackNames(cli),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.stacks = args
			return runRemove(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.BoolVarP(&opts.detach, "detach", "d", true, "Return without waiting for the stack's tasks to be gone")
	})
	return cmd
}

// runRemove removes each stack's services, secrets, configs and networks, in that
// order; a stack with nothing is a note on stderr; a failed removal makes the exit status 1.
func runRemove(ctx context.Context, cli commands.Cli, opts *removeOptions) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	failed := false
	for _, stack := range opts.stacks {
		f := client.NewFilters([2]string{"label", namespaceLabel + "=" + stack})
		services, err := c.ServiceList(ctx, f, false)
		if err != nil {
			return err
		}
		networks, err := c.NetworkList(ctx, f)
		if err != nil {
			return err
		}
		secrets, err := c.SecretList(ctx, f)
		if err != nil {
			return err
		}
		configs, err := c.ConfigList(ctx, f)
		if err != nil {
			return err
		}
		if len(services)+len(networks)+len(secrets)+len(configs) == 0 {
			// a note, not a failure (exit 0), as docker 28
			fmt.Fprintf(cli.Err(), "Nothing found in stack: %s\n", stack)
			continue
		}
		sort.Slice(services, func(i, j int) bool { return services[i].Spec.Name < services[j].Spec.Name })
		sort.Slice(secrets, func(i, j int) bool { return secrets[i].Spec.Name < secrets[j].Spec.Name })
		sort.Slice(configs, func(i, j int) bool { return configs[i].Spec.Name < configs[j].Spec.Name })
		var errs []error
		for _, s := range services {
			fmt.Fprintf(cli.Out(), "Removing service %s\n", s.Spec.Name)
			if err := c.ServiceRemove(ctx, s.ID); err != nil {
				errs = append(errs, fmt.Errorf("Failed to remove service %s: %w", s.ID, err))
			}
		}
		for _, s := range secrets {
			fmt.Fprintf(cli.Out(), "Removing secret %s\n", s.Spec.Name)
			if err := c.SecretRemove(ctx, s.ID); err != nil {
				errs = append(errs, fmt.Errorf("Failed to remove secret %s: %w", s.ID, err))
			}
		}
		for _, s := range configs {
			fmt.Fprintf(cli.Out(), "Removing config %s\n", s.Spec.Name)
			if err := c.ConfigRemove(ctx, s.ID); err != nil {
				errs = append(errs, fmt.Errorf("Failed to remove config %s: %w", s.ID, err))
			}
		}
		for _, n := range networks {
			fmt.Fprintf(cli.Out(), "Removing network %s\n", n.Name)
			if err := c.NetworkRemove(ctx, n.ID); err != nil {
				errs = append(errs, fmt.Errorf("Failed to remove network %s: %w", n.ID, err))
			}
		}
		if len(errs) > 0 {
			fmt.Fprintln(cli.Err(), errors.Join(errs...))
			failed = true
			continue
		}
		if !opts.detach {
			if err := waitGone(ctx, c, f); err != nil {
				return err
			}
		}
	}
	if failed {
		return commands.Silent(1)
	}
	return nil
}

// waitGone polls until no task of the stack is left (or a minute has passed).
func waitGone(ctx context.Context, c *client.Client, f client.Filters) error {
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		tasks, err := c.TaskList(ctx, f)
		if err != nil {
			return err
		}
		if len(tasks) == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
	return nil
}
