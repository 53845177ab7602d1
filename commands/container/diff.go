package container

import (
	"bufio"
	"context"
	"errors"

	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
)

// diffOptions are the arguments of docker diff.
type diffOptions struct {
	container string
}

func newDiffCommand(cli commands.Cli) *cobra.Command {
	opts := &diffOptions{}
	return &cobra.Command{
		Use:               "diff CONTAINER",
		Short:             "Inspect changes to files or directories on a container's filesystem",
		Args:              commands.ExactArgs(1),
		ValidArgsFunction: completion.ContainerNames(cli, completion.Listed),
		Annotations:       map[string]string{"aliases": "docker container diff, docker diff"},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.container = args[0]
			return runDiff(cmd.Context(), cli, opts)
		},
	}
}

// runDiff prints one "K /path" line per change (A added, C changed, D deleted) in the
// order the engine sends them, which is not stable from one call to the next.
func runDiff(ctx context.Context, cli commands.Cli, opts *diffOptions) error {
	if opts.container == "" {
		return errors.New("Container name cannot be empty")
	}
	c, err := cli.Client()
	if err != nil {
		return err
	}
	changes, err := c.ContainerChanges(ctx, opts.container)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(cli.Out())
	for _, ch := range changes {
		w.WriteString(ch.Kind.String())
		w.WriteByte(' ')
		w.WriteString(ch.Path)
		w.WriteByte('\n')
	}
	return w.Flush()
}
