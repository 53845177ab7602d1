package client

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"

	"github.com/moby/moby/api/types/image"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
)

// ImageTag sends POST /images/{source}/tag: repo is the normalised repository
// ("docker.io/library/x") and tag its tag, as the caller parsed them.
func (c *Client) ImageTag(ctx context.Context, source, repo, tag string) error {
	q := url.Values{"repo": {repo}, "tag": {tag}}
	resp, err := c.Do(ctx, http.MethodPost, "/images/"+pathEscape(source)+"/tag", q, nil, nil)
	if err != nil {
		return err
	}
	resp.Body.Close()
	return nil
}

// ImageRemoveOptions are the parameters of DELETE /images/{name}.
type ImageRemoveOptions struct {
	Force, NoPrune bool
	// Platforms limit the removal to these variants (API >= 1.50).
	Platforms []ocispec.Platform
}

// ImageRemove sends DELETE /images/{name} and returns what was untagged and deleted,
// in the engine's order. Like docker it sends force and noprune only when set, and an
// empty name as "/images" (the engine's "page not found").
func (c *Client) ImageRemove(ctx context.Context, name string, opts ImageRemoveOptions) ([]image.DeleteResponse, error) {
	q := url.Values{}
	if opts.Force {
		q.Set("force", "1")
	}
	if opts.NoPrune {
		q.Set("noprune", "1")
	}
	for _, p := range opts.Platforms {
		b, err := json.Marshal(p)
		if err != nil {
			return nil, err
		}
		q.Add("platforms", string(b))
	}
	var out []image.DeleteResponse
	err := c.DoJSON(ctx, http.MethodDelete, "/images/"+pathEscape(name), q, nil, &out)
	return out, err
}

// ImageSave opens GET /images/get?names=..., the images as one tar stream; the caller
// closes it. A nil platform sends none (API >= 1.48 takes one).
func (c *Client) ImageSave(ctx context.Context, names []string, platform *ocispec.Platform) (io.ReadCloser, error) {
	q, err := platformQuery(platform)
	if err != nil {
		return nil, err
	}
	if q == nil {
		q = url.Values{}
	}
	q["names"] = names
	resp, err := c.Do(ctx, http.MethodGet, "/images/get", q, nil, nil)
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}

// ImageLoad sends the tar stream r to POST /images/load as it is read, and returns the
// JSON-message stream of the load; the caller closes it. quiet asks the engine for no
// progress messages (docker asks for them only when its output is a terminal).
func (c *Client) ImageLoad(ctx context.Context, r io.Reader, quiet bool, platform *ocispec.Platform) (io.ReadCloser, error) {
	q, err := platformQuery(platform)
	if err != nil {
		return nil, err
	}
	if q == nil {
		q = url.Values{}
	}
	q.Set("quiet", "0")
	if quiet {
		q.Set("quiet", "1")
	}
	h := http.Header{"Content-Type": {"application/x-tar"}}
	resp, err := c.Do(ctx, http.MethodPost, "/images/load", q, r, h)
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}

// ImageImportOptions are the parameters of an import (POST /images/create?fromSrc=).
type ImageImportOptions struct {
	// Source is read as the body when SourceURL is "" (fromSrc=-).
	Source io.Reader
	// SourceURL is a URL the engine fetches itself.
	SourceURL string
	// Repo is REPOSITORY[:TAG] as the user typed it ("" for none): docker sends it so.
	Repo     string
	Message  string
	Changes  []string
	Platform string
}

// ImageImport starts an import and returns its JSON-message stream; the caller closes
// it. The source is streamed, never held whole.
func (c *Client) ImageImport(ctx context.Context, opts ImageImportOptions) (io.ReadCloser, error) {
	q := url.Values{}
	var body io.Reader
	var h http.Header
	if opts.SourceURL != "" {
		q.Set("fromSrc", opts.SourceURL)
	} else {
		q.Set("fromSrc", "-")
		body = opts.Source
		h = http.Header{"Content-Type": {"text/plain"}} // what docker sends
	}
	if opts.Repo != "" {
		q.Set("repo", opts.Repo)
	}
	if opts.Message != "" {
		q.Set("message", opts.Message)
	}
	if opts.Platform != "" {
		q.Set("platform", opts.Platform)
	}
	for _, ch := range opts.Changes {
		q.Add("changes", ch)
	}
	resp, err := c.Do(ctx, http.MethodPost, "/images/create", q, body, h)
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}
