package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
)

// AttachOptions are the parameters of POST /containers/{id}/attach.
type AttachOptions struct {
	Stream     bool
	Stdin      bool
	Stdout     bool
	Stderr     bool
	DetachKeys string // "" = the daemon's default
	Logs       bool
}

// ContainerAttach hijacks POST /containers/{id}/attach. The caller closes
// the returned connection.
func (c *Client) ContainerAttach(ctx context.Context, id string, opts AttachOptions) (*HijackedResponse, error) {
	q := url.Values{}
	if opts.Stream {
		q.Set("stream", "1")
	}
	if opts.Stdin {
		q.Set("stdin", "1")
	}
	if opts.Stdout {
		q.Set("stdout", "1")
	}
	if opts.Stderr {
		q.Set("stderr", "1")
	}
	if opts.DetachKeys != "" {
		q.Set("detachKeys", opts.DetachKeys)
	}
	if opts.Logs {
		q.Set("logs", "1")
	}
	return c.postHijacked(ctx, "/containers/"+pathEscape(id)+"/attach", q, nil)
}

// ContainerStart sends POST /containers/{id}/start. A container already
// running (304) is not an error.
func (c *Client) ContainerStart(ctx context.Context, id string) error {
	id, err := TrimContainerID(id)
	if err != nil {
		return err
	}
	return c.DoJSON(ctx, http.MethodPost, "/containers/"+pathEscape(id)+"/start", nil, nil, nil)
}

// ContainerResize sends POST /containers/{id}/resize?h=&w=.
func (c *Client) ContainerResize(ctx context.Context, id string, height, width uint) error {
	return c.DoJSON(ctx, http.MethodPost, "/containers/"+pathEscape(id)+"/resize", resizeQuery(height, width), nil, nil)
}

func resizeQuery(height, width uint) url.Values {
	return url.Values{"h": {strconv.FormatUint(uint64(height), 10)}, "w": {strconv.FormatUint(uint64(width), 10)}}
}
