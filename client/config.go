package client

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/moby/moby/api/types/swarm"
)

// ConfigCreate sends POST /configs/create and returns the new config's ID.
func (c *Client) ConfigCreate(ctx context.Context, spec swarm.ConfigSpec) (string, error) {
	var out swarm.ConfigCreateResponse
	err := c.DoJSON(ctx, http.MethodPost, "/configs/create", nil, spec, &out)
	return out.ID, err
}

// ConfigList returns GET /configs.
func (c *Client) ConfigList(ctx context.Context, filters Filters) ([]swarm.Config, error) {
	q := url.Values{}
	setFilters(q, filters)
	var out []swarm.Config
	err := c.DoJSON(ctx, http.MethodGet, "/configs", q, nil, &out)
	return out, err
}

// ConfigInspect returns GET /configs/{id}, decoded and raw. As docker's client, it trims
// the name and refuses one left empty before any request.
func (c *Client) ConfigInspect(ctx context.Context, id string) (swarm.Config, []byte, error) {
	var out swarm.Config
	if id = strings.TrimSpace(id); id == "" {
		// sic: docker 28's inspect says "contig" (its rm says "config")
		return out, nil, &EmptyIDError{Kind: "contig"}
	}
	raw, err := c.doJSONRaw(ctx, http.MethodGet, "/configs/"+pathEscape(id), nil, nil, &out, true)
	return out, raw, err
}

// ConfigRemove sends DELETE /configs/{id}.
func (c *Client) ConfigRemove(ctx context.Context, id string) error {
	if id = strings.TrimSpace(id); id == "" {
		return &EmptyIDError{Kind: "config"}
	}
	return c.DoJSON(ctx, http.MethodDelete, "/configs/"+pathEscape(id), nil, nil, nil)
}
