package swarm

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
)

// joinTokenOptions are the flags and argument of docker swarm join-token.
type joinTokenOptions struct {
	role   string
	rotate bool
	quiet  bool
}

func newJoinTokenCommand(cli commands.Cli) *cobra.Command {
	opts := &joinTokenOptions{}
	cmd := &cobra.Command{
		Use:   "join-token [OPTIONS] (worker|manager)",
		Short: "Manage join tokens",
		Args:  commands.ExactArgs(1),
		// no ValidArgsFunction: docker 28 leaves the role to the shell's file names
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.role = args[0]
			return runJoinToken(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.BoolVar(&opts.rotate, "rotate", false, "Rotate join token")
		flags.BoolVarP(&opts.quiet, "quiet", "q", false, "Only display token")
	})
	return cmd
}

func runJoinToken(ctx context.Context, cli commands.Cli, opts *joinTokenOptions) error {
	worker, manager := opts.role == "worker", opts.role == "manager"
	if !worker && !manager {
		return errors.New("unknown role " + opts.role)
	}
	c, err := cli.Client()
	if err != nil {
		return err
	}
	if opts.rotate {
		sw, err := c.SwarmInspect(ctx)
		if err != nil {
			return err
		}
		flags := client.SwarmUpdateFlags{RotateWorkerToken: worker, RotateManagerToken: manager}
		if err := c.SwarmUpdate(ctx, sw.Version.Index, sw.Spec, flags); err != nil {
			return err
		}
		if !opts.quiet {
			fmt.Fprintf(cli.Out(), "Successfully rotated %s join token.\n\n", opts.role)
		}
	}
	// the tokens after any rotation
	sw, err := c.SwarmInspect(ctx)
	if err != nil {
		return err
	}
	if opts.quiet {
		token := sw.JoinTokens.Worker
		if manager {
			token = sw.JoinTokens.Manager
		}
		fmt.Fprintln(cli.Out(), token)
		return nil
	}
	info, err := c.Info(ctx)
	if err != nil {
		return err
	}
	return printJoinCommand(ctx, c, cli.Out(), info.Swarm.NodeID, sw.JoinTokens, worker, manager)
}
