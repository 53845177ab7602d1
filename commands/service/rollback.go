package service

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
)

// rollbackOptions are the flags of docker service rollback.
type rollbackOptions struct {
	detach, quiet bool
	service       string
}

func newRollbackCommand(cli commands.Cli) *cobra.Command {
	o := &rollbackOptions{}
	cmd := &cobra.Command{
		Use:               "rollback [OPTIONS] SERVICE",
		Short:             "Revert changes to a service's configuration",
		Args:              commands.ExactArgs(1),
		ValidArgsFunction: completion.ServiceNames(cli),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.service = args[0]
			return runRollback(cmd.Context(), cli, o)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.BoolVarP(&o.detach, "detach", "d", false, "Return at once instead of waiting for the service to converge")
		flags.BoolVarP(&o.quiet, "quiet", "q", false, "Do not show the progress")
	})
	cmd.Annotations = map[string]string{"version": "1.31"}
	return cmd
}

// runRollback asks the engine to go back to the previous spec (sent with the
// current one and its version, as docker does).
func runRollback(ctx context.Context, cli commands.Cli, o *rollbackOptions) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	svc, _, err := c.ServiceInspect(ctx, o.service, false)
	if err != nil {
		return err
	}
	resp, err := c.ServiceUpdate(ctx, svc.ID, svc.Version.Index, svc.Spec, client.ServiceUpdateOptions{Rollback: "previous"})
	if err != nil {
		return err
	}
	for _, w := range resp.Warnings {
		fmt.Fprintln(cli.Err(), w)
	}
	fmt.Fprintln(cli.Out(), o.service)
	if o.detach {
		return nil
	}
	return waitService(ctx, cli, svc.ID, o.service, o.quiet, true)
}
