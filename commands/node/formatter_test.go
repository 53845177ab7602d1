package node

import (
	"testing"

	"github.com/moby/moby/api/types/swarm"

	"github.com/skiff-cli/skiff/formatter"
	"github.com/skiff-cli/skiff/formatter/formattertest"
)

// docker keeps node ls's rows in its node package: its template errors name
// *node.nodeContext, as ours do.
func TestFormatterTemplateError(t *testing.T) {
	write := func(ctx formatter.Context) error { return nodeWrite(ctx, []swarm.Node{{ID: "x"}}, nodeInfo{}) }
	formattertest.TemplateError(t, write, "{{.Foo}}",
		`template parsing error: template: :1:2: executing "" at <.Foo>: can't evaluate field Foo in type *node.nodeContext`)
}
