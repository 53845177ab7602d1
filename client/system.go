package client

import (
	"context"
	"net/http"

	"github.com/moby/moby/api/types/system"
)

// ServerVersion returns GET /version.
func (c *Client) ServerVersion(ctx context.Context) (system.VersionResponse, error) {
	var v system.VersionResponse
	err := c.DoJSON(ctx, http.MethodGet, "/version", nil, nil, &v)
	return v, err
}

// Info returns GET /info.
func (c *Client) Info(ctx context.Context) (system.Info, error) {
	var v system.Info
	err := c.DoJSON(ctx, http.MethodGet, "/info", nil, nil, &v)
	return v, err
}
