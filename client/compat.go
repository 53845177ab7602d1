package client

import (
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/events"
	"github.com/moby/moby/api/types/network"
)

// What older engines expect and answer differently, in one place: the request
// adaptations Do makes to every request (compatQuery), the create body's
// (compatHostConfig) and the JSON answers doJSONRaw reads (compatResponse). The
// versions are the first that no longer need the adaptation.
const (
	// filters are {"key":["value"]} lists below 1.22 (docker 28 sends them so).
	apiFilterSets = "1.22"
	// images/json takes the reference filter as ?filter=NAME below 1.25, as docker 28
	// sends it there.
	apiImageReferenceFilter = "1.25"
	// HostConfig.AutoRemove is unknown below 1.25: docker 28 sends false and removes
	// the container itself after its exit.
	apiAutoRemove = "1.25"
	// /info gave its flags as numbers (0/1) in the first versions (docker 28 cannot read
	// them; skiff reads them as the booleans they became), had no Swarm (inactive) and
	// could send [[""]] as DriverStatus. Below 1.24 only: at 1.24 and later a number
	// stays docker's decoding error.
	apiInfoBooleans = "1.24"
	// events have Type, Action and Actor from 1.22; before, only status, id and from
	// (docker 28 prints them as empty: skiff fills them in, see compatEvent).
	apiEventActors = "1.22"
	// a MAC address is the endpoint's from 1.44; below, docker 28 refuses to send one
	apiEndpointMAC = "1.44"
	// create takes ?platform= from 1.41; below, docker 28 leaves it out (--platform,
	// from 1.32, is then the pull's only)
	apiCreatePlatform = "1.41"
)

// compatNetworking refuses, as docker 28 does, settings the engine of version v
// cannot take in NetworkingConfig.
func compatNetworking(v string, nc *network.NetworkingConfig) error {
	if nc == nil || !versionLess(v, apiEndpointMAC) {
		return nil
	}
	for _, ep := range nc.EndpointsConfig {
		if ep != nil && len(ep.MacAddress) > 0 {
			return fmt.Errorf("%q requires API version %s, but the Docker daemon API version is %s", "specify mac-address per network", apiEndpointMAC, v)
		}
	}
	return nil
}

// compatQuery returns the query of a request to path in the shape the engine of
// version v expects; q itself is not changed.
func compatQuery(v, path string, q url.Values) url.Values {
	if len(q) == 0 || !versionLess(v, apiImageReferenceFilter) {
		return q
	}
	raw := q.Get("filters")
	if raw == "" {
		return q
	}
	f, err := ParseFilters(raw)
	if err != nil {
		return q
	}
	out := make(url.Values, len(q))
	for k, vs := range q {
		out[k] = vs
	}
	if path == "/images/json" && f.Contains("reference") {
		refs := append([]string(nil), f["reference"]...)
		sort.Strings(refs)
		out.Set("filter", refs[0]) // the old parameter takes one name
		delete(f, "reference")
	}
	switch {
	case len(f) == 0:
		out.Del("filters")
	case versionLess(v, apiFilterSets):
		out.Set("filters", f.encodeLists())
	default:
		out.Set("filters", f.Encode())
	}
	return out
}

// encodeLists is Encode in the shape engines before 1.22 read: {"key":["value",...]},
// keys and values sorted.
func (f Filters) encodeLists() string {
	m := make(map[string][]string, len(f))
	for k, vs := range f {
		vals := append([]string{}, vs...)
		sort.Strings(vals)
		m[k] = vals
	}
	b, _ := json.Marshal(m) // maps marshal with sorted keys; strings never fail
	return string(b)
}

// compatHostConfig returns the HostConfig to send to an engine of version v.
func compatHostConfig(v string, hc *container.HostConfig) *container.HostConfig {
	if hc == nil || !hc.AutoRemove || !versionLess(v, apiAutoRemove) {
		return hc
	}
	cp := *hc
	cp.AutoRemove = false
	return &cp
}

// infoBooleans are the /info fields that old engines sent as 0 or 1.
func infoBooleans() []string {
	return []string{"Debug", "IPv4Forwarding", "MemoryLimit", "SwapLimit", "KernelMemory", "KernelMemoryTCP",
		"CpuCfsPeriod", "CpuCfsQuota", "CPUShares", "CPUSet", "PidsLimit", "OomKillDisable",
		"BridgeNfIptables", "BridgeNfIp6tables", "ExperimentalBuild", "LiveRestoreEnabled"}
}

// compatResponse returns the JSON answer of an engine of version v to path in the
// shape today's types read.
func compatResponse(v, path string, raw []byte) []byte {
	if path != "/info" || !versionLess(v, apiInfoBooleans) {
		return raw
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return raw // the decoder says what is wrong with it
	}
	changed := false
	if _, ok := m["Swarm"]; !ok {
		// swarm mode came with 1.24: an older engine is not in one ("Swarm: inactive")
		m["Swarm"], changed = json.RawMessage(`{"LocalNodeState":"inactive"}`), true
	}
	var status [][]string
	if json.Unmarshal(m["DriverStatus"], &status) == nil {
		// the first engines sent [[""]] for a driver without status
		kept := status[:0]
		for _, kv := range status {
			if len(kv) == 2 {
				kept = append(kept, kv)
			}
		}
		if len(kept) != len(status) {
			m["DriverStatus"], _ = json.Marshal(kept)
			changed = true
		}
	}
	for _, k := range infoBooleans() {
		switch strings.TrimSpace(string(m[k])) {
		case "0":
			m[k], changed = json.RawMessage("false"), true
		case "1":
			m[k], changed = json.RawMessage("true"), true
		}
	}
	if !changed {
		return raw
	}
	out, err := json.Marshal(m)
	if err != nil {
		return raw
	}
	return out
}

// compatEvent fills in the Type, Action and Actor of an event from an engine before
// API 1.22 from its status, id and from: an image's events were untag, delete, tag,
// import, pull and push, every other a container's (from: its image).
func compatEvent(ev *Event) {
	if ev.Type != "" || ev.Action != "" || ev.Status == "" {
		return
	}
	ev.Action = events.Action(ev.Status)
	ev.Type = events.ContainerEventType
	switch ev.Status {
	case "untag", "delete", "tag", "import", "pull", "push":
		ev.Type = events.ImageEventType
	}
	ev.Actor.ID = ev.ID
	if ev.From != "" && ev.Type == events.ContainerEventType {
		ev.Actor.Attributes = map[string]string{"image": ev.From}
	}
}
