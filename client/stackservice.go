package client

// Service writes as docker stack deploy needs them. STACK-TEMP: what is left of the
// stack's own client methods (listing, removal and tasks use ServiceList, ServiceRemove
// and TaskList); fold StackServiceCreate, StackServiceUpdate and serviceWrite onto
// ServiceCreate and ServiceUpdate once service create/update land (same endpoints).

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/moby/moby/api/types/swarm"
)

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
