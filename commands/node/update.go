package node

import (
	"context"
	"fmt"

	"github.com/moby/moby/api/types/swarm"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	flagopts "github.com/skiff-cli/skiff/commands/opts"
	"github.com/skiff-cli/skiff/completion"
)

// updateOptions are the flags of docker node update.
type updateOptions struct {
	role         string
	availability string
	labelAdd     *flagopts.ListOpts
	labelRm      *flagopts.ListOpts
}

func newUpdateCommand(cli commands.Cli) *cobra.Command {
	opts := &updateOptions{labelAdd: flagopts.NewListOpts(flagopts.ValidateLabel), labelRm: flagopts.NewListOpts(nil)}
	cmd := &cobra.Command{
		Use:               "update [OPTIONS] NODE",
		Short:             "Update a node",
		Args:              commands.ExactArgs(1),
		ValidArgsFunction: completion.NodeNames(cli),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runUpdate(cmd.Context(), cli, cmd.Flags(), opts, args[0])
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.StringVar(&opts.role, "role", "", `Role of the node ("worker", "manager")`)
		flags.StringVar(&opts.availability, "availability", "", `Availability of the node ("active", "pause", "drain")`)
		flags.Var(opts.labelAdd, "label-add", `Add or update a node label ("key=value")`)
		flags.Var(opts.labelRm, "label-rm", "Remove a node label if exists")
		commands.CompleteFlag(cmd, "role", completion.Fixed("worker", "manager"))
		commands.CompleteFlag(cmd, "availability", completion.Fixed("active", "pause", "drain"))
		commands.CompleteFlags(cmd, completion.None, "label-add", "label-rm")
	})
	return cmd
}

// runUpdate changes the given fields of the node's spec and prints the node as named.
// The engine checks role and availability; a label to remove that the node lacks is
// refused here, as docker.
func runUpdate(ctx context.Context, cli commands.Cli, flags *pflag.FlagSet, opts *updateOptions, name string) error {
	return updateNodes(ctx, cli, []string{name}, func(n *swarm.Node) error {
		spec := &n.Spec
		if flags.Changed("role") {
			spec.Role = swarm.NodeRole(opts.role)
		}
		if flags.Changed("availability") {
			spec.Availability = swarm.NodeAvailability(opts.availability)
		}
		if spec.Labels == nil {
			spec.Labels = map[string]string{}
		}
		for k, v := range flagopts.KeyValueMap(opts.labelAdd.GetAll()) {
			spec.Labels[k] = v
		}
		for _, k := range opts.labelRm.GetAll() {
			if _, ok := spec.Labels[k]; !ok {
				return fmt.Errorf("key %s doesn't exist in node's labels", k)
			}
			delete(spec.Labels, k)
		}
		return nil
	}, func(n *swarm.Node, name string) {
		fmt.Fprintln(cli.Out(), name)
	})
}

// errNoChange tells updateNodes that a node is as wanted already: no update is sent.
type errNoChange struct{ msg string }

func (e errNoChange) Error() string { return e.msg }

// updateNodes applies change to each node's spec in turn and sends it at the node's
// version; it stops at the first failure. done prints what docker prints for a node.
func updateNodes(ctx context.Context, cli commands.Cli, names []string, change func(*swarm.Node) error, done func(*swarm.Node, string)) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	for _, name := range names {
		if err := updateNode(ctx, c, cli, name, change, done); err != nil {
			return err
		}
	}
	return nil
}

func updateNode(ctx context.Context, c *client.Client, cli commands.Cli, name string, change func(*swarm.Node) error, done func(*swarm.Node, string)) error {
	n, _, err := c.NodeInspect(ctx, name)
	if err != nil {
		return err
	}
	if err := change(&n); err != nil {
		if nc, ok := err.(errNoChange); ok {
			fmt.Fprintln(cli.Out(), nc.msg)
			return nil
		}
		return err
	}
	if err := c.NodeUpdate(ctx, n.ID, n.Version.Index, n.Spec); err != nil {
		return err
	}
	done(&n, name)
	return nil
}
