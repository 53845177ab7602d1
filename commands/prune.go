package commands

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/formatter"
)

// The prune of each kind, as its own prune command and docker system prune both run
// it: the request, and what docker reports of it (PruneDeleted's title and
// lines, and the space it counts in the total). The filters are used as given: the
// callers add config.json's pruneFilters (PruneFilters) as docker does for each.
//
// docker 28 begins each prune with a ping whose failure it reports (an engine that
// accepts and closes: "error during connect: Head .../_ping: EOF", not the prune
// request's error): pruneStart.

// pruneStart negotiates the API version as docker's prunes do, reporting a failed ping.
func pruneStart(ctx context.Context, c *client.Client) error {
	return c.NegotiateReachable(ctx)
}

// PruneResult is what one kind's prune removed.
type PruneResult struct {
	Title     string   // "Deleted Containers:"
	Deleted   []string // one line per object removed
	Reclaimed uint64
}

// PruneContainers removes the stopped containers.
func PruneContainers(ctx context.Context, c *client.Client, f client.Filters) (PruneResult, error) {
	if err := pruneStart(ctx, c); err != nil {
		return PruneResult{}, err
	}
	r, err := c.ContainerPrune(ctx, f)
	return PruneResult{Title: "Deleted Containers:", Deleted: r.ContainersDeleted, Reclaimed: r.SpaceReclaimed}, err
}

// PruneNetworks removes the networks no container uses (the engine reports no space).
func PruneNetworks(ctx context.Context, c *client.Client, f client.Filters) (PruneResult, error) {
	if err := pruneStart(ctx, c); err != nil {
		return PruneResult{}, err
	}
	r, err := c.NetworkPrune(ctx, f)
	return PruneResult{Title: "Deleted Networks:", Deleted: r.NetworksDeleted}, err
}

// PruneVolumes removes the volumes no container uses (anonymous ones only from API
// 1.42 unless f holds all=true).
func PruneVolumes(ctx context.Context, c *client.Client, f client.Filters) (PruneResult, error) {
	if err := pruneStart(ctx, c); err != nil {
		return PruneResult{}, err
	}
	r, err := c.VolumePrune(ctx, f)
	return PruneResult{Title: "Deleted Volumes:", Deleted: r.VolumesDeleted, Reclaimed: r.SpaceReclaimed}, err
}

// PruneImages removes the dangling images, or with all every image no container uses:
// docker says so with the filter dangling=true or false, added to a copy of f.
func PruneImages(ctx context.Context, c *client.Client, f client.Filters, all bool) (PruneResult, error) {
	if err := pruneStart(ctx, c); err != nil {
		return PruneResult{}, err
	}
	f = f.Clone()
	f.Add("dangling", strconv.FormatBool(!all))
	r, err := c.ImagePrune(ctx, f)
	res := PruneResult{Title: "Deleted Images:", Reclaimed: r.SpaceReclaimed}
	for _, it := range r.ImagesDeleted {
		if it.Untagged != "" {
			res.Deleted = append(res.Deleted, "untagged: "+it.Untagged)
		} else if it.Deleted != "" {
			res.Deleted = append(res.Deleted, "deleted: "+it.Deleted)
		}
	}
	return res, err
}

// PruneBuildCache removes the dangling build cache, or with all all of it that is
// unused, keeping keepStorage bytes when not 0.
func PruneBuildCache(ctx context.Context, c *client.Client, f client.Filters, all bool, keepStorage int64) (PruneResult, error) {
	if err := pruneStart(ctx, c); err != nil {
		return PruneResult{}, err
	}
	r, err := c.BuildCachePrune(ctx, all, keepStorage, f)
	return PruneResult{Title: "Deleted build cache objects:", Deleted: r.CachesDeleted, Reclaimed: r.SpaceReclaimed}, err
}

// PruneReport writes what a prune removed as docker does for every kind: PruneDeleted,
// then PruneTotal.
func PruneReport(w io.Writer, title string, lines []string, reclaimed uint64) {
	PruneDeleted(w, title, lines)
	PruneTotal(w, reclaimed)
}

// PruneDeleted writes the title ("Deleted Containers:") and one line per removed
// object, then a blank line, when anything went; nothing otherwise. docker system prune
// writes one such section per kind, network prune its only one.
func PruneDeleted(w io.Writer, title string, lines []string) {
	if len(lines) == 0 {
		return
	}
	fmt.Fprintln(w, title)
	for _, l := range lines {
		fmt.Fprintln(w, l)
	}
	fmt.Fprintln(w)
}

// PruneTotal writes "Total reclaimed space: <size>", always.
func PruneTotal(w io.Writer, reclaimed uint64) {
	fmt.Fprintln(w, "Total reclaimed space:", formatter.HumanSize(float64(reclaimed)))
}
