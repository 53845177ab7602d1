package volume

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
)

// removeOptions are the flags and arguments of docker volume rm.
type removeOptions struct {
	force   bool
	volumes []string
}

func newRemoveCommand(cli commands.Cli) *cobra.Command {
	opts := &removeOptions{}
	cmd := &cobra.Command{
		Use:               "rm [OPTIONS] VOLUME [VOLUME...]",
		Aliases:           []string{"remove"},
		Short:             "Remove one or more volumes",
		Long:              "Remove one or more volumes. You cannot remove a volume that is in use by a container.",
		Args:              commands.RequiresMinArgs(1),
		ValidArgsFunction: completion.VolumeNames(cli),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.volumes = args
			return runRemove(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.BoolVarP(&opts.force, "force", "f", false, "Remove the volumes even when their driver fails; ignore the missing ones")
		commands.RequiresAPI(flags, "force", "1.25") // as docker gates it
	})
	return cmd
}

// runRemove removes the volumes one after the other, printing each name as given once
// it is gone; the failures are reported together at the end, with status 1. With
// --force the engine itself ignores a volume that does not exist.
func runRemove(ctx context.Context, cli commands.Cli, opts *removeOptions) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	var errs []error
	for _, name := range opts.volumes {
		if err := c.VolumeRemove(ctx, name, opts.force); err != nil {
			errs = append(errs, err)
			continue
		}
		fmt.Fprintln(cli.Out(), name)
	}
	return errors.Join(errs...)
}
