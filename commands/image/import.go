package image

import (
	"context"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/completion"
	"github.com/skiff-cli/skiff/imageref"
)

// importOptions are the flags and arguments of docker import / docker image import.
type importOptions struct {
	source   string
	ref      string
	changes  commands.ListOpt
	message  string
	platform string
}

func newImportCommand(cli commands.Cli) *cobra.Command {
	opts := &importOptions{}
	cmd := &cobra.Command{
		Use:   "import [OPTIONS] file|URL|- [REPOSITORY[:TAG]]",
		Short: "Import the contents from a tarball to create a filesystem image",
		// As docker: arguments after REPOSITORY[:TAG] are ignored.
		Args:        commands.RequiresMinArgs(1),
		Annotations: map[string]string{"aliases": "docker image import, docker import"},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.source = args[0]
			if len(args) > 1 {
				opts.ref = args[1]
			}
			return runImport(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.VarP(&opts.changes, "change", "c", "Apply a Dockerfile instruction to the new image")
		flags.StringVarP(&opts.message, "message", "m", "", "Commit message of the new image")
		flags.StringVar(&opts.platform, "platform", os.Getenv("DOCKER_DEFAULT_PLATFORM"), "Platform of the new image, for a daemon that holds several")
		commands.RequiresAPI(flags, "platform", "1.32")
		commands.CompleteFlag(cmd, "platform", completion.Platforms())
	})
	return cmd
}

// runImport makes an image of a filesystem tarball: a file or stdin ("-") streamed to
// the engine, or a URL (http:// or https://, as docker tells them) the engine fetches.
// REPOSITORY[:TAG] is checked as docker checks it and sent as typed. The engine's
// answer, the new image's ID, is drawn on stdout.
func runImport(ctx context.Context, cli commands.Cli, opts *importOptions) error {
	iopts := client.ImageImportOptions{
		Repo:     opts.ref,
		Message:  opts.message,
		Changes:  opts.changes.Values(),
		Platform: opts.platform,
	}
	switch src := opts.source; {
	case src == "-":
		iopts.Source = cli.In()
	case strings.HasPrefix(src, "http://"), strings.HasPrefix(src, "https://"):
		iopts.SourceURL = src
	default:
		f, err := os.Open(src)
		if err != nil {
			return err
		}
		defer f.Close()
		iopts.Source = f
	}
	// after the source is opened: docker reports a missing file first
	if opts.ref != "" {
		if _, err := imageref.Parse(opts.ref); err != nil {
			return err
		}
	}
	c, err := cli.Client()
	if err != nil {
		return err
	}
	body, err := c.ImageImport(ctx, iopts)
	if err != nil {
		return err
	}
	defer body.Close()
	return renderStream(cli, body)
}
