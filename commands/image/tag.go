package image

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
	"github.com/skiff-cli/skiff/imageref"
)

// tagOptions are the arguments of docker tag / docker image tag.
type tagOptions struct {
	source, target string
}

func newTagCommand(cli commands.Cli) *cobra.Command {
	opts := &tagOptions{}
	cmd := &cobra.Command{
		Use:               "tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
		Short:             "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE",
		Args:              commands.ExactArgs(2),
		ValidArgsFunction: completion.UpTo(2, completion.ImageNames(cli)),
		Annotations:       map[string]string{"aliases": "docker image tag, docker tag"},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.source, opts.target = args[0], args[1]
			return runTag(cmd.Context(), cli, opts)
		},
	}
	return cmd
}

// runTag checks both references as docker does (the source may be an image ID or a
// digest; the target is a name with an optional tag, "latest" by default, never a
// digest) and sends the source as typed, the target normalised.
func runTag(ctx context.Context, cli commands.Cli, opts *tagOptions) error {
	if _, _, err := imageref.ParseAny(opts.source); err != nil {
		return tagRefError(opts.source, err)
	}
	r, err := imageref.Parse(opts.target)
	if err != nil {
		return tagRefError(opts.target, err)
	}
	if r.Digest != "" {
		return errors.New("refusing to create a tag with a digest reference")
	}
	r = r.WithDefaultTag()
	c, err := cli.Client()
	if err != nil {
		return err
	}
	return c.ImageTag(ctx, opts.source, r.Name(), r.Tag)
}

func tagRefError(s string, err error) error {
	return fmt.Errorf("Error parsing reference: %q is not a valid repository/tag: %w", s, err)
}
