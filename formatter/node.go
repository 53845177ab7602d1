package formatter

import (
	"strings"

	"github.com/moby/moby/api/types/swarm"
)

// Node listing formats (docker node ls). The ID column carries a "*" on the node the
// client talks to, as docker marks it.
const (
	defaultNodeTableFormat = "table {{.ID}} {{if .Self}}*{{else}} {{ end }}\\t{{.Hostname}}\\t{{.Status}}\\t{{.Availability}}\\t{{.ManagerStatus}}\\t{{.EngineVersion}}"
	nodeQuietFormat        = "{{.ID}}"
)

// NodeFormat applies docker node ls's defaults to the --format value source ("" or
// "table"; IDs only with quiet). Any other value is returned as is.
func NodeFormat(source string, quiet bool) Format {
	if quiet {
		return nodeQuietFormat
	}
	if source == "" || source == TableFormatKey {
		return defaultNodeTableFormat
	}
	return Format(source)
}

// NodeInfo is what node ls needs of the engine it talks to: its own node's ID and the
// cluster's CA root, to mark Self and tell the nodes' TLS status. Zero when not asked
// (quiet): every node is then not self and its TLS status unknown, as docker prints.
type NodeInfo struct {
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

// NodeWrite renders nodes (docker node ls), in the order given.
func NodeWrite(ctx Context, nodes []swarm.Node, info NodeInfo) error {
	if ctx.Format == "" || ctx.Format == TableFormatKey {
		ctx.Format = NodeFormat(string(ctx.Format), false)
	}
	return NamedAs(ctx.write(nodeHeaders(), func(emit func(any) error) error {
		for i := range nodes {
			if err := emit(&nodeContext{n: &nodes[i], info: info}); err != nil {
				return err
			}
		}
		return nil
	}), "*formatter.nodeContext", "*node.nodeContext")
}

// nodeContext is one row of docker node ls.
type nodeContext struct {
	RowHeader
	n    *swarm.Node
	info NodeInfo
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
	return MarshalFields(c, []string{"ID", "Hostname", "Status", "Availability", "ManagerStatus", "EngineVersion", "TLSStatus"},
		map[string]any{"Self": c.Self()})
}

// capitalize upper-cases the first letter of the engine's lower-case states ("ready").
func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
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
