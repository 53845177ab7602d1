package client

import (
	"context"
	"net/http"
	"net/url"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/network"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
)

// CreateExtras are create settings older engines still take but the API module's types
// no longer have.
type CreateExtras struct {
	// KernelMemory is HostConfig.KernelMemory (deprecated; API < 1.42 honours it).
	KernelMemory int64
	// ExposedPorts, when set, replaces Config.ExposedPorts with these keys as written
	// ("53/UDP": docker keeps the protocol's case, the API type lowers it).
	ExposedPorts []string
}

// createHostConfig adds the extras to HostConfig's JSON.
type createHostConfig struct {
	*container.HostConfig
	KernelMemory int64 `json:",omitempty"`
}

type createBody struct {
	*container.Config
	// OnBuild is sent as null when empty, as docker sends it (the API type omits it).
	OnBuild []string
	// ExposedPorts shadows Config's so that keys can be sent as written.
	ExposedPorts     map[string]struct{}       `json:",omitempty"`
	HostConfig       *createHostConfig         `json:",omitempty"`
	NetworkingConfig *network.NetworkingConfig `json:",omitempty"`
}

// ContainerCreate sends POST /containers/create?name=...&platform=os/arch[/variant].
func (c *Client) ContainerCreate(ctx context.Context, config *container.Config, hostConfig *container.HostConfig,
	netConfig *network.NetworkingConfig, platform *ocispec.Platform, name string) (container.CreateResponse, error) {
	return c.ContainerCreateExtras(ctx, config, hostConfig, netConfig, platform, name, CreateExtras{})
}

// ContainerCreateExtras is ContainerCreate with settings the API types lack.
func (c *Client) ContainerCreateExtras(ctx context.Context, config *container.Config, hostConfig *container.HostConfig,
	netConfig *network.NetworkingConfig, platform *ocispec.Platform, name string, extras CreateExtras) (container.CreateResponse, error) {
	if err := c.lazyNegotiate(ctx); err != nil { // the body depends on the version
		return container.CreateResponse{}, err
	}
	if err := compatNetworking(c.ClientVersion(), netConfig); err != nil {
		return container.CreateResponse{}, err
	}
	q := url.Values{}
	if name != "" {
		q.Set("name", name)
	}
	if platform != nil && platform.OS != "" && !versionLess(c.ClientVersion(), apiCreatePlatform) {
		p := platform.OS + "/" + platform.Architecture
		if platform.Variant != "" {
			p += "/" + platform.Variant
		}
		q.Set("platform", p)
	}
	if config == nil {
		config = &container.Config{}
	}
	body := createBody{Config: config, OnBuild: config.OnBuild, NetworkingConfig: netConfig}
	if len(config.ExposedPorts) > 0 || len(extras.ExposedPorts) > 0 {
		body.ExposedPorts = map[string]struct{}{}
		for p := range config.ExposedPorts {
			body.ExposedPorts[p.String()] = struct{}{}
		}
		if extras.ExposedPorts != nil {
			body.ExposedPorts = map[string]struct{}{}
			for _, p := range extras.ExposedPorts {
				body.ExposedPorts[p] = struct{}{}
			}
		}
	}
	if hostConfig != nil {
		body.HostConfig = &createHostConfig{HostConfig: compatHostConfig(c.ClientVersion(), hostConfig), KernelMemory: extras.KernelMemory}
	}
	var out container.CreateResponse
	err := c.DoJSON(ctx, http.MethodPost, "/containers/create", q, body, &out)
	return out, err
}

// updateBody adds the extras to UpdateConfig's JSON.
type updateBody struct {
	*container.UpdateConfig
	KernelMemory int64 `json:",omitempty"`
}

// ContainerUpdate sends POST /containers/{id}/update.
func (c *Client) ContainerUpdate(ctx context.Context, id string, cfg container.UpdateConfig) (container.UpdateResponse, error) {
	return c.ContainerUpdateExtras(ctx, id, cfg, CreateExtras{})
}

// ContainerUpdateExtras is ContainerUpdate with settings the API types lack.
func (c *Client) ContainerUpdateExtras(ctx context.Context, id string, cfg container.UpdateConfig, extras CreateExtras) (container.UpdateResponse, error) {
	var out container.UpdateResponse
	err := c.DoJSON(ctx, http.MethodPost, "/containers/"+pathEscape(id)+"/update", nil, updateBody{UpdateConfig: &cfg, KernelMemory: extras.KernelMemory}, &out)
	return out, err
}
