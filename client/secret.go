package client

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/moby/moby/api/types/swarm"
)

// SecretCreate sends POST /secrets/create and returns the new secret's ID.
func (c *Client) SecretCreate(ctx context.Context, spec swarm.SecretSpec) (string, error) {
	var out swarm.SecretCreateResponse
	err := c.DoJSON(ctx, http.MethodPost, "/secrets/create", nil, spec, &out)
	return out.ID, err
}

// SecretList returns GET /secrets.
func (c *Client) SecretList(ctx context.Context, filters Filters) ([]swarm.Secret, error) {
	q := url.Values{}
	setFilters(q, filters)
	var out []swarm.Secret
	err := c.DoJSON(ctx, http.MethodGet, "/secrets", q, nil, &out)
	return out, err
}

// SecretInspect returns GET /secrets/{id}, decoded and raw. As docker's client, it trims
// the name and refuses one left empty before any request.
func (c *Client) SecretInspect(ctx context.Context, id string) (swarm.Secret, []byte, error) {
	var out swarm.Secret
	if id = strings.TrimSpace(id); id == "" {
		return out, nil, &EmptyIDError{Kind: "secret"}
	}
	raw, err := c.doJSONRaw(ctx, http.MethodGet, "/secrets/"+pathEscape(id), nil, nil, &out, true)
	return out, raw, err
}

// SecretRemove sends DELETE /secrets/{id}.
func (c *Client) SecretRemove(ctx context.Context, id string) error {
	if id = strings.TrimSpace(id); id == "" {
		return &EmptyIDError{Kind: "secret"}
	}
	return c.DoJSON(ctx, http.MethodDelete, "/secrets/"+pathEscape(id), nil, nil, nil)
}
