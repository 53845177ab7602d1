package client

import (
	"context"
	"io"
	"net/http"
	"net/url"

	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
)

// ImagePushOptions are the parameters of POST /images/{name}/push.
type ImagePushOptions struct {
	// Tag is the tag to push; "" pushes every tag of the repository.
	Tag string
	// Platform selects one platform of a multi-platform image (API >= 1.46), sent as its
	// OCI JSON form; nil sends none.
	Platform *ocispec.Platform
	// RegistryAuth are the registry's credentials.
	RegistryAuth RegistryAuth
}

// ImagePush starts a push of the repository name (fully qualified:
// "docker.io/library/bb", "127.0.0.1:5000/x/bb") and returns the JSON-message stream;
// the caller closes it. Decode it with NewJSONMessageDecoder.
func (c *Client) ImagePush(ctx context.Context, name string, opts ImagePushOptions) (io.ReadCloser, error) {
	q, err := platformQuery(opts.Platform)
	if err != nil {
		return nil, err
	}
	if q == nil {
		q = url.Values{}
	}
	if opts.Tag != "" {
		q.Set("tag", opts.Tag)
	}
	resp, err := c.Do(ctx, http.MethodPost, "/images/"+pathEscape(name)+"/push", q, nil, registryAuthHeader(opts.RegistryAuth))
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}
