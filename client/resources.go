package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/image"
	"github.com/moby/moby/api/types/network"
	"github.com/moby/moby/api/types/volume"
)

// ContainerListOptions are the parameters of GET /containers/json.
type ContainerListOptions struct {
	All     bool
	Limit   int // > 0 to limit (docker -n / --last); -1 or 0 = no limit
	Size    bool
	Filters Filters
}

// ContainerList returns GET /containers/json.
func (c *Client) ContainerList(ctx context.Context, opts ContainerListOptions) ([]container.Summary, error) {
	q := url.Values{}
	if opts.All {
		q.Set("all", "1")
	}
	if opts.Limit > 0 {
		q.Set("limit", strconv.Itoa(opts.Limit))
	}
	if opts.Size {
		q.Set("size", "1")
	}
	setFilters(q, opts.Filters)
	var out []container.Summary
	err := c.DoJSON(ctx, http.MethodGet, "/containers/json", q, nil, &out)
	return out, err
}

// ContainerInspect returns GET /containers/{id}/json, decoded and raw
// (for `docker inspect` output, which prints the daemon's JSON).
func (c *Client) ContainerInspect(ctx context.Context, id string, size bool) (container.InspectResponse, []byte, error) {
	var q url.Values
	if size {
		q = url.Values{"size": {"1"}}
	}
	var out container.InspectResponse
	id, err := TrimContainerID(id)
	if err != nil {
		return out, nil, err
	}
	raw, err := c.doJSONRaw(ctx, http.MethodGet, "/containers/"+pathEscape(id)+"/json", q, nil, &out, true)
	return out, raw, err
}

// ImageListOptions are the parameters of GET /images/json.
type ImageListOptions struct {
	All     bool
	Filters Filters
	// SharedSize asks for SharedSize (sent to API >= 1.42 only, like docker).
	SharedSize bool
	// ContainerCount has no query parameter in the Engine API; images/json
	// answers Containers: -1 unless the daemon computed it. Kept so callers
	// can state intent; it is not sent.
	ContainerCount bool
	// Manifests asks for Manifests (sent to API >= 1.47 only).
	Manifests bool
}

// ImageList returns GET /images/json.
func (c *Client) ImageList(ctx context.Context, opts ImageListOptions) ([]image.Summary, error) {
	if err := c.lazyNegotiate(ctx); err != nil {
		return nil, err
	}
	q := url.Values{}
	if opts.All {
		q.Set("all", "1")
	}
	setFilters(q, opts.Filters)
	v := c.ClientVersion()
	if opts.SharedSize && !versionLess(v, "1.42") {
		q.Set("shared-size", "1")
	}
	if opts.Manifests && !versionLess(v, "1.47") {
		q.Set("manifests", "1")
	}
	var out []image.Summary
	err := c.DoJSON(ctx, http.MethodGet, "/images/json", q, nil, &out)
	return out, err
}

// ImageInspect returns GET /images/{ref}/json, decoded and raw.
func (c *Client) ImageInspect(ctx context.Context, ref string) (image.InspectResponse, []byte, error) {
	var out image.InspectResponse
	if ref == "" { // docker's client: no request, the engine's not-found wording
		return out, nil, &ErrorResponse{StatusCode: http.StatusNotFound, Message: "Error: No such image: ", bare: true}
	}
	raw, err := c.doJSONRaw(ctx, http.MethodGet, "/images/"+pathEscape(ref)+"/json", nil, nil, nil, true)
	return out, raw, unmarshalWhole(raw, err, &out)
}

// ImageHistory returns GET /images/{ref}/history.
func (c *Client) ImageHistory(ctx context.Context, ref string) ([]image.HistoryResponseItem, error) {
	var out []image.HistoryResponseItem
	err := c.DoJSON(ctx, http.MethodGet, "/images/"+pathEscape(ref)+"/history", nil, nil, &out)
	return out, err
}

// NetworkList returns GET /networks.
func (c *Client) NetworkList(ctx context.Context, filters Filters) ([]network.Summary, error) {
	q := url.Values{}
	setFilters(q, filters)
	var out []network.Summary
	err := c.DoJSON(ctx, http.MethodGet, "/networks", q, nil, &out)
	return out, err
}

// NetworkInspect returns GET /networks/{id} (verbose=true, scope=... when
// given), decoded and raw.
func (c *Client) NetworkInspect(ctx context.Context, id string, verbose bool, scope string) (network.Inspect, []byte, error) {
	q := url.Values{}
	if verbose {
		q.Set("verbose", "true")
	}
	if scope != "" {
		q.Set("scope", scope)
	}
	var out network.Inspect
	if id = strings.TrimSpace(id); id == "" {
		return out, nil, &EmptyIDError{Kind: "network"}
	}
	raw, err := c.doJSONRaw(ctx, http.MethodGet, "/networks/"+pathEscape(id), q, nil, &out, true)
	return out, raw, err
}

// VolumeList returns GET /volumes.
func (c *Client) VolumeList(ctx context.Context, filters Filters) (volume.ListResponse, error) {
	q := url.Values{}
	setFilters(q, filters)
	var out volume.ListResponse
	err := c.DoJSON(ctx, http.MethodGet, "/volumes", q, nil, &out)
	return out, err
}

// VolumeInspect returns GET /volumes/{name}, decoded and raw.
func (c *Client) VolumeInspect(ctx context.Context, name string) (volume.Volume, []byte, error) {
	var out volume.Volume
	// docker's client trims the name, and refuses one left empty
	if name = strings.TrimSpace(name); name == "" {
		return out, nil, &EmptyIDError{Kind: "volume"}
	}
	raw, err := c.doJSONRaw(ctx, http.MethodGet, "/volumes/"+pathEscape(name), nil, nil, &out, true)
	return out, raw, err
}

func setFilters(q url.Values, f Filters) {
	if s := f.Encode(); s != "" {
		q.Set("filters", s)
	}
}

// pathEscape returns an id or reference for use as (part of) a URL path.
// URL.Path holds the unescaped form, which url.URL escapes when sending
// ("a b" -> "a%20b", "?" -> "%3F"); slashes stay, as docker sends them
// ("/images/registry:5000/a/b:tag/json" is routed by the engine).
func pathEscape(s string) string {
	return s
}
