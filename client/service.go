package client

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/moby/moby/api/types/swarm"
)

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

// ServiceInspect returns GET /services/{id}, decoded and raw. insertDefaults asks the
// engine to fill the spec's unset parts with its defaults (what inspect shows).
func (c *Client) ServiceInspect(ctx context.Context, id string, insertDefaults bool) (swarm.Service, []byte, error) {
	var out swarm.Service
	q := url.Values{"insertDefaults": {strconv.FormatBool(insertDefaults)}}
	raw, err := c.doJSONRaw(ctx, http.MethodGet, "/services/"+url.PathEscape(id), q, nil, &out, true)
	return out, raw, err
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
