package container

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
)

// exportOptions are the flags and argument of docker export.
type exportOptions struct {
	output    string
	container string
}

func newExportCommand(cli commands.Cli) *cobra.Command {
	opts := &exportOptions{}
	cmd := &cobra.Command{
		Use:               "export [OPTIONS] CONTAINER",
		Short:             "Export a container's filesystem as a tar archive",
		Args:              commands.ExactArgs(1),
		ValidArgsFunction: completion.ContainerNames(cli, completion.All),
		Annotations:       map[string]string{"aliases": "docker container export, docker export"},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.container = args[0]
			return runExport(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.StringVarP(&opts.output, "output", "o", "", "Write the archive to this file rather than to STDOUT")
	})
	return cmd
}

// runExport streams the container's filesystem to stdout (never to a terminal) or,
// with -o, to a commands.OutputFile (written whole or not at all). As docker, the
// output is checked and the temporary file created before the engine is asked.
func runExport(ctx context.Context, cli commands.Cli, opts *exportOptions) error {
	out, err := commands.OpenArchiveOutput(cli, opts.output, "failed to export container")
	if err != nil {
		return err
	}
	defer out.Discard()
	c, err := cli.Client()
	if err != nil {
		return err
	}
	body, err := c.ContainerExport(ctx, opts.container)
	if err != nil {
		return err
	}
	defer body.Close()
	return out.Copy(body)
}
