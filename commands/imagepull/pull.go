// Package imagepull pulls images for every command that needs one: run and create when
// the image is missing (and --pull always), docker pull itself (progress on stdout,
// every tag with -a, exit status 1), and later plugin install and service create. The
// progress is drawn by formatter.RenderProgress.
package imagepull

import (
	"context"
	"io"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/formatter"
	"github.com/skiff-cli/skiff/imageref"
	"github.com/skiff-cli/skiff/streams"
)

// Options say what to pull and how to show it.
type Options struct {
	// Platform is "os[/arch[/variant]]"; "" = the daemon's own.
	Platform string
	// Quiet reads the stream without drawing it.
	Quiet bool
	// AllTags pulls every tag of the repository (docker pull -a): the request names no
	// tag, and the reference must carry none (the caller checks, in docker's words).
	AllTags bool
	// Out is where the progress is drawn: nil is stderr, as run and create draw it;
	// docker pull draws it on stdout.
	Out *streams.Out
	// Status is the exit code of every error: 0 is 125 (run, create); docker pull's is 1.
	Status int
}

// Pull pulls ref (as the user typed it): POST /images/create with the normalised name,
// the registry's credentials from config.json (or "{}"), and the progress drawn on
// stderr (in place on a terminal, plain lines otherwise). Errors — a malformed
// reference, the daemon's answer, an error inside the stream — come back with exit
// code 125 and the daemon's message as their text; callers add their own prefix
// (docker run's "docker: " and help hint).
func Pull(ctx context.Context, cli commands.Cli, ref string, opts Options) error {
	status := opts.Status
	if status == 0 {
		status = 125
	}
	parse := imageref.ParseWithDefaultTag
	if opts.AllTags {
		parse = imageref.Parse
	}
	r, err := parse(ref)
	if err != nil {
		return commands.Exit(status, err)
	}
	c, err := cli.Client()
	if err != nil {
		return commands.Exit(status, err)
	}
	auth, err := commands.RegistryAuth(ctx, cli, r.Domain)
	if err != nil {
		return commands.Exit(status, err)
	}
	body, err := c.ImageCreate(ctx, client.ImageCreateOptions{
		FromImage:    r.Name(),
		Tag:          queryTag(r),
		Platform:     opts.Platform,
		RegistryAuth: auth,
	})
	if err != nil {
		return commands.Exit(status, err)
	}
	defer body.Close()
	stream := opts.Out
	if stream == nil {
		stream = cli.Err()
	}
	out := io.Writer(stream)
	if opts.Quiet {
		out = io.Discard // the stream is still read to its end: the pull ends with it
	}
	_, width := stream.GetTtySize()
	err = formatter.RenderProgress(client.NewJSONMessageDecoder(body), out, formatter.ProgressOptions{
		Terminal: stream.IsTerminal(),
		Width:    int(width),
	})
	return commands.Exit(status, err)
}

// queryTag is the "tag" parameter of the pull: the digest when there is one, "" for
// every tag.
func queryTag(r imageref.Ref) string {
	if r.Digest != "" {
		return r.Digest
	}
	return r.Tag
}
