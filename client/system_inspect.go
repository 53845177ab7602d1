package client

import (
	"context"
	"net/http"
	"net/url"
)

// ObjectInspect returns the engine's JSON for one object of a kind that has no
// dedicated method here yet, for the generic `docker inspect`:
// "plugin" (GET /plugins/{name}/json), "service" (GET /services/{id}?insertDefaults=true),
// "task", "node", "secret", "config" (GET /{kind}s/{id}). The answer is decoded into
// out when out is non-nil; the raw body is returned either way.
func (c *Client) ObjectInspect(ctx context.Context, kind, id string, out any) ([]byte, error) {
	path := "/" + kind + "s/" + pathEscape(id)
	var q url.Values
	switch kind {
	case "plugin":
		path += "/json"
	case "service":
		q = url.Values{"insertDefaults": {"true"}}
	}
	return c.doJSONRaw(ctx, http.MethodGet, path, q, nil, out, true)
}
