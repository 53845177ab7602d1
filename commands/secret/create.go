package secret

import (
	"context"
	"errors"
	"fmt"

	"github.com/moby/moby/api/types/swarm"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	flagopts "github.com/skiff-cli/skiff/commands/opts"
	"github.com/skiff-cli/skiff/completion"
)

// createOptions are the flags and arguments of docker secret create.
type createOptions struct {
	name           string
	file           string
	driver         string
	templateDriver string
	labels         *flagopts.ListOpts
}

func newCreateCommand(cli commands.Cli) *cobra.Command {
	opts := &createOptions{labels: flagopts.NewListOpts(flagopts.ValidateLabel)}
	cmd := &cobra.Command{
		Use:               "create [OPTIONS] SECRET [file|-]",
		Short:             "Create a secret from a file or STDIN as content",
		Args:              commands.RequiresRangeArgs(1, 2),
		ValidArgsFunction: completion.Files,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.name = args[0]
			if len(args) == 2 {
				opts.file = args[1]
			}
			return runCreate(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.StringVarP(&opts.driver, "driver", "d", "", "Secret driver")
		flags.VarP(opts.labels, "label", "l", "Secret labels")
		flags.StringVar(&opts.templateDriver, "template-driver", "", "Template driver")
		commands.RequiresAPI(flags, "driver", "1.31")
		commands.RequiresAPI(flags, "template-driver", "1.37")
	})
	return cmd
}

// runCreate creates the secret and prints its ID. A secret from a driver has no
// content: docker refuses a file with --driver, and asks for one without, before any
// reading.
func runCreate(ctx context.Context, cli commands.Cli, opts *createOptions) error {
	spec := swarm.SecretSpec{Annotations: swarm.Annotations{Name: opts.name, Labels: flagopts.KeyValueMap(opts.labels.GetAll())}}
	switch {
	case opts.driver != "" && opts.file != "":
		return errors.New("When using secret driver secret data must be empty")
	case opts.driver == "" && opts.file == "":
		return errors.New("secret file is required")
	case opts.driver != "":
		spec.Driver = &swarm.Driver{Name: opts.driver}
	default:
		data, err := commands.ReadSwarmObjectData(cli.In(), opts.file)
		if err != nil {
			return err
		}
		spec.Data = data
	}
	if opts.templateDriver != "" {
		spec.Templating = &swarm.Driver{Name: opts.templateDriver}
	}
	c, err := cli.Client()
	if err != nil {
		return err
	}
	id, err := c.SecretCreate(ctx, spec)
	if err != nil {
		return err
	}
	fmt.Fprintln(cli.Out(), id)
	return nil
}
