package secret

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
	"github.com/skiff-cli/skiff/formatter"
)

// inspectOptions are the flags and arguments of docker secret inspect.
type inspectOptions struct {
	format string
	pretty bool
	names  []string
}

func newInspectCommand(cli commands.Cli) *cobra.Command {
	opts := &inspectOptions{}
	cmd := &cobra.Command{
		Use:               "inspect [OPTIONS] SECRET [SECRET...]",
		Short:             "Display detailed information on one or more secrets",
		Args:              commands.RequiresMinArgs(1),
		ValidArgsFunction: completion.SecretIDs(cli),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.names = args
			return runInspect(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		commands.AddInspectFormatFlag(flags, &opts.format)
		flags.BoolVar(&opts.pretty, "pretty", false, "Print the information in a human friendly format")
	})
	return cmd
}

// runInspect prints the secrets as the engine gives them, or with --pretty (which
// wins over --format) in docker's human layout.
func runInspect(ctx context.Context, cli commands.Cli, opts *inspectOptions) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	if opts.pretty {
		return commands.PrintPretty(cli.Out(), opts.names, func(name string) (string, error) {
			s, _, err := c.SecretInspect(ctx, name)
			if err != nil {
				return "", err
			}
			return secretPretty(s), nil
		})
	}
	return formatter.Inspect(cli.Out(), opts.names, opts.format, func(name string) (any, []byte, error) {
		s, raw, err := c.SecretInspect(ctx, name)
		if err != nil {
			return nil, nil, err
		}
		return s, raw, nil
	})
}
