package network

import (
	"encoding/json"
	"time"
)

// InspectValue decodes a network's inspect JSON into what docker 28's templates
// see (see networkInspect).
func InspectValue(raw []byte) (any, error) {
	var v networkInspect
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, err
	}
	return &v, nil
}

// networkInspect is what network inspect templates see: the shape docker 28's own type
// gives a network, field for field and in the same order, so that {{json .}}, {{.}} and
// field access print what the reference prints. The API module's type differs (netip
// values print "invalid Prefix" where docker prints "", Containers comes after
// Labels), so the daemon's JSON is decoded into this instead.
type networkInspect struct {
	Name       string
	ID         string `json:"Id"`
	Created    time.Time
	Scope      string
	Driver     string
	EnableIPv4 bool
	EnableIPv6 bool
	IPAM       ipamView
	Internal   bool
	Attachable bool
	Ingress    bool
	ConfigFrom configRefView
	ConfigOnly bool
	Containers map[string]endpointView
	Options    map[string]string
	Labels     map[string]string
	Peers      []peerView             `json:",omitempty"`
	Services   map[string]serviceView `json:",omitempty"`
}

type ipamView struct {
	Driver  string
	Options map[string]string
	Config  []ipamConfigView
}

type ipamConfigView struct {
	Subnet     string            `json:",omitempty"`
	IPRange    string            `json:",omitempty"`
	Gateway    string            `json:",omitempty"`
	AuxAddress map[string]string `json:"AuxiliaryAddresses,omitempty"`
}

type configRefView struct {
	Network string
}

type endpointView struct {
	Name        string
	EndpointID  string
	MacAddress  string
	IPv4Address string
	IPv6Address string
}

type peerView struct {
	Name string
	IP   string
}

type serviceView struct {
	VIP          string
	Ports        []string
	LocalLBIndex int
	Tasks        []taskView
}

type taskView struct {
	Name       string
	EndpointID string
	EndpointIP string
	Info       map[string]string
}
