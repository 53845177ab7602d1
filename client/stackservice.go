package client

// Service and task endpoints as docker stack needs them. STACK-TEMP: written beside the
// service and task commands being done in parallel; fold onto their client methods
// after the merge (same endpoints).

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/moby/moby/api/types/swarm"
)

// StackServiceList returns GET /services (status=true adds running/desired counts).
func (c *Client) StackServiceList(ctx context.Context, filters Filters, status bool) ([]swarm.Service, error) {
	q := url.Values{}
	setFilters(q, filters)
	if status {
		q.Set("status", "true")
	}
	var out []swarm.Service
	err := c.DoJSON(ctx, http.MethodGet, "/services", q, nil, &out)
	return out, err
}

// StackServiceCreate sends POST /services/create; auth is the X-Registry-Auth header
// ("" for none).
func (c *Client) StackServiceCreate(ctx context.Context, spec swarm.ServiceSpec, auth string) (swarm.ServiceCreateResponse, error) {
	var out swarm.ServiceCreateResponse
	err := c.serviceWrite(ctx, "/services/create", nil, spec, auth, &out)
	return out, err
}

// StackServiceUpdate sends POST /services/{id}/update at the service's version.
func (c *Client) StackServiceUpdate(ctx context.Context, id string, version uint64, spec swarm.ServiceSpec, auth string) (swarm.ServiceUpdateResponse, error) {
	var out swarm.ServiceUpdateResponse
	q := url.Values{"version": {strconv.FormatUint(version, 10)}}
	err := c.serviceWrite(ctx, "/services/"+url.PathEscape(id)+"/update", q, spec, auth, &out)
	return out, err
}

func (c *Client) serviceWrite(ctx context.Context, path string, q url.Values, spec swarm.ServiceSpec, auth string, out any) error {
	h := http.Header{}
	if auth != "" {
		h.Set("X-Registry-Auth", auth)
	}
	body, h, err := jsonBody(spec, h)
	if err != nil {
		return err
	}
	resp, err := c.Do(ctx, http.MethodPost, path, q, body, h)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return c.readError(resp.Request, err)
	}
	if len(b) > 0 {
		_ = json.Unmarshal(b, out)
	}
	return nil
}

// StackServiceRemove sends DELETE /services/{id}.
func (c *Client) StackServiceRemove(ctx context.Context, id string) error {
	return c.DoJSON(ctx, http.MethodDelete, "/services/"+url.PathEscape(id), nil, nil, nil)
}

// StackTaskList returns GET /tasks.
func (c *Client) StackTaskList(ctx context.Context, filters Filters) ([]swarm.Task, error) {
	q := url.Values{}
	setFilters(q, filters)
	var out []swarm.Task
	err := c.DoJSON(ctx, http.MethodGet, "/tasks", q, nil, &out)
	return out, err
}
