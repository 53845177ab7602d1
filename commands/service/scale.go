package service

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
)

// scaleOptions are the flags of docker service scale.
type scaleOptions struct {
	detach bool
	pairs  []string
}

func newScaleCommand(cli commands.Cli) *cobra.Command {
	o := &scaleOptions{}
	cmd := &cobra.Command{
		Use:               "scale SERVICE=REPLICAS [SERVICE=REPLICAS...]",
		Short:             "Scale one or multiple replicated services",
		Args:              scaleArgs,
		ValidArgsFunction: completion.ServiceNamesWithSuffix(cli, "="),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.pairs = args
			return runScale(cmd.Context(), cli, o)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.BoolVarP(&o.detach, "detach", "d", false, "Return at once instead of waiting for the service to converge")
	})
	return cmd
}

// scaleArgs wants at least one argument, each SERVICE=REPLICAS.
func scaleArgs(cmd *cobra.Command, args []string) error {
	if err := commands.RequiresMinArgs(1)(cmd, args); err != nil {
		return err
	}
	for _, a := range args {
		if k, _, ok := strings.Cut(a, "="); !ok || k == "" {
			return fmt.Errorf("invalid scale specifier '%s'.\nSee '%s --help'.\n\nUsage:  %s\n\n%s", a, cmd.CommandPath(), cmd.UseLine(), cmd.Short)
		}
	}
	return nil
}

// runScale scales each service in turn; the failures are reported together, each
// named by its service.
func runScale(ctx context.Context, cli commands.Cli, o *scaleOptions) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	var errs []string
	var scaled []string
	for _, p := range o.pairs {
		name, value, _ := strings.Cut(p, "=")
		n, err := strconv.ParseUint(value, 10, 64)
		if err != nil {
			errs = append(errs, fmt.Sprintf("%s: invalid replicas value %s: %v", name, value, err))
			continue
		}
		if err := scaleOne(ctx, cli, c, name, n); err != nil {
			errs = append(errs, fmt.Sprintf("%s: %v", name, err))
			continue
		}
		scaled = append(scaled, name)
	}
	if !o.detach {
		for _, name := range scaled {
			if err := WaitConverged(ctx, cli, name, name, false); err != nil {
				errs = append(errs, err.Error())
			}
		}
	}
	if len(errs) > 0 {
		return errors.New(strings.Join(errs, "\n"))
	}
	return nil
}

func scaleOne(ctx context.Context, cli commands.Cli, c *client.Client, name string, n uint64) error {
	svc, _, err := c.ServiceInspect(ctx, name, false)
	if err != nil {
		return err
	}
	switch m := &svc.Spec.Mode; {
	case m.Replicated != nil:
		m.Replicated.Replicas = &n
	case m.ReplicatedJob != nil:
		m.ReplicatedJob.TotalCompletions = &n
	default:
		return errors.New("scale can only be used with replicated or replicated-job mode")
	}
	resp, err := c.ServiceUpdate(ctx, svc.ID, svc.Version.Index, svc.Spec, client.ServiceUpdateOptions{})
	if err != nil {
		return err
	}
	for _, w := range resp.Warnings {
		fmt.Fprintln(cli.Err(), w)
	}
	fmt.Fprintf(cli.Out(), "%s scaled to %d\n", name, n)
	return nil
}
