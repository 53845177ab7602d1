package client

import (
	"context"
	"io"
	"net/http"
	"net/url"
)

// ImageCreateOptions are the parameters of POST /images/create (pull).
type ImageCreateOptions struct {
	// FromImage is the fully qualified repository ("docker.io/library/bb").
	FromImage string
	// Tag is the tag or the digest ("latest", "sha256:...").
	Tag string
	// Platform is "os[/arch[/variant]]"; "" = the daemon's own.
	Platform string
	// RegistryAuth are the registry's credentials (none: "{}" is sent).
	RegistryAuth RegistryAuth
}

// ImageCreate starts a pull (POST /images/create?fromImage=..&tag=..) and returns the
// JSON-message stream; the caller closes it. Decode it with NewJSONMessageDecoder.
func (c *Client) ImageCreate(ctx context.Context, opts ImageCreateOptions) (io.ReadCloser, error) {
	q := url.Values{}
	q.Set("fromImage", opts.FromImage)
	if opts.Tag != "" {
		q.Set("tag", opts.Tag)
	}
	if opts.Platform != "" {
		q.Set("platform", opts.Platform)
	}
	resp, err := c.Do(ctx, http.MethodPost, "/images/create", q, nil, registryAuthHeader(opts.RegistryAuth))
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}
