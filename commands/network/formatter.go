package network

import (
	"strconv"

	"github.com/moby/moby/api/types/network"

	"github.com/skiff-cli/skiff/formatter"
)

// Network listing formats (docker network ls).
const (
	defaultNetworkTableFormat = "table {{.ID}}\\t{{.Name}}\\t{{.Driver}}\\t{{.Scope}}"
	networkRawFormat          = "network_id: {{.ID}}\\nname: {{.Name}}\\ndriver: {{.Driver}}\\nscope: {{.Scope}}\\n"
	networkQuietFormat        = "{{.ID}}"
	networkQuietRawFormat     = "network_id: {{.ID}}"
)

// networkFormat applies docker network ls's defaults to the --format value
// source ("", "table", "raw"; IDs only with quiet). Any other value is
// returned as is.
func networkFormat(source string, quiet bool) formatter.Format {
	switch source {
	case "", formatter.TableFormatKey:
		if quiet {
			return networkQuietFormat
		}
		return defaultNetworkTableFormat
	case formatter.RawFormatKey:
		if quiet {
			return networkQuietRawFormat
		}
		return networkRawFormat
	}
	return formatter.Format(source)
}

func networkHeaders() map[string]string {
	return map[string]string{
		"ID":        "NETWORK ID",
		"Name":      "NAME",
		"Driver":    "DRIVER",
		"Scope":     "SCOPE",
		"IPv4":      "IPV4",
		"IPv6":      "IPV6",
		"Internal":  "INTERNAL",
		"Labels":    "LABELS",
		"CreatedAt": "CREATED AT",
	}
}

// networkWrite renders networks (docker network ls). An empty ctx.Format
// means the default table.
func networkWrite(ctx formatter.Context, networks []network.Summary) error {
	if ctx.Format == "" || ctx.Format == formatter.TableFormatKey {
		ctx.Format = networkFormat(string(ctx.Format), false)
	}
	return ctx.WriteWithLabelHeader(networkHeaders(), func(emit func(any) error) error {
		for i := range networks {
			if err := emit(&networkContext{n: &networks[i].Network, trunc: ctx.Trunc}); err != nil {
				return err
			}
		}
		return nil
	})
}

// networkContext is one row of docker network ls.
type networkContext struct {
	formatter.RowHeader
	n     *network.Network
	trunc bool
}

func (c *networkContext) Field(name string) (string, bool) {
	switch name {
	case "ID":
		return c.ID(), true
	case "Name":
		return c.Name(), true
	case "Driver":
		return c.Driver(), true
	case "Scope":
		return c.Scope(), true
	case "IPv4":
		return c.IPv4(), true
	case "IPv6":
		return c.IPv6(), true
	case "Internal":
		return c.Internal(), true
	case "Labels":
		return c.Labels(), true
	case "CreatedAt":
		return c.CreatedAt(), true
	}
	return "", false
}

func (c *networkContext) MarshalJSON() ([]byte, error) {
	return formatter.MarshalFields(c, []string{"ID", "Name", "Driver", "Scope", "IPv4", "IPv6", "Internal", "Labels", "CreatedAt"}, nil)
}

// ID is the network ID (12 characters unless --no-trunc).
func (c *networkContext) ID() string {
	if c.trunc {
		return formatter.TruncateID(c.n.ID)
	}
	return c.n.ID
}

// Name is the network's name.
func (c *networkContext) Name() string { return c.n.Name }

// Driver is the network driver.
func (c *networkContext) Driver() string { return c.n.Driver }

// Scope is "local", "swarm" or "global".
func (c *networkContext) Scope() string { return c.n.Scope }

// IPv4 is "true" when IPv4 is enabled.
func (c *networkContext) IPv4() string { return strconv.FormatBool(c.n.EnableIPv4) }

// IPv6 is "true" when IPv6 is enabled.
func (c *networkContext) IPv6() string { return strconv.FormatBool(c.n.EnableIPv6) }

// Internal is "true" for an internal network.
func (c *networkContext) Internal() string { return strconv.FormatBool(c.n.Internal) }

// Labels is "k=v,..." (sorted by key).
func (c *networkContext) Labels() string { return formatter.JoinLabels(c.n.Labels) }

// Label is the value of one label.
func (c *networkContext) Label(name string) string { return c.n.Labels[name] }

// CreatedAt is the creation time as Go prints it
// ("2006-01-02 15:04:05.999999999 -0700 MST").
func (c *networkContext) CreatedAt() string { return c.n.Created.String() }
