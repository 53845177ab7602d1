package client

import (
	"context"
	"errors"
	"net/http"

	"github.com/moby/moby/api/types/container"
)

// ExecCreateOptions is the body of POST /containers/{id}/exec: the API's
// request plus the Detach field docker sends too.
type ExecCreateOptions struct {
	container.ExecCreateRequest
	Detach bool
}

// ExecCreate sends POST /containers/{id}/exec and returns the exec's id.
func (c *Client) ExecCreate(ctx context.Context, containerID string, opts ExecCreateOptions) (string, error) {
	var out container.ExecCreateResponse
	if err := c.DoJSON(ctx, http.MethodPost, "/containers/"+pathEscape(containerID)+"/exec", nil, opts, &out); err != nil {
		return "", err
	}
	if out.ID == "" {
		return "", &DecodeError{Method: http.MethodPost, URL: "/containers/" + containerID + "/exec", Err: errors.New("no exec id")}
	}
	return out.ID, nil
}

// ExecStart sends POST /exec/{id}/start for a detached exec (Detach is
// forced to true): it returns once the process started.
func (c *Client) ExecStart(ctx context.Context, execID string, opts container.ExecStartRequest) error {
	opts.Detach = true
	return c.DoJSON(ctx, http.MethodPost, "/exec/"+pathEscape(execID)+"/start", nil, opts, nil)
}

// ExecAttach hijacks POST /exec/{id}/start (Detach is forced to false).
// The caller closes the returned connection.
func (c *Client) ExecAttach(ctx context.Context, execID string, opts container.ExecStartRequest) (*HijackedResponse, error) {
	opts.Detach = false
	return c.postHijacked(ctx, "/exec/"+pathEscape(execID)+"/start", nil, opts)
}

// ExecInspect returns GET /exec/{id}/json.
func (c *Client) ExecInspect(ctx context.Context, execID string) (container.ExecInspectResponse, error) {
	var out container.ExecInspectResponse
	err := c.DoJSON(ctx, http.MethodGet, "/exec/"+pathEscape(execID)+"/json", nil, nil, &out)
	return out, err
}

// ExecResize sends POST /exec/{id}/resize?h=&w=.
func (c *Client) ExecResize(ctx context.Context, execID string, height, width uint) error {
	return c.DoJSON(ctx, http.MethodPost, "/exec/"+pathEscape(execID)+"/resize", resizeQuery(height, width), nil, nil)
}
