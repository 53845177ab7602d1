package client

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/moby/moby/api/types/swarm"
)

// Ping is what GET/HEAD /_ping tells about the daemon (from headers).
type Ping struct {
	APIVersion     string // API-Version header; "" if absent
	OSType         string // OSType header ("linux")
	Experimental   bool   // Docker-Experimental: true
	BuilderVersion string // Builder-Version header ("1", "2")
	SwarmStatus    *SwarmStatus
}

// SwarmStatus is the parsed "Swarm" ping header ("inactive", "active/manager"...).
type SwarmStatus struct {
	NodeState        swarm.LocalNodeState
	ControlAvailable bool
}

// Ping sends HEAD /_ping, falling back to GET /_ping when HEAD is not
// answered with success. The returned Ping is filled from the headers even
// when an error (non-2xx) is returned, so a daemon in trouble still tells
// its API version. Ping does not negotiate.
func (c *Client) Ping(ctx context.Context) (Ping, error) {
	path := strings.TrimSuffix(c.basePath, "/") + "/_ping"
	resp, err := c.pingOnce(ctx, http.MethodHead, path)
	if err == nil && resp.StatusCode >= 200 && resp.StatusCode < 300 {
		resp.Body.Close()
		return parsePing(resp.Header), nil
	}
	if err != nil {
		return Ping{}, err
	}
	resp.Body.Close()
	resp, err = c.pingOnce(ctx, http.MethodGet, path)
	if err != nil {
		return Ping{}, err
	}
	defer resp.Body.Close()
	p := parsePing(resp.Header)
	if resp.StatusCode < 200 || resp.StatusCode >= 300 {
		return p, errorFromResponse(resp, resp.Request.URL)
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4096))
	return p, nil
}

func (c *Client) pingOnce(ctx context.Context, method, path string) (*http.Response, error) {
	req, err := c.newRequest(ctx, method, path, nil, nil, nil)
	if err != nil {
		return nil, err
	}
	if method == http.MethodGet {
		req.Header.Set("Cache-Control", "no-cache")
		req.Header.Set("Pragma", "no-cache")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, ctxErr
		}
		return nil, c.connectionError(err)
	}
	return resp, nil
}

func parsePing(h http.Header) Ping {
	p := Ping{
		APIVersion:     h.Get("API-Version"),
		OSType:         h.Get("OSType"),
		BuilderVersion: h.Get("Builder-Version"),
	}
	p.Experimental, _ = strconv.ParseBool(h.Get("Docker-Experimental"))
	if s := h.Get("Swarm"); s != "" {
		state, role, _ := strings.Cut(s, "/")
		p.SwarmStatus = &SwarmStatus{NodeState: swarm.LocalNodeState(state), ControlAvailable: role == "manager"}
	}
	return p
}

// Negotiate settles the API version once: it pings the daemon and uses
// min(daemon's API-Version, MaxAPIVersion); a daemon answering 2xx without
// the header is taken as 1.24. A fixed version (Options.APIVersion) skips
// all this. An older daemon's version is used as it is, however old (docker 28
// sends /v1.12/ to a daemon that says 1.12). When the ping fails without telling a version, the error is returned and the
// next call tries again.
func (c *Client) Negotiate(ctx context.Context) error {
	if c.isNegotiated() {
		return nil
	}
	c.negMu.Lock()
	defer c.negMu.Unlock()
	if c.isNegotiated() {
		return nil
	}
	p, err := c.Ping(ctx)
	v := p.APIVersion
	if v == "" {
		if err != nil {
			return err
		}
		v = "1.24"
	}
	v = strings.TrimPrefix(v, "v")
	if versionLess(MaxAPIVersion, v) {
		v = MaxAPIVersion
	}
	c.mu.Lock()
	c.version, c.negotiated = v, true
	c.mu.Unlock()
	return nil
}

func (c *Client) isNegotiated() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.negotiated
}

// NegotiateReachable is Negotiate for the commands that docker 28 begins with a ping
// of its own (create, run, images): an engine that cannot be reached ends them there,
// in the ping's words (`error during connect: Head ".../_ping": EOF`); any other
// failed ping is left to the request that follows, as before every request.
func (c *Client) NegotiateReachable(ctx context.Context) error {
	err := c.Negotiate(ctx)
	var ce *ConnectionError
	if err != nil && (errors.As(err, &ce) || ctx.Err() != nil) {
		return err
	}
	return nil
}

// lazyNegotiate is Negotiate as done before every request: like docker, a
// failed ping does not fail the request (which then reports its own, more
// precise error), except for a done context.
func (c *Client) lazyNegotiate(ctx context.Context) error {
	if c.isNegotiated() {
		return nil
	}
	err := c.Negotiate(ctx)
	if err == nil {
		return nil
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return ctxErr
	}
	return nil
}

// versionLess compares dotted API versions numerically ("1.9" < "1.41").
func versionLess(a, b string) bool {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) || i < len(bs); i++ {
		var x, y int
		if i < len(as) {
			x, _ = strconv.Atoi(as[i])
		}
		if i < len(bs) {
			y, _ = strconv.Atoi(bs[i])
		}
		if x != y {
			return x < y
		}
	}
	return false
}

// VersionLess reports whether API version a is older than b ("1.41" < "1.50").
func VersionLess(a, b string) bool { return versionLess(a, b) }
