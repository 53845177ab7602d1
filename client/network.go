package client

import (
	"context"
	"net/http"
	"strings"

	"github.com/moby/moby/api/types/network"
)

// NetworkCreateRequest is the body of POST /networks/create in the shape and key order
// docker 28 sends (observed with a capturing engine). The API module's type holds
// parsed addresses (netip) and would refuse or rewrite what docker passes on verbatim
// for the engine to judge ("--subnet foo" reaches the engine as "foo").
type NetworkCreateRequest struct {
	Driver     string
	Scope      string
	EnableIPv4 *bool `json:",omitempty"` // only when --ipv4 was given
	EnableIPv6 *bool `json:",omitempty"` // only when --ipv6 was given
	IPAM       *NetworkIPAM
	Internal   bool
	Attachable bool
	Ingress    bool
	ConfigOnly bool
	ConfigFrom *NetworkConfigFrom // null unless --config-from
	Options    map[string]string
	Labels     map[string]string
	Name       string
	// CheckDuplicate is set by NetworkCreate for engines below API 1.44, as docker does.
	CheckDuplicate bool `json:",omitempty"`
}

// NetworkIPAM is the IPAM of a create request (Options and Config sent as {} and [] when
// empty).
type NetworkIPAM struct {
	Driver  string
	Options map[string]string
	Config  []NetworkIPAMConfig
}

// NetworkIPAMConfig is one subnet of a create request, its addresses as the user wrote
// them.
type NetworkIPAMConfig struct {
	Subnet     string            `json:",omitempty"`
	IPRange    string            `json:",omitempty"`
	Gateway    string            `json:",omitempty"`
	AuxAddress map[string]string `json:"AuxiliaryAddresses,omitempty"`
}

// NetworkConfigFrom names the config-only network a network takes its configuration from.
type NetworkConfigFrom struct {
	Network string
}

// NetworkCreate sends POST /networks/create. Engines below API 1.44 get CheckDuplicate,
// as docker sends it to them (newer ones always refuse a duplicate name).
func (c *Client) NetworkCreate(ctx context.Context, req NetworkCreateRequest) (network.CreateResponse, error) {
	var out network.CreateResponse
	if err := c.lazyNegotiate(ctx); err != nil {
		return out, err
	}
	req.CheckDuplicate = versionLess(c.ClientVersion(), "1.44")
	err := c.DoJSON(ctx, http.MethodPost, "/networks/create", nil, req, &out)
	return out, err
}

// NetworkEndpointSettings is the EndpointConfig of a connect request in the shape docker
// 28 sends: every field present, addresses as the user wrote them (the engine judges
// them: "--ip foo" is its "Invalid IPv4 address: foo)").
type NetworkEndpointSettings struct {
	IPAMConfig          NetworkEndpointIPAM
	Links               []string // null when none
	Aliases             []string // [] when none
	MacAddress          string
	DriverOpts          map[string]string
	GwPriority          int64
	NetworkID           string
	EndpointID          string
	Gateway             string
	IPAddress           string
	IPPrefixLen         int
	IPv6Gateway         string
	GlobalIPv6Address   string
	GlobalIPv6PrefixLen int
	DNSNames            []string
}

// NetworkEndpointIPAM is an endpoint's requested addresses.
type NetworkEndpointIPAM struct {
	IPv4Address  string   `json:",omitempty"`
	IPv6Address  string   `json:",omitempty"`
	LinkLocalIPs []string `json:",omitempty"`
}

type networkConnectRequest struct {
	Container      string
	EndpointConfig *NetworkEndpointSettings
}

type networkDisconnectRequest struct {
	Container string
	Force     bool
}

// trimNetworkID trims the spaces around a network name or ID as docker's client does,
// and refuses one left empty.
func trimNetworkID(id string) (string, error) {
	if id = strings.TrimSpace(id); id == "" {
		return "", &EmptyIDError{Kind: "network"}
	}
	return id, nil
}

// NetworkConnect sends POST /networks/{id}/connect.
func (c *Client) NetworkConnect(ctx context.Context, id, container string, ep *NetworkEndpointSettings) error {
	id, err := trimNetworkID(id)
	if err != nil {
		return err
	}
	if container, err = TrimContainerID(container); err != nil {
		return err
	}
	return c.DoJSON(ctx, http.MethodPost, "/networks/"+pathEscape(id)+"/connect", nil,
		networkConnectRequest{Container: container, EndpointConfig: ep}, nil)
}

// NetworkDisconnect sends POST /networks/{id}/disconnect.
func (c *Client) NetworkDisconnect(ctx context.Context, id, container string, force bool) error {
	id, err := trimNetworkID(id)
	if err != nil {
		return err
	}
	if container, err = TrimContainerID(container); err != nil {
		return err
	}
	return c.DoJSON(ctx, http.MethodPost, "/networks/"+pathEscape(id)+"/disconnect", nil,
		networkDisconnectRequest{Container: container, Force: force}, nil)
}

// NetworkRemove sends DELETE /networks/{id}.
func (c *Client) NetworkRemove(ctx context.Context, id string) error {
	id, err := trimNetworkID(id)
	if err != nil {
		return err
	}
	return c.DoJSON(ctx, http.MethodDelete, "/networks/"+pathEscape(id), nil, nil, nil)
}
