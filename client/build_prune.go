package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/moby/moby/api/types/build"
)

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
