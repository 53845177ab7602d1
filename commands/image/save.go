package image

import (
	"context"
	"fmt"

	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	flagopts "github.com/skiff-cli/skiff/commands/opts"
	"github.com/skiff-cli/skiff/completion"
)

// saveOptions are the flags and arguments of docker save / docker image save.
type saveOptions struct {
	output   string
	platform string
	images   []string
}

func newSaveCommand(cli commands.Cli) *cobra.Command {
	opts := &saveOptions{}
	cmd := &cobra.Command{
		Use:               "save [OPTIONS] IMAGE [IMAGE...]",
		Short:             "Save one or more images to a tar archive (streamed to STDOUT by default)",
		Args:              commands.RequiresMinArgs(1),
		ValidArgsFunction: completion.ImageNames(cli),
		Annotations:       map[string]string{"aliases": "docker image save, docker save"},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.images = args
			return runSave(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.StringVarP(&opts.output, "output", "o", "", "Write the archive to this file rather than to STDOUT")
		flags.StringVar(&opts.platform, "platform", "",
			`Save only this platform variant, as "os[/arch[/variant]]" (e.g., "linux/amd64")`)
		commands.RequiresAPI(flags, "platform", "1.48")
		commands.CompleteFlag(cmd, "platform", completion.Platforms())
	})
	return cmd
}

// runSave streams the images' tar archive to stdout (never to a terminal) or, with -o,
// to a commands.OutputFile, written whole or not at all. As docker, the output is
// checked before the engine is asked.
func runSave(ctx context.Context, cli commands.Cli, opts *saveOptions) error {
	var platform *ocispec.Platform
	if opts.platform != "" {
		p, err := flagopts.ParsePlatform(opts.platform)
		if err != nil {
			return fmt.Errorf("invalid platform: %w", err)
		}
		platform = &p
	}
	out, err := commands.OpenArchiveOutput(cli, opts.output, "failed to save image")
	if err != nil {
		return err
	}
	defer out.Discard()
	c, err := cli.Client()
	if err != nil {
		return err
	}
	body, err := c.ImageSave(ctx, opts.images, platform)
	if err != nil {
		return err
	}
	defer body.Close()
	return out.Copy(body)
}
