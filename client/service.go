package client

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/moby/moby/api/types/registry"
	"github.com/moby/moby/api/types/swarm"
)

// ServiceCreateOptions are what service create sends besides the spec.
type ServiceCreateOptions struct {
	// EncodedAuth is the X-Registry-Auth header ("" sends none), with --with-registry-auth.
	EncodedAuth string
}

// ServiceCreate sends POST /services/create and returns the new service's ID and the
// engine's warnings.
func (c *Client) ServiceCreate(ctx context.Context, spec swarm.ServiceSpec, opts ServiceCreateOptions) (swarm.ServiceCreateResponse, error) {
	var h http.Header
	if opts.EncodedAuth != "" {
		h = http.Header{"X-Registry-Auth": {opts.EncodedAuth}}
	}
	var out swarm.ServiceCreateResponse
	err := c.doJSONHeaders(ctx, http.MethodPost, "/services/create", nil, h, spec, &out)
	return out, err
}

// ServiceInspect returns GET /services/{id}?insertDefaults=..., decoded and raw. As
// docker's client, it trims the name and refuses one left empty before any request.
func (c *Client) ServiceInspect(ctx context.Context, id string, insertDefaults bool) (swarm.Service, []byte, error) {
	var out swarm.Service
	if id = strings.TrimSpace(id); id == "" {
		return out, nil, &EmptyIDError{Kind: "service"}
	}
	q := url.Values{"insertDefaults": {strconv.FormatBool(insertDefaults)}}
	raw, err := c.doJSONRaw(ctx, http.MethodGet, "/services/"+pathEscape(id), q, nil, &out, true)
	return out, raw, err
}

// ServiceUpdateOptions are what service update sends besides the spec.
type ServiceUpdateOptions struct {
	EncodedAuth      string // X-Registry-Auth ("" sends none)
	RegistryAuthFrom string // "spec" or "previous-spec" ("" sends none)
	Rollback         string // "previous" asks the engine to roll back
}

// ServiceUpdate sends POST /services/{id}/update?version=N with the whole new spec:
// the engine refuses a version that is not the service's current one.
func (c *Client) ServiceUpdate(ctx context.Context, id string, version uint64, spec swarm.ServiceSpec, opts ServiceUpdateOptions) (swarm.ServiceUpdateResponse, error) {
	q := url.Values{"version": {strconv.FormatUint(version, 10)}}
	if opts.RegistryAuthFrom != "" {
		q.Set("registryAuthFrom", opts.RegistryAuthFrom)
	}
	if opts.Rollback != "" {
		q.Set("rollback", opts.Rollback)
	}
	var h http.Header
	if opts.EncodedAuth != "" {
		h = http.Header{"X-Registry-Auth": {opts.EncodedAuth}}
	}
	var out swarm.ServiceUpdateResponse
	err := c.doJSONHeaders(ctx, http.MethodPost, "/services/"+pathEscape(id)+"/update", q, h, spec, &out)
	return out, err
}

// DistributionInspect returns GET /distribution/{image}/json: the engine asks the
// registry for the image's digest and platforms.
func (c *Client) DistributionInspect(ctx context.Context, image, encodedAuth string) (registry.DistributionInspect, error) {
	var h http.Header
	if encodedAuth != "" {
		h = http.Header{"X-Registry-Auth": {encodedAuth}}
	}
	var out registry.DistributionInspect
	err := c.doJSONHeaders(ctx, http.MethodGet, "/distribution/"+pathEscape(image)+"/json", nil, h, nil, &out)
	return out, err
}

// doJSONHeaders is DoJSON with extra request headers.
func (c *Client) doJSONHeaders(ctx context.Context, method, path string, query url.Values, headers http.Header, in, out any) error {
	body, h, err := jsonBody(in, headers)
	if err != nil {
		return err
	}
	resp, err := c.Do(ctx, method, path, query, body, h)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxJSONResponse))
	if err != nil {
		return c.readError(resp.Request, err)
	}
	if out != nil {
		if err := unmarshalJSON(raw, out); err != nil {
			return &DecodeError{Method: method, URL: resp.Request.URL.Path, Err: err, Bare: true}
		}
	}
	return nil
}

// ServiceList returns GET /services; with status the engine adds each service's
// running/desired task counts (API 1.41), which service ls shows.
func (c *Client) ServiceList(ctx context.Context, filters Filters, status bool) ([]swarm.Service, error) {
	q := url.Values{}
	setFilters(q, filters)
	if status {
		q.Set("status", "true")
	}
	var out []swarm.Service
	err := c.DoJSON(ctx, http.MethodGet, "/services", q, nil, &out)
	return out, err
}

// ServiceRemove sends DELETE /services/{id}.
func (c *Client) ServiceRemove(ctx context.Context, id string) error {
	return c.DoJSON(ctx, http.MethodDelete, "/services/"+url.PathEscape(id), nil, nil, nil)
}

// ServiceLogs opens GET /services/{id}/logs (multiplexed unless the service has a TTY);
// the caller reads and closes the stream.
func (c *Client) ServiceLogs(ctx context.Context, id string, opts LogsOptions) (io.ReadCloser, error) {
	return c.swarmLogs(ctx, "/services/"+url.PathEscape(id)+"/logs", opts)
}

// swarmLogs opens a service's or a task's logs. The swarm's logs take no "until".
func (c *Client) swarmLogs(ctx context.Context, path string, opts LogsOptions) (io.ReadCloser, error) {
	opts.Until = "" // the swarm's logs take none
	q := opts.query()
	resp, err := c.Do(ctx, http.MethodGet, path, q, nil, nil)
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}
