package network

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
)

// disconnectOptions are the flags and arguments of docker network disconnect.
type disconnectOptions struct {
	network   string
	container string
	force     bool
}

func newDisconnectCommand(cli commands.Cli) *cobra.Command {
	o := &disconnectOptions{}
	cmd := &cobra.Command{
		Use:               "disconnect [OPTIONS] NETWORK CONTAINER",
		Short:             "Disconnect a container from a network",
		Args:              commands.ExactArgs(2),
		ValidArgsFunction: completion.First(completion.NetworkNames(cli)),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.network, o.container = args[0], args[1]
			return runDisconnect(cmd.Context(), cli, o)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.BoolVarP(&o.force, "force", "f", false, "Disconnect it even when the engine cannot reach the container's endpoint")
	})
	return cmd
}

func runDisconnect(ctx context.Context, cli commands.Cli, o *disconnectOptions) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	return c.NetworkDisconnect(ctx, o.network, o.container, o.force)
}
