package container

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
	"github.com/skiff-cli/skiff/imageref"
)

// commitOptions are the flags and arguments of docker commit.
type commitOptions struct {
	author    string
	changes   commands.ListOpt
	message   string
	pause     bool
	container string
	reference string
}

func newCommitCommand(cli commands.Cli) *cobra.Command {
	opts := &commitOptions{}
	cmd := &cobra.Command{
		Use:               "commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]",
		Short:             "Create a new image from a container's changes",
		Args:              commands.RequiresRangeArgs(1, 2),
		ValidArgsFunction: completion.ContainerNames(cli, completion.Listed),
		Annotations:       map[string]string{"aliases": "docker container commit, docker commit"},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.container = args[0]
			if len(args) > 1 {
				opts.reference = args[1]
			}
			return runCommit(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.StringVarP(&opts.author, "author", "a", "", "Author to record (e.g., \"John Hannibal Smith\n<hannibal@a-team.com>\")")
		flags.VarP(&opts.changes, "change", "c", "Dockerfile instruction to apply to the new image")
		flags.StringVarP(&opts.message, "message", "m", "", "Commit message to record")
		flags.BoolVarP(&opts.pause, "pause", "p", true, "Pause the container while committing")
	})
	return cmd
}

// runCommit commits the container and prints the new image's id.
func runCommit(ctx context.Context, cli commands.Cli, opts *commitOptions) error {
	repo, tag, err := commitReference(opts.reference)
	if err != nil {
		return err
	}
	c, err := cli.Client()
	if err != nil {
		return err
	}
	id, err := c.ContainerCommit(ctx, opts.container, client.CommitOptions{
		Repo:    repo,
		Tag:     tag,
		Comment: opts.message,
		Author:  opts.author,
		Changes: opts.changes.Values(),
		Pause:   opts.pause,
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(cli.Out(), id)
	return nil
}

// commitReference validates REPOSITORY[:TAG] as docker does and returns it fully
// qualified, as docker sends it ("bb" -> "docker.io/library/bb", "latest"); "" gives
// no repository and no tag.
func commitReference(s string) (repo, tag string, err error) {
	if s == "" {
		return "", "", nil
	}
	r, err := imageref.ParseWithDefaultTag(s)
	if err != nil {
		return "", "", err
	}
	if r.Digest != "" {
		return "", "", errors.New("refusing to create a tag with a digest reference")
	}
	return r.Name(), r.Tag, nil
}
