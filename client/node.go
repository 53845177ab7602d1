package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/moby/moby/api/types/swarm"
)

// NodeList returns GET /nodes (swarm managers only).
func (c *Client) NodeList(ctx context.Context, filters Filters) ([]swarm.Node, error) {
	q := url.Values{}
	setFilters(q, filters)
	var out []swarm.Node
	err := c.DoJSON(ctx, http.MethodGet, "/nodes", q, nil, &out)
	return out, err
}

// NodeInspect returns GET /nodes/{id}, decoded and raw.
func (c *Client) NodeInspect(ctx context.Context, id string) (swarm.Node, []byte, error) {
	var out swarm.Node
	raw, err := c.doJSONRaw(ctx, http.MethodGet, "/nodes/"+url.PathEscape(id), nil, nil, &out, true)
	return out, raw, err
}

// NodeUpdate sends POST /nodes/{id}/update?version=N with the whole new spec: the
// engine refuses a version that is not the node's current one.
func (c *Client) NodeUpdate(ctx context.Context, id string, version uint64, spec swarm.NodeSpec) error {
	q := url.Values{"version": {strconv.FormatUint(version, 10)}}
	return c.DoJSON(ctx, http.MethodPost, "/nodes/"+url.PathEscape(id)+"/update", q, spec, nil)
}

// NodeRemove sends DELETE /nodes/{id} (force=1 with force).
func (c *Client) NodeRemove(ctx context.Context, id string, force bool) error {
	return c.DoJSON(ctx, http.MethodDelete, "/nodes/"+url.PathEscape(id), forceQuery(force), nil, nil)
}
