package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/moby/moby/api/types/build"
	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/image"
	"github.com/moby/moby/api/types/network"
	"github.com/moby/moby/api/types/volume"
)

// The prune endpoints, together: docker system prune calls them all in turn, and each
// kind's own prune command calls one.

// ContainerPrune sends POST /containers/prune.
func (c *Client) ContainerPrune(ctx context.Context, filters Filters) (container.PruneReport, error) {
	q := url.Values{}
	setFilters(q, filters)
	var out container.PruneReport
	err := c.DoJSON(ctx, http.MethodPost, "/containers/prune", q, nil, &out)
	return out, err
}

// NetworkPrune sends POST /networks/prune.
func (c *Client) NetworkPrune(ctx context.Context, filters Filters) (network.PruneReport, error) {
	q := url.Values{}
	setFilters(q, filters)
	var out network.PruneReport
	err := c.DoJSON(ctx, http.MethodPost, "/networks/prune", q, nil, &out)
	return out, err
}

// VolumePrune sends POST /volumes/prune. Which volumes go depends on the API version:
// from 1.42 only anonymous ones unless the filters hold all=true.
func (c *Client) VolumePrune(ctx context.Context, filters Filters) (volume.PruneReport, error) {
	q := url.Values{}
	setFilters(q, filters)
	var out volume.PruneReport
	err := c.DoJSON(ctx, http.MethodPost, "/volumes/prune", q, nil, &out)
	return out, err
}

// ImagePrune sends POST /images/prune.
func (c *Client) ImagePrune(ctx context.Context, filters Filters) (image.PruneReport, error) {
	q := url.Values{}
	setFilters(q, filters)
	var out image.PruneReport
	err := c.DoJSON(ctx, http.MethodPost, "/images/prune", q, nil, &out)
	return out, err
}

// BuildCachePrune sends POST /build/prune. As docker 28 does, it always sends filters
// (empty when none); all=1 only with all, keep-storage only when not 0.
func (c *Client) BuildCachePrune(ctx context.Context, all bool, keepStorage int64, filters Filters) (build.CachePruneReport, error) {
	q := url.Values{"filters": {filters.Encode()}}
	if all {
		q.Set("all", "1")
	}
	if keepStorage != 0 {
		q.Set("keep-storage", strconv.FormatInt(keepStorage, 10))
	}
	var out build.CachePruneReport
	err := c.DoJSON(ctx, http.MethodPost, "/build/prune", q, nil, &out)
	return out, err
}
