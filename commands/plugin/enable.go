package plugin

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
)

// enableOptions are the flags and argument of docker plugin enable.
type enableOptions struct {
	timeout int
	name    string
}

func newEnableCommand(cli commands.Cli) *cobra.Command {
	opts := &enableOptions{}
	cmd := &cobra.Command{
		Use:   "enable [OPTIONS] PLUGIN",
		Short: "Enable a plugin",
		Args:  commands.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.name = args[0]
			return runEnable(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.IntVar(&opts.timeout, "timeout", 30, "Seconds the engine waits for the plugin to answer")
	})
	return cmd
}

func runEnable(ctx context.Context, cli commands.Cli, opts *enableOptions) error {
	if opts.timeout < 0 {
		return fmt.Errorf("negative timeout %d is invalid", opts.timeout)
	}
	c, err := cli.Client()
	if err != nil {
		return err
	}
	if err := c.PluginEnable(ctx, opts.name, opts.timeout); err != nil {
		return err
	}
	_, err = fmt.Fprintln(cli.Out(), opts.name)
	return err
}
