package swarm

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
)

// unlockKeyOptions are the flags of docker swarm unlock-key.
type unlockKeyOptions struct {
	rotate bool
	quiet  bool
}

func newUnlockKeyCommand(cli commands.Cli) *cobra.Command {
	opts := &unlockKeyOptions{}
	cmd := &cobra.Command{
		Use:               "unlock-key [OPTIONS]",
		Short:             "Manage the unlock key",
		Args:              commands.NoArgs,
		ValidArgsFunction: completion.None,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runUnlockKey(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.BoolVar(&opts.rotate, "rotate", false, "Rotate unlock key")
		flags.BoolVarP(&opts.quiet, "quiet", "q", false, "Only display token")
	})
	return cmd
}

func runUnlockKey(ctx context.Context, cli commands.Cli, opts *unlockKeyOptions) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	if opts.rotate {
		sw, err := c.SwarmInspect(ctx)
		if err != nil {
			return err
		}
		if !sw.Spec.EncryptionConfig.AutoLockManagers {
			return errors.New("cannot rotate because autolock is not turned on")
		}
		if err := c.SwarmUpdate(ctx, sw.Version.Index, sw.Spec, client.SwarmUpdateFlags{RotateManagerUnlockKey: true}); err != nil {
			return err
		}
		if !opts.quiet {
			fmt.Fprintln(cli.Out(), "Successfully rotated manager unlock key.")
		}
	}
	key, err := c.SwarmUnlockKey(ctx)
	if err != nil {
		return fmt.Errorf("could not fetch unlock key: %w", err)
	}
	if key == "" {
		return errors.New("no unlock key is set")
	}
	if opts.quiet {
		fmt.Fprintln(cli.Out(), key)
		return nil
	}
	printUnlockKey(cli.Out(), key)
	return nil
}
