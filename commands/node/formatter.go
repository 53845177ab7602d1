package node

import (
	"github.com/moby/moby/api/types/swarm"

	"github.com/skiff-cli/skiff/formatter"
)

// Node listing formats (docker node ls). The ID column carries a "*" on the node the
// client talks to, as docker marks it.
const (
	defaultNodeTableFormat = "table {{.ID}} {{if .Self}}*{{else}} {{ end }}\\t{{.Hostname}}\\t{{.Status}}\\t{{.Availability}}\\t{{.ManagerStatus}}\\t{{.EngineVersion}}"
	nodeQuietFormat        = "{{.ID}}"
)

// nodeFormat applies docker node ls's defaults to the --format value source ("" or
// "table"; IDs only with quiet). Any other value is returned as is.
func nodeFormat(source string, quiet bool) formatter.Format {
	if quiet {
		return nodeQuietFormat
	}
	if source == "" || source == formatter.TableFormatKey {
		return defaultNodeTableFormat
	}
	return formatter.Format(source)
}

// nodeInfo is what node ls needs of the engine it talks to: its own node's ID and the
// cluster's CA root, to mark Self and tell the nodes' TLS status. Zero when not asked
// (quiet): every node is then not self and its TLS status unknown, as docker prints.
type nodeInfo struct {
	SelfID    string
	TrustRoot string
}

func nodeHeaders() map[string]string {
	return map[string]string{
		"ID":            "ID",
		"Self":          "",
		"Hostname":      "HOSTNAME",
		"Status":        "STATUS",
		"Availability":  "AVAILABILITY",
		"ManagerStatus": "MANAGER STATUS",
		"EngineVersion": "ENGINE VERSION",
		"TLSStatus":     "TLS STATUS",
	}
}

// nodeWrite renders nodes (docker node ls), in the order given.
func nodeWrite(ctx formatter.Context, nodes []swarm.Node, info nodeInfo) error {
	if ctx.Format == "" || ctx.Format == formatter.TableFormatKey {
		ctx.Format = nodeFormat(string(ctx.Format), false)
	}
	return ctx.Write(nodeHeaders(), func(emit func(any) error) error {
		for i := range nodes {
			if err := emit(&nodeContext{n: &nodes[i], info: info}); err != nil {
				return err
			}
		}
		return nil
	})
}

// nodeContext is one row of docker node ls.
type nodeContext struct {
	formatter.RowHeader
	n    *swarm.Node
	info nodeInfo
}

func (c *nodeContext) Field(name string) (string, bool) {
	switch name {
	case "ID":
		return c.ID(), true
	case "Hostname":
		return c.Hostname(), true
	case "Status":
		return c.Status(), true
	case "Availability":
		return c.Availability(), true
	case "ManagerStatus":
		return c.ManagerStatus(), true
	case "EngineVersion":
		return c.EngineVersion(), true
	case "TLSStatus":
		return c.TLSStatus(), true
	}
	return "", false
}

// MarshalJSON is a row of --format json: Self stays a boolean, as docker prints it.
func (c *nodeContext) MarshalJSON() ([]byte, error) {
	return formatter.MarshalFields(c, []string{"ID", "Hostname", "Status", "Availability", "ManagerStatus", "EngineVersion", "TLSStatus"},
		map[string]any{"Self": c.Self()})
}

// ID is the node's full ID (docker does not shorten node IDs).
func (c *nodeContext) ID() string { return c.n.ID }

// Self reports whether this is the node the client talks to.
func (c *nodeContext) Self() bool { return c.info.SelfID != "" && c.n.ID == c.info.SelfID }

// Hostname is the hostname the node reported.
func (c *nodeContext) Hostname() string { return c.n.Description.Hostname }

// Status is the node's state as the managers see it ("Ready", "Down").
func (c *nodeContext) Status() string { return capitalize(string(c.n.Status.State)) }

// Availability is the node's scheduling availability ("Active", "Pause", "Drain").
func (c *nodeContext) Availability() string { return capitalize(string(c.n.Spec.Availability)) }

// ManagerStatus is "Leader" for the raft leader, the reachability of other managers,
// and empty for workers.
func (c *nodeContext) ManagerStatus() string {
	m := c.n.ManagerStatus
	switch {
	case m == nil:
		return ""
	case m.Leader:
		return "Leader"
	}
	return capitalize(string(m.Reachability))
}

// EngineVersion is the version of the node's engine.
func (c *nodeContext) EngineVersion() string { return c.n.Description.Engine.EngineVersion }

// TLSStatus compares the node's CA root with the cluster's: "Ready" when they agree,
// "Needs Rotation" when the node still trusts an older root, "Unknown" when the
// cluster's root was not fetched.
func (c *nodeContext) TLSStatus() string {
	switch {
	case c.info.TrustRoot == "":
		return "Unknown"
	case c.n.Description.TLSInfo.TrustRoot == c.info.TrustRoot:
		return "Ready"
	}
	return "Needs Rotation"
}
