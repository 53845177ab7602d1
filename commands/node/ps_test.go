package node

import (
	"testing"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands/clitest"
)

// TestPsSeveralNodes: each node is added to the same filter, so the second request asks
// for the first node's tasks again and they are listed twice, as docker 28 does; a node
// not found is told after the listing.
func TestPsSeveralNodes(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/nodes/w1").Reply(200, `{"ID":"W"}`)
	e.Expect("GET", "/tasks").Query("filters", `{"name":{"web":true},"node":{"W":true}}`).
		Reply(200, `[{"ID":"t2","ServiceID":"S","Slot":2,"NodeID":"W"}]`)
	e.Expect("GET", "/nodes/nosuch").ReplyError(404, "node nosuch not found")
	e.Expect("GET", "/nodes/m1").Reply(200, `{"ID":"M"}`)
	e.Expect("GET", "/tasks").Query("filters", `{"name":{"web":true},"node":{"M":true,"W":true}}`).
		Reply(200, `[{"ID":"t1","ServiceID":"S","Slot":1,"NodeID":"M"},{"ID":"t2","ServiceID":"S","Slot":2,"NodeID":"W"}]`)
	cli := clitest.New(t, e.Host())
	err := clitest.Run(t, newPsCommand(cli), "-f", "name=web", "--no-resolve", "--format", "{{.ID}} {{.Name}} {{.Node}}", "w1", "nosuch", "m1")
	assert.Error(t, err, "Error response from daemon: node nosuch not found")
	assert.Equal(t, cli.OutBuf.String(), "t1 S.1 M\nt2 S.2 W\nt2 S.2 W\n")
}

// TestPsSelf: no node named is the node the client talks to; -q keeps IDs short.
func TestPsSelf(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/info").Reply(200, infoJSON)
	e.Expect("GET", "/nodes/wsr0d0agzru2y6g23v2ukk0an").Reply(200, `{"ID":"wsr0d0agzru2y6g23v2ukk0an"}`)
	e.Expect("GET", "/tasks").Query("filters", `{"node":{"wsr0d0agzru2y6g23v2ukk0an":true}}`).
		Reply(200, `[{"ID":"t3vjxar6tap6v450zbxisp9ze","ServiceID":"S","NodeID":"wsr0d0agzru2y6g23v2ukk0an"}]`)
	e.Expect("GET", "/services/S").Reply(200, `{"ID":"S","Spec":{"Name":"g"}}`)
	e.Expect("GET", "/nodes/wsr0d0agzru2y6g23v2ukk0an").Reply(200, `{"ID":"wsr0d0agzru2y6g23v2ukk0an","Description":{"Hostname":"m1"}}`)
	cli := clitest.New(t, e.Host())
	assert.NilError(t, clitest.Run(t, newPsCommand(cli), "-q"))
	assert.Equal(t, cli.OutBuf.String(), "t3vjxar6tap6\n")
}
