package image

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	flagopts "github.com/skiff-cli/skiff/commands/opts"
	"github.com/skiff-cli/skiff/completion"
	"github.com/skiff-cli/skiff/formatter"
)

// loadOptions are the flags of docker load / docker image load.
type loadOptions struct {
	input    string
	quiet    bool
	platform string
}

func newLoadCommand(cli commands.Cli) *cobra.Command {
	opts := &loadOptions{}
	cmd := &cobra.Command{
		Use:               "load [OPTIONS]",
		Short:             "Load an image from a tar archive or STDIN",
		Args:              commands.NoArgs,
		ValidArgsFunction: completion.None,
		Annotations:       map[string]string{"aliases": "docker image load, docker load"},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runLoad(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.StringVarP(&opts.input, "input", "i", "", "Read the archive from this file rather than from STDIN")
		flags.StringVar(&opts.platform, "platform", "",
			`Load only this platform variant, as "os[/arch[/variant]]" (e.g., "linux/amd64")`)
		commands.RequiresAPI(flags, "platform", "1.48")
		flags.BoolVarP(&opts.quiet, "quiet", "q", false, "Print no progress, only what was loaded")
		commands.CompleteFlag(cmd, "platform", completion.Platforms())
	})
	return cmd
}

// runLoad streams the archive (the file, else stdin, never a terminal) to the engine
// and draws the engine's answer on stdout: progress only when stdout is a terminal and
// -q is not given (docker asks the engine for none otherwise), then "Loaded image: ...".
// An error inside the stream (a broken tar) is printed as the engine words it, exit 1.
func runLoad(ctx context.Context, cli commands.Cli, opts *loadOptions) error {
	var platform *ocispec.Platform
	if opts.platform != "" {
		p, err := flagopts.ParsePlatform(opts.platform)
		if err != nil {
			return fmt.Errorf("invalid platform: %w", err)
		}
		platform = &p
	}
	var in io.Reader = cli.In()
	if opts.input != "" {
		f, err := os.Open(opts.input)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	} else if cli.In().IsTerminal() {
		return errors.New("requested load from stdin, but stdin is empty")
	}
	c, err := cli.Client()
	if err != nil {
		return err
	}
	out := cli.Out()
	body, err := c.ImageLoad(ctx, in, opts.quiet || !out.IsTerminal(), platform)
	if err != nil {
		return err
	}
	defer body.Close()
	return renderStream(cli, body)
}

// renderStream draws a JSON-message stream (load, import) on stdout as docker does: in
// place with progress on a terminal, plain lines otherwise.
func renderStream(cli commands.Cli, body io.Reader) error {
	out := cli.Out()
	_, width := out.GetTtySize()
	return formatter.RenderProgress(client.NewJSONMessageDecoder(body), out, formatter.ProgressOptions{
		Terminal: out.IsTerminal(),
		Width:    int(width),
	})
}
