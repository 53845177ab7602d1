package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/moby/moby/api/types/swarm"
	"github.com/moby/moby/api/types/volume"
)

// SwarmInit sends POST /swarm/init and returns the new node's ID.
func (c *Client) SwarmInit(ctx context.Context, req swarm.InitRequest) (string, error) {
	var id string
	err := c.DoJSON(ctx, http.MethodPost, "/swarm/init", nil, req, &id)
	return id, err
}

// SwarmJoin sends POST /swarm/join.
func (c *Client) SwarmJoin(ctx context.Context, req swarm.JoinRequest) error {
	return c.DoJSON(ctx, http.MethodPost, "/swarm/join", nil, req, nil)
}

// SwarmInspect returns GET /swarm: the cluster, its spec and join tokens (managers only).
func (c *Client) SwarmInspect(ctx context.Context) (swarm.Swarm, error) {
	var out swarm.Swarm
	err := c.DoJSON(ctx, http.MethodGet, "/swarm", nil, nil, &out)
	return out, err
}

// SwarmUpdateFlags are the rotations a swarm update asks for beside the new spec.
type SwarmUpdateFlags struct {
	RotateWorkerToken, RotateManagerToken, RotateManagerUnlockKey bool
}

// SwarmUpdate sends POST /swarm/update with the whole spec at the cluster's version
// (the engine refuses any other) and the three rotation flags, always all present.
func (c *Client) SwarmUpdate(ctx context.Context, version uint64, spec swarm.Spec, f SwarmUpdateFlags) error {
	q := url.Values{
		"version":                {strconv.FormatUint(version, 10)},
		"rotateWorkerToken":      {strconv.FormatBool(f.RotateWorkerToken)},
		"rotateManagerToken":     {strconv.FormatBool(f.RotateManagerToken)},
		"rotateManagerUnlockKey": {strconv.FormatBool(f.RotateManagerUnlockKey)},
	}
	return c.DoJSON(ctx, http.MethodPost, "/swarm/update", q, spec, nil)
}

// SwarmLeave sends POST /swarm/leave (force=1 with force).
func (c *Client) SwarmLeave(ctx context.Context, force bool) error {
	return c.DoJSON(ctx, http.MethodPost, "/swarm/leave", forceQuery(force), nil, nil)
}

// SwarmUnlock sends POST /swarm/unlock with the key.
func (c *Client) SwarmUnlock(ctx context.Context, key string) error {
	return c.DoJSON(ctx, http.MethodPost, "/swarm/unlock", nil, swarm.UnlockRequest{UnlockKey: key}, nil)
}

// SwarmUnlockKey returns GET /swarm/unlockkey ("" when autolock is off).
func (c *Client) SwarmUnlockKey(ctx context.Context) (string, error) {
	var out swarm.UnlockKeyResponse
	err := c.DoJSON(ctx, http.MethodGet, "/swarm/unlockkey", nil, nil, &out)
	return out.UnlockKey, err
}

// VolumeUpdate sends PUT /volumes/{id}?version=N with a cluster volume's new spec (API
// 1.42): id is the cluster volume's swarm ID, not its name.
func (c *Client) VolumeUpdate(ctx context.Context, id string, version uint64, spec volume.ClusterVolumeSpec) error {
	q := url.Values{"version": {strconv.FormatUint(version, 10)}}
	body := struct{ Spec *volume.ClusterVolumeSpec }{&spec}
	return c.DoJSON(ctx, http.MethodPut, "/volumes/"+pathEscape(id), q, body, nil)
}
