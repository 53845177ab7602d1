package container

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
)

// renameOptions are the arguments of docker rename.
type renameOptions struct {
	oldName, newName string
}

func newRenameCommand(cli commands.Cli) *cobra.Command {
	opts := &renameOptions{}
	return &cobra.Command{
		Use:               "rename CONTAINER NEW_NAME",
		Short:             "Rename a container",
		Args:              commands.ExactArgs(2),
		ValidArgsFunction: completion.ContainerNames(cli, completion.All),
		Annotations:       map[string]string{"aliases": "docker container rename, docker rename"},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.oldName, opts.newName = args[0], args[1]
			return runRename(cmd.Context(), cli, opts)
		},
	}
}

func runRename(ctx context.Context, cli commands.Cli, opts *renameOptions) error {
	oldName, newName := strings.TrimSpace(opts.oldName), strings.TrimSpace(opts.newName)
	if oldName == "" || newName == "" {
		return errors.New("Error: Neither old nor new names may be empty")
	}
	c, err := cli.Client()
	if err != nil {
		return err
	}
	if err := c.ContainerRename(ctx, oldName, newName); err != nil {
		return fmt.Errorf("%w\nError: failed to rename container named %s", err, oldName)
	}
	return nil
}
