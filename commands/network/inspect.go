package network

import (
	"context"
	"errors"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
	"github.com/skiff-cli/skiff/formatter"
)

// inspectOptions are the flags and arguments of docker network inspect.
type inspectOptions struct {
	format  string
	verbose bool
	names   []string
}

func newInspectCommand(cli commands.Cli) *cobra.Command {
	opts := &inspectOptions{}
	cmd := &cobra.Command{
		Use:               "inspect [OPTIONS] NETWORK [NETWORK...]",
		Short:             "Display detailed information on one or more networks",
		Args:              commands.RequiresMinArgs(1),
		ValidArgsFunction: completion.NetworkNames(cli),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.names = args
			return runInspect(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		commands.AddInspectFormatFlag(flags, &opts.format)
		flags.BoolVarP(&opts.verbose, "verbose", "v", false, "Include diagnostic details (swarm services and tasks)")
	})
	return cmd
}

func runInspect(ctx context.Context, cli commands.Cli, opts *inspectOptions) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	return formatter.Inspect(cli.Out(), opts.names, opts.format, func(name string) (any, []byte, error) {
		if strings.TrimSpace(name) == "" {
			// docker refuses a blank name without asking the engine.
			return nil, nil, errors.New("invalid network name or ID: value is empty")
		}
		_, raw, err := c.NetworkInspect(ctx, name, opts.verbose, "")
		if err != nil {
			return nil, nil, err
		}
		// Templates see docker's shape of a network; output is the daemon's bytes.
		v, err := InspectValue(raw)
		if err != nil {
			return nil, nil, err
		}
		return v, raw, nil
	})
}
