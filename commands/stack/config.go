package stack

import (
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
	"github.com/skiff-cli/skiff/compose"
)

// configOptions are the flags of docker stack config.
type configOptions struct {
	files             []string
	skipInterpolation bool
}

func newConfigCommand(cli commands.Cli) *cobra.Command {
	opts := &configOptions{}
	cmd := &cobra.Command{
		Use:               "config [OPTIONS]",
		Short:             "Outputs the final config file, after doing merges and interpolations",
		Args:              commands.NoArgs,
		ValidArgsFunction: completion.None,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runConfig(cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.StringSliceVarP(&opts.files, "compose-file", "c", nil, `Path to a Compose file, or "-" to read from stdin`)
		flags.BoolVar(&opts.skipInterpolation, "skip-interpolation", false, "Merge the files without substituting variables")
	})
	return cmd
}

// runConfig prints the merged file; nothing is printed when any file is refused.
func runConfig(cli commands.Cli, opts *configOptions) error {
	cfg, err := loadCompose(cli, opts.files, opts.skipInterpolation)
	if err != nil {
		return err
	}
	out, err := compose.Marshal(cfg)
	if err != nil {
		return err
	}
	_, err = cli.Out().Write(out)
	return err
}
