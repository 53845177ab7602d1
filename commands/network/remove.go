package network

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
)

// removeOptions are the flags and arguments of docker network rm.
type removeOptions struct {
	force    bool
	networks []string
}

func newRemoveCommand(cli commands.Cli) *cobra.Command {
	o := &removeOptions{}
	cmd := &cobra.Command{
		Use:               "rm NETWORK [NETWORK...]",
		Aliases:           []string{"remove"},
		Short:             "Remove one or more networks",
		Args:              commands.RequiresMinArgs(1),
		ValidArgsFunction: completion.NetworkNames(cli),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.networks = args
			return runRemove(cmd.Context(), cli, o)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.BoolVarP(&o.force, "force", "f", false, "Say nothing of a network that does not exist")
	})
	return cmd
}

const ingressWarning = "WARNING! Before removing the routing-mesh network, make sure all the nodes in your swarm run the same docker engine version. Otherwise, removal may not be effective and functionality of newly create ingress networks will be impaired.\nAre you sure you want to continue? [y/N] "

// runRemove removes the networks one after the other as docker 28 does: each is looked
// up first, only to ask before removing the swarm's routing mesh (ingress; -f does not
// skip that question, a failed look-up is passed over); each removed one is printed as
// given, each failure on stderr (with -f, not a network that does not exist), and any
// failure ends it with docker's "exit status 1".
func runRemove(ctx context.Context, cli commands.Cli, o *removeOptions) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	failed := false
	for _, name := range o.networks {
		if nw, _, err := c.NetworkInspect(ctx, name, false, ""); err == nil && nw.Ingress {
			if !commands.Confirm(cli, ingressWarning) {
				continue
			}
		}
		if err := c.NetworkRemove(ctx, name); err != nil {
			if o.force && client.IsNotFound(err) {
				continue
			}
			fmt.Fprintln(cli.Err(), err)
			failed = true
			continue
		}
		fmt.Fprintln(cli.Out(), name)
	}
	if failed {
		return commands.StatusError{Status: "exit status 1", StatusCode: 1}
	}
	return nil
}
