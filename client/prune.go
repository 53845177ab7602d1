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

// prune posts to a kind's prune endpoint with the filters and decodes its report.
func prune[R any](ctx context.Context, c *Client, path string, filters Filters) (R, error) {
	q := url.Values{}
	setFilters(q, filters)
	var out R
	err := c.DoJSON(ctx, http.MethodPost, path, q, nil, &out)
	return out, err
}

// ContainerPrune sends POST /containers/prune.
func (c *Client) ContainerPrune(ctx context.Context, filters Filters) (container.PruneReport, error) {
	return prune[container.PruneReport](ctx, c, "/containers/prune", filters)
}

// NetworkPrune sends POST /networks/prune.
func (c *Client) NetworkPrune(ctx context.Context, filters Filters) (network.PruneReport, error) {
	return prune[network.PruneReport](ctx, c, "/networks/prune", filters)
}

// VolumePrune sends POST /volumes/prune. Which volumes go depends on the API version:
// from 1.42 only anonymous ones unless the filters hold all=true.
func (c *Client) VolumePrune(ctx context.Context, filters Filters) (volume.PruneReport, error) {
	return prune[volume.PruneReport](ctx, c, "/volumes/prune", filters)
}

// ImagePrune sends POST /images/prune.
func (c *Client) ImagePrune(ctx context.Context, filters Filters) (image.PruneReport, error) {
	return prune[image.PruneReport](ctx, c, "/images/prune", filters)
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
