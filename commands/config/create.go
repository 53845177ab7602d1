package config

import (
	"context"
	"fmt"

	"github.com/moby/moby/api/types/swarm"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	flagopts "github.com/skiff-cli/skiff/commands/opts"
	"github.com/skiff-cli/skiff/completion"
)

// createOptions are the flags and arguments of docker config create.
type createOptions struct {
	name           string
	file           string
	templateDriver string
	labels         *flagopts.ListOpts
}

func newCreateCommand(cli commands.Cli) *cobra.Command {
	opts := &createOptions{labels: flagopts.NewListOpts(flagopts.ValidateLabel)}
	cmd := &cobra.Command{
		Use:               "create [OPTIONS] CONFIG file|-",
		Short:             "Create a config from a file or STDIN",
		Args:              commands.ExactArgs(2),
		ValidArgsFunction: completion.None,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.name, opts.file = args[0], args[1]
			return runCreate(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.VarP(opts.labels, "label", "l", "Config labels")
		flags.StringVar(&opts.templateDriver, "template-driver", "", "Template driver")
		commands.RequiresAPI(flags, "template-driver", "1.37")
	})
	return cmd
}

// runCreate creates the config and prints its ID.
func runCreate(ctx context.Context, cli commands.Cli, opts *createOptions) error {
	data, err := commands.ReadSwarmObjectData(cli.In(), opts.file)
	if err != nil {
		// docker names the file once more here (not for secrets)
		return fmt.Errorf("Error reading content from %q: %w", opts.file, err)
	}
	spec := swarm.ConfigSpec{
		Annotations: swarm.Annotations{Name: opts.name, Labels: flagopts.KeyValueMap(opts.labels.GetAll())},
		Data:        data,
	}
	if opts.templateDriver != "" {
		spec.Templating = &swarm.Driver{Name: opts.templateDriver}
	}
	c, err := cli.Client()
	if err != nil {
		return err
	}
	id, err := c.ConfigCreate(ctx, spec)
	if err != nil {
		return err
	}
	fmt.Fprintln(cli.Out(), id)
	return nil
}
