package container

import (
	"context"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
)

// topOptions are the arguments of docker top: the container and the ps options passed
// through to the engine.
type topOptions struct {
	container string
	psArgs    []string
}

func newTopCommand(cli commands.Cli) *cobra.Command {
	opts := &topOptions{}
	cmd := &cobra.Command{
		Use:               "top CONTAINER [ps OPTIONS]",
		Short:             "Display the running processes of a container",
		Args:              commands.RequiresMinArgs(1),
		ValidArgsFunction: completion.ContainerNames(cli, completion.Listed),
		Annotations:       map[string]string{"aliases": "docker container top, docker top"},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.container = args[0]
			opts.psArgs = args[1:]
			return runTop(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		// Everything after the container is ps's, "--" and "-o" included.
		flags.SetInterspersed(false)
	})
	return cmd
}

func runTop(ctx context.Context, cli commands.Cli, opts *topOptions) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	top, err := c.ContainerTop(ctx, opts.container, opts.psArgs)
	if err != nil {
		return err
	}
	// docker's top table: columns at least 20 cells wide, 3 cells apart.
	w := tabwriter.NewWriter(cli.Out(), 20, 1, 3, ' ', 0)
	w.Write([]byte(strings.Join(top.Titles, "\t") + "\n"))
	for _, p := range top.Processes {
		w.Write([]byte(strings.Join(p, "\t") + "\n"))
	}
	return w.Flush()
}
