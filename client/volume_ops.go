package client

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/moby/moby/api/types/volume"
)

// VolumeCreate sends POST /volumes/create and returns the volume the engine made (its
// name, generated when req has none).
func (c *Client) VolumeCreate(ctx context.Context, req volume.CreateRequest) (volume.Volume, error) {
	var out volume.Volume
	err := c.DoJSON(ctx, http.MethodPost, "/volumes/create", nil, req, &out)
	return out, err
}

// VolumeRemove sends DELETE /volumes/{name} (force=1 with force). As docker's client, it
// trims the name and refuses one left empty before any request.
func (c *Client) VolumeRemove(ctx context.Context, name string, force bool) error {
	if name = strings.TrimSpace(name); name == "" {
		return &EmptyIDError{Kind: "volume"}
	}
	q := url.Values{}
	if force {
		q.Set("force", "1")
	}
	return c.DoJSON(ctx, http.MethodDelete, "/volumes/"+pathEscape(name), q, nil, nil)
}
