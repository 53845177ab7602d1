package client

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"time"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/image"
	"github.com/moby/moby/api/types/volume"
)

// DiskUsageOptions are the parameters of GET /system/df.
type DiskUsageOptions struct {
	// Verbose asks for per-object lists; only API >= 1.52 has the
	// parameter (older engines always send the lists).
	Verbose bool
	// Types limits the answer to "container", "image", "volume",
	// "build-cache" (API >= 1.42; older engines answer everything).
	Types []string
}

// DiskUsage is GET /system/df in the shape of API 1.41 .. 1.51
// (LayersSize, Images, Containers, Volumes, BuildCache), which is what the
// engines we talk to send and what docker 28 prints from. moby/api v1.56's
// system.DiskUsage only knows the v1.52+ shape (ImageUsage{TotalSize,
// Items...}, ...); when a newer engine answers in that shape, the lists are
// filled from its Items and the *Usage summaries are kept as well.
type DiskUsage struct {
	LayersSize  int64
	Images      []image.Summary
	Containers  []container.Summary
	Volumes     []volume.Volume
	BuildCache  []BuildCacheRecord
	BuilderSize int64 `json:",omitempty"` // deprecated by the engine, still sent by 1.41

	// v1.52+ summaries (nil from older engines).
	ImageUsage      *image.DiskUsage     `json:",omitempty"`
	ContainerUsage  *container.DiskUsage `json:",omitempty"`
	VolumeUsage     *volume.DiskUsage    `json:",omitempty"`
	BuildCacheUsage *BuildCacheUsage     `json:",omitempty"`
}

// BuildCacheRecord is one build cache entry; API < 1.42 sends "Parent"
// (one id), newer ones "Parents". moby/api's build.CacheRecord has a broken
// tag for Parents (" Parents"), hence this type.
type BuildCacheRecord struct {
	ID          string
	Parent      string   `json:",omitempty"`
	Parents     []string `json:",omitempty"`
	Type        string
	Description string
	InUse       bool
	Shared      bool
	Size        int64
	CreatedAt   time.Time
	LastUsedAt  *time.Time
	UsageCount  int
}

// BuildCacheUsage is the v1.52+ build cache summary.
type BuildCacheUsage struct {
	ActiveCount int64              `json:",omitempty"`
	Items       []BuildCacheRecord `json:",omitempty"`
	Reclaimable int64              `json:",omitempty"`
	TotalCount  int64              `json:",omitempty"`
	TotalSize   int64              `json:",omitempty"`
}

// DiskUsage returns GET /system/df, decoded from either wire shape.
func (c *Client) DiskUsage(ctx context.Context, opts DiskUsageOptions) (DiskUsage, error) {
	if err := c.lazyNegotiate(ctx); err != nil {
		return DiskUsage{}, err
	}
	q := url.Values{}
	v := c.ClientVersion()
	if len(opts.Types) > 0 && !versionLess(v, "1.42") {
		for _, t := range opts.Types {
			q.Add("type", t)
		}
	}
	if opts.Verbose && !versionLess(v, "1.52") {
		q.Set("verbose", "1")
	}
	var du DiskUsage
	err := c.DoJSON(ctx, http.MethodGet, "/system/df", q, nil, &du)
	return du, err
}

// UnmarshalJSON decodes both wire shapes.
func (du *DiskUsage) UnmarshalJSON(b []byte) error {
	type plain DiskUsage
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	if p.Images == nil && p.ImageUsage != nil {
		p.Images = p.ImageUsage.Items
	}
	if p.Containers == nil && p.ContainerUsage != nil {
		p.Containers = p.ContainerUsage.Items
	}
	if p.Volumes == nil && p.VolumeUsage != nil {
		p.Volumes = p.VolumeUsage.Items
	}
	if p.BuildCache == nil && p.BuildCacheUsage != nil {
		p.BuildCache = p.BuildCacheUsage.Items
	}
	if p.LayersSize == 0 && p.ImageUsage != nil {
		p.LayersSize = p.ImageUsage.TotalSize
	}
	*du = DiskUsage(p)
	return nil
}
