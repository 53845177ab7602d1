package network

import (
	"testing"
	"time"

	"github.com/moby/moby/api/types/network"

	"github.com/skiff-cli/skiff/formatter"
	"github.com/skiff-cli/skiff/formatter/formattertest"
)

// TestMain fixes the golden files' time zone and -update.
func TestMain(m *testing.M) { formattertest.Main(m) }

func testNetworks() []network.Summary {
	return []network.Summary{
		{Network: network.Network{Name: "bridge", ID: "d72623dcb4321a6d142995df88d548316b414f0b4445353c0ade6769908a5f88", Created: time.Date(2026, 11, 23, 19, 1, 9, 548475619, time.UTC), Scope: "local", Driver: "bridge", EnableIPv4: true}},
		{Network: network.Network{Name: "skf-net1", ID: "a0c9b2851d2d69d4059f93a525cad0e07db01a52963070054c2edfdc8b63a52a", Created: time.Date(2026, 11, 23, 19, 3, 31, 0, time.UTC), Scope: "local", Driver: "bridge", EnableIPv6: true, Internal: true, Labels: map[string]string{"c": "d", "a": "b"}}},
	}
}

func writeTestNetworks(ctx formatter.Context) error { return networkWrite(ctx, testNetworks()) }

// TestFormatterGolden renders network ls in every mode (testdata/networks.golden).
func TestFormatterGolden(t *testing.T) {
	formattertest.Golden(t, formattertest.Listing{
		Name:   "networks",
		Custom: `table {{.Name}}\t{{.IPv4}}\t{{.IPv6}}\t{{.Internal}}\t{{.Label "a"}}\t{{.CreatedAt}}`,
		Raw:    `{{.ID}}|{{.Name}}|{{.Driver}}|{{.Scope}}|{{.IPv4}}|{{.IPv6}}|{{.Internal}}|{{.Labels}}|{{.Label "a"}}|{{.CreatedAt}}`,
		Format: networkFormat,
		Write:  writeTestNetworks,
	})
}

// docker 28 keeps network ls's rows in its network package: its template errors name
// *network.networkContext, as ours do.
func TestFormatterTemplateError(t *testing.T) {
	formattertest.TemplateError(t, writeTestNetworks, "{{.Foo}}",
		`template parsing error: template: :1:2: executing "" at <.Foo>: can't evaluate field Foo in type *network.networkContext`)
}

func TestFormatterRows(t *testing.T) {
	var rows []any
	for _, n := range testNetworks() {
		rows = append(rows, &networkContext{n: &n.Network, trunc: true})
	}
	formattertest.RowsMatchMethods(t, rows...)
	formattertest.RowHeaderSweep(t, "network ls", func(ctx formatter.Context) error {
		return networkWrite(ctx, []network.Summary{{}})
	})
}

func FuzzNetworkFormat(f *testing.F) { formattertest.Fuzz(f, writeTestNetworks) }
