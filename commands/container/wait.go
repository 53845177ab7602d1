package container

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
)

// waitOptions are the arguments of docker wait.
type waitOptions struct {
	containers []string
}

func newWaitCommand(cli commands.Cli) *cobra.Command {
	opts := &waitOptions{}
	return &cobra.Command{
		Use:               "wait CONTAINER [CONTAINER...]",
		Short:             "Block until one or more containers stop, then print their exit codes",
		Args:              commands.RequiresMinArgs(1),
		ValidArgsFunction: completion.ContainerNames(cli, completion.Listed),
		Annotations:       map[string]string{"aliases": "docker container wait, docker wait", commands.AnnotationWaits: "true"},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.containers = args
			return runWait(cmd.Context(), cli, opts)
		},
	}
}

// runWait waits for each container in turn and prints its exit code; the errors are
// reported together at the end.
func runWait(ctx context.Context, cli commands.Cli, opts *waitOptions) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	var errs []error
	for _, name := range opts.containers {
		resC, errC := c.ContainerWait(ctx, name, "")
		select {
		case res := <-resC:
			fmt.Fprintf(cli.Out(), "%d\n", res.StatusCode)
		case err := <-errC:
			// docker prints the exit code of a wait answer that carries an error
			// message, and ignores the message.
			var we *client.WaitError
			if errors.As(err, &we) {
				fmt.Fprintf(cli.Out(), "%d\n", we.StatusCode)
				continue
			}
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
