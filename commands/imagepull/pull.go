// Package imagepull pulls images for every command that needs one: run and create when
// the image is missing (and --pull always), and later pull, plugin install and service
// create. The progress is drawn by formatter.RenderProgress.
package imagepull

import (
	"context"
	"io"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/formatter"
	"github.com/skiff-cli/skiff/imageref"
)

// Options say what to pull and how to show it.
type Options struct {
	// Platform is "os[/arch[/variant]]"; "" = the daemon's own.
	Platform string
	// Quiet reads the stream without drawing it.
	Quiet bool
}

// Pull pulls ref (as the user typed it): POST /images/create with the normalised name,
// the registry's credentials from config.json (or "{}"), and the progress drawn on
// stderr (in place on a terminal, plain lines otherwise). Errors — a malformed
// reference, the daemon's answer, an error inside the stream — come back with exit
// code 125 and the daemon's message as their text; callers add their own prefix
// (docker run's "docker: " and help hint).
func Pull(ctx context.Context, cli commands.Cli, ref string, opts Options) error {
	r, err := imageref.ParseWithDefaultTag(ref)
	if err != nil {
		return commands.Exit(125, err)
	}
	c, err := cli.Client()
	if err != nil {
		return commands.Exit(125, err)
	}
	auth, err := commands.RegistryAuth(ctx, cli, r.Domain)
	if err != nil {
		return commands.Exit(125, err)
	}
	body, err := c.ImageCreate(ctx, client.ImageCreateOptions{
		FromImage:    r.Name(),
		Tag:          queryTag(r),
		Platform:     opts.Platform,
		RegistryAuth: auth,
	})
	if err != nil {
		return commands.Exit(125, err)
	}
	defer body.Close()
	out := io.Writer(cli.Err())
	if opts.Quiet {
		out = io.Discard // the stream is still read to its end: the pull ends with it
	}
	_, width := cli.Err().GetTtySize()
	err = formatter.RenderProgress(client.NewJSONMessageDecoder(body), out, formatter.ProgressOptions{
		Terminal: cli.Err().IsTerminal(),
		Width:    int(width),
	})
	return commands.Exit(125, err)
}

// queryTag is the "tag" parameter of the pull: the digest when there is one.
func queryTag(r imageref.Ref) string {
	if r.Digest != "" {
		return r.Digest
	}
	return r.Tag
}
