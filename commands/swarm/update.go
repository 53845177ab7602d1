package swarm

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
)

func newUpdateCommand(cli commands.Cli) *cobra.Command {
	opts := &specFlags{}
	cmd := &cobra.Command{
		Use:               "update [OPTIONS]",
		Short:             "Update the swarm",
		Args:              commands.NoArgs,
		ValidArgsFunction: completion.None,
		RunE: func(cmd *cobra.Command, args []string) error {
			// nothing to change: docker shows the help, and succeeds
			if !anyLocalFlag(cmd) {
				return cmd.Help()
			}
			return runUpdate(cmd.Context(), cli, cmd.Flags(), opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		opts.bind(flags, "Change manager autolocking setting (true|false)")
	})
	return cmd
}

// runUpdate changes the given settings in the cluster's current spec. Turning autolock
// on prints the new unlock key, as docker (not when it was on already).
func runUpdate(ctx context.Context, cli commands.Cli, flags *pflag.FlagSet, opts *specFlags) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	sw, err := c.SwarmInspect(ctx)
	if err != nil {
		return err
	}
	wasLocked := sw.Spec.EncryptionConfig.AutoLockManagers
	opts.merge(flags, &sw.Spec, sw.TLSInfo.TrustRoot)
	if err := c.SwarmUpdate(ctx, sw.Version.Index, sw.Spec, client.SwarmUpdateFlags{}); err != nil {
		return err
	}
	fmt.Fprintln(cli.Out(), "Swarm updated.")
	if flags.Changed("autolock") && opts.autolock && !wasLocked {
		key, err := c.SwarmUnlockKey(ctx)
		if err != nil {
			return fmt.Errorf("could not fetch unlock key: %w", err)
		}
		printUnlockKey(cli.Out(), key)
	}
	return nil
}

// anyLocalFlag tells whether one of the command's own flags was given (global ones such
// as -H do not count).
func anyLocalFlag(cmd *cobra.Command) bool {
	local, given := cmd.LocalFlags(), false
	cmd.Flags().Visit(func(f *pflag.Flag) {
		given = given || local.Lookup(f.Name) != nil
	})
	return given
}
