package client

import (
	"context"
	"io"
	"net/http"
	"net/url"

	"github.com/moby/moby/api/types/swarm"
)

// TaskList returns GET /tasks (swarm managers only).
func (c *Client) TaskList(ctx context.Context, filters Filters) ([]swarm.Task, error) {
	q := url.Values{}
	setFilters(q, filters)
	var out []swarm.Task
	err := c.DoJSON(ctx, http.MethodGet, "/tasks", q, nil, &out)
	return out, err
}

// TaskInspect returns GET /tasks/{id}, decoded and raw.
func (c *Client) TaskInspect(ctx context.Context, id string) (swarm.Task, []byte, error) {
	var out swarm.Task
	raw, err := c.doJSONRaw(ctx, http.MethodGet, "/tasks/"+url.PathEscape(id), nil, nil, &out, true)
	return out, raw, err
}

// TaskLogs opens GET /tasks/{id}/logs, as ServiceLogs.
func (c *Client) TaskLogs(ctx context.Context, id string, opts LogsOptions) (io.ReadCloser, error) {
	return c.swarmLogs(ctx, "/tasks/"+url.PathEscape(id)+"/logs", opts)
}
