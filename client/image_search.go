package client

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/moby/moby/api/types/registry"
)

// ImageSearch sends GET /images/search: the engine asks the index of term's registry,
// with auth as its credentials. limit 0 sends none (the engine's default, 25).
func (c *Client) ImageSearch(ctx context.Context, term string, limit int, filters Filters, auth RegistryAuth) ([]registry.SearchResult, error) {
	q := url.Values{"term": {term}}
	if limit != 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	setFilters(q, filters)
	resp, err := c.Do(ctx, http.MethodGet, "/images/search", q, nil, registryAuthHeader(auth))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxJSONResponse+1))
	if err != nil {
		return nil, c.readError(resp.Request, err)
	}
	if len(raw) > maxJSONResponse {
		return nil, &DecodeError{Method: http.MethodGet, URL: resp.Request.URL.Path, Err: errTooLarge}
	}
	var out []registry.SearchResult
	if err := unmarshalJSON(raw, &out); err != nil {
		return nil, &DecodeError{Method: http.MethodGet, URL: resp.Request.URL.Path, Err: err, Bare: true}
	}
	return out, nil
}
