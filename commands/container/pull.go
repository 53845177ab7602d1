package container

import (
	"context"
	"io"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/config"
	"github.com/skiff-cli/skiff/formatter"
	"github.com/skiff-cli/skiff/imageref"
)

// pullImage pulls ref (as the user typed it) as `docker run`/`create` do when the image
// is missing: POST /images/create with the normalised name, the registry's credentials
// from config.json (or "{}"), and the progress drawn on stderr (in place on a terminal,
// plain lines otherwise); quiet reads the stream without drawing it. Errors — a
// malformed reference, the daemon's answer, an error inside the stream — come back
// with exit code 125 and the daemon's message as their text; the caller adds docker
// run's "docker: " prefix and help hint.
func pullImage(ctx context.Context, cli commands.Cli, ref string, platform string, quiet bool) error {
	r, err := pullParseRef(ref)
	if err != nil {
		return commands.Exit(125, err)
	}
	c, err := cli.Client()
	if err != nil {
		return commands.Exit(125, err)
	}
	auth, err := pullRegistryAuth(ctx, cli, r.Domain)
	if err != nil {
		return commands.Exit(125, err)
	}
	body, err := c.ImageCreate(ctx, client.ImageCreateOptions{
		FromImage:    r.Name(),
		Tag:          pullQueryTag(r),
		Platform:     platform,
		RegistryAuth: auth,
	})
	if err != nil {
		return commands.Exit(125, err)
	}
	defer body.Close()
	dec := client.NewJSONMessageDecoder(body)
	if quiet {
		for {
			if _, err := dec.Next(); err != nil {
				if err == io.EOF {
					return nil
				}
				return commands.Exit(125, err)
			}
		}
	}
	_, width := cli.Err().GetTtySize()
	err = formatter.RenderProgress(dec, cli.Err(), formatter.ProgressOptions{
		Terminal: cli.Err().IsTerminal(),
		Width:    int(width),
	})
	return commands.Exit(125, err)
}

// pullRef is an image reference split and normalised as docker does:
// "bb" is docker.io/library/bb:latest.
type pullRef = imageref.Ref

// pullQueryTag is the "tag" parameter of the pull: the digest when there is one.
func pullQueryTag(r pullRef) string {
	if r.Digest != "" {
		return r.Digest
	}
	return r.Tag
}

// pullParseRef parses an image reference with docker's rules and wording, adding the
// tag "latest" when neither tag nor digest is given.
func pullParseRef(s string) (pullRef, error) {
	r, err := imageref.Parse(s)
	if err != nil {
		return r, err
	}
	return r.WithDefaultTag(), nil
}

// pullDigestOnly tells an image ID ("sha256:…", 64 hex) from a name: docker never pulls
// the former when it is missing.
func pullDigestOnly(image string) bool {
	_, d, err := imageref.ParseAny(image)
	return err == nil && d
}

// pullRegistryAuth is the X-Registry-Auth header for a pull from domain: the
// credentials config.json or its credential helper holds for that registry ("e30=",
// i.e. {}, when there are none).
func pullRegistryAuth(ctx context.Context, cli commands.Cli, domain string) (string, error) {
	a, err := cli.ConfigFile().GetAuth(ctx, config.AuthKey(domain), cli.Err())
	if err != nil {
		return "", err
	}
	return a.Encode(), nil
}
