package volume

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

// inspectOptions are the flags and arguments of docker volume inspect.
type inspectOptions struct {
	format string
	names  []string
}

func newInspectCommand(cli commands.Cli) *cobra.Command {
	opts := &inspectOptions{}
	cmd := &cobra.Command{
		Use:               "inspect [OPTIONS] VOLUME [VOLUME...]",
		Short:             "Display detailed information on one or more volumes",
		Args:              commands.RequiresMinArgs(1),
		ValidArgsFunction: completion.VolumeNames(cli),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.names = args
			return runInspect(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		commands.AddInspectFormatFlag(flags, &opts.format)
	})
	return cmd
}

func runInspect(ctx context.Context, cli commands.Cli, opts *inspectOptions) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	// Unlike other objects, docker prints volumes re-encoded from its own type rather
	// than the daemon's bytes, and templates see only that type.
	return formatter.InspectTyped(cli.Out(), opts.names, opts.format, func(name string) (any, error) {
		if strings.TrimSpace(name) == "" {
			// docker refuses a blank name without asking the engine.
			return nil, errors.New("invalid volume name or ID: value is empty")
		}
		v, _, err := c.VolumeInspect(ctx, name)
		if err != nil {
			return nil, err
		}
		return v, nil
	})
}
