package container

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
)

// rmOptions are the flags and arguments of docker rm.
type rmOptions struct {
	force      bool
	link       bool
	volumes    bool
	containers []string
}

func newRmCommand(cli commands.Cli) *cobra.Command {
	opts := &rmOptions{}
	cmd := &cobra.Command{
		Use:               "rm [OPTIONS] CONTAINER [CONTAINER...]",
		Aliases:           []string{"remove"},
		Short:             "Remove one or more containers",
		Args:              commands.RequiresMinArgs(1),
		ValidArgsFunction: completion.RemoveNames(cli),
		Annotations:       map[string]string{"aliases": "docker container rm, docker container remove, docker rm"},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.containers = args
			return runRm(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.BoolVarP(&opts.force, "force", "f", false, "Kill a running container (SIGKILL) and remove it")
		flags.BoolVarP(&opts.link, "link", "l", false, "Remove the named link rather than a container")
		flags.BoolVarP(&opts.volumes, "volumes", "v", false, "Also remove the container's anonymous volumes")
	})
	return cmd
}

// runRm removes the containers in parallel and reports in the arguments' order. With
// --force a container that does not exist is not a failure: its error is printed at
// once and the exit status stays 0, as with docker.
func runRm(ctx context.Context, cli commands.Cli, opts *rmOptions) error {
	c, err := cli.Client()
	if err != nil {
		return err
	}
	ro := client.RemoveOptions{Force: opts.force, RemoveLinks: opts.link, RemoveVolumes: opts.volumes}
	var errs []error
	chans := lifecycleParallel(ctx, opts.containers, func(ctx context.Context, name string) error {
		name = strings.Trim(name, "/")
		if name == "" {
			return errors.New("container name cannot be empty")
		}
		return c.ContainerRemove(ctx, name, ro)
	})
	for i, ch := range chans {
		err := <-ch
		switch {
		case err == nil:
			fmt.Fprintln(cli.Out(), opts.containers[i])
		case opts.force && client.IsNotFound(err):
			fmt.Fprintln(cli.Err(), err)
		default:
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
