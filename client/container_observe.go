package client

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/moby/moby/api/types/container"
)

// ContainerTop returns GET /containers/{id}/top: the container's processes as the
// engine's ps shows them; psArgs are joined with spaces into ps_args (omitted when
// empty).
func (c *Client) ContainerTop(ctx context.Context, id string, psArgs []string) (container.TopResponse, error) {
	id, err := TrimContainerID(id)
	if err != nil {
		return container.TopResponse{}, err
	}
	var q url.Values
	if len(psArgs) > 0 {
		q = url.Values{"ps_args": {strings.Join(psArgs, " ")}}
	}
	var out container.TopResponse
	err = c.DoJSON(ctx, http.MethodGet, "/containers/"+pathEscape(id)+"/top", q, nil, &out)
	return out, err
}

// ContainerChanges returns GET /containers/{id}/changes: the paths added (A), changed
// (C) and deleted (D) in the container's filesystem, in the engine's order.
func (c *Client) ContainerChanges(ctx context.Context, id string) ([]container.FilesystemChange, error) {
	id, err := TrimContainerID(id)
	if err != nil {
		return nil, err
	}
	var out []container.FilesystemChange
	err = c.DoJSON(ctx, http.MethodGet, "/containers/"+pathEscape(id)+"/changes", nil, nil, &out)
	return out, err
}

// ContainerStats opens GET /containers/{id}/stats. With stream the engine sends one JSON
// object (container.StatsResponse) per second until the container is removed or the
// body is closed; without, a single object (after about a second, to compute CPU
// usage) unless oneShot asks for it at once (API >= 1.41). The body is returned open
// and unread: decode it one object at a time (json.Decoder) and close it.
func (c *Client) ContainerStats(ctx context.Context, id string, stream bool, oneShot bool) (io.ReadCloser, error) {
	id, err := TrimContainerID(id)
	if err != nil {
		return nil, err
	}
	q := url.Values{"stream": {"0"}}
	if stream {
		q.Set("stream", "1")
	}
	if oneShot && !stream {
		q.Set("one-shot", "1")
	}
	resp, err := c.Do(ctx, http.MethodGet, "/containers/"+pathEscape(id)+"/stats", q, nil, nil)
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}
