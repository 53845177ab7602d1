package node

import (
	"testing"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands/clitest"
)

const workerJSON = `{"ID":"w1id","Version":{"Index":61},"Spec":{"Labels":{"c":"3"},"Role":"worker","Availability":"active"}}`

// TestUpdate: the node's spec at its version, labels added then removed, the node
// printed as named.
func TestUpdate(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/nodes/w1").Reply(200, workerJSON)
	e.Expect("POST", "/nodes/w1id/update").Query("version", "61").
		JSONBody(map[string]any{"Labels": map[string]any{"a": "1", "b": ""}, "Role": "manager", "Availability": "drain"}).Reply(200, nil)
	cli := clitest.New(t, e.Host())
	assert.NilError(t, clitest.Run(t, newUpdateCommand(cli), "--label-add", "a=1", "--label-add", "b", "--label-add", "x=1",
		"--label-rm", "x", "--label-rm", "c", "--role", "manager", "--availability", "drain", "w1"))
	assert.Equal(t, cli.OutBuf.String(), "w1\n")
}

// TestUpdateLabelRmMissing: refused before any update, as docker.
func TestUpdateLabelRmMissing(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/nodes/w1").Reply(200, workerJSON)
	cli := clitest.New(t, e.Host())
	assert.Error(t, clitest.Run(t, newUpdateCommand(cli), "--label-rm", "zz", "w1"), "key zz doesn't exist in node's labels")
}

func TestPromoteDemote(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/nodes/w1").Reply(200, workerJSON).Times(2)
	e.Expect("POST", "/nodes/w1id/update").Query("version", "61").BodyField("Role", "manager").Reply(200, nil)
	cli := clitest.New(t, e.Host())
	assert.NilError(t, clitest.Run(t, newPromoteCommand(cli), "w1"))
	// already a worker: named by its ID, nothing sent
	assert.NilError(t, clitest.Run(t, newDemoteCommand(cli), "w1"))
	assert.Equal(t, cli.OutBuf.String(), "Node w1 promoted to a manager in the swarm.\nNode w1id is already a worker.\n")
}

// TestDemoteStops: the first failure ends the command.
func TestDemoteStops(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/nodes/nosuch").ReplyError(404, "node nosuch not found")
	cli := clitest.New(t, e.Host())
	assert.Error(t, clitest.Run(t, newDemoteCommand(cli), "nosuch", "w1"), "Error response from daemon: node nosuch not found")
}

// TestRemove: each node as named (no self), the failures together at the end.
func TestRemove(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("DELETE", "/nodes/self").Query("force", "1").ReplyError(404, "node self not found")
	e.Expect("DELETE", "/nodes/w1").Query("force", "1").Reply(200, nil)
	cli := clitest.New(t, e.Host())
	err := clitest.Run(t, newRemoveCommand(cli), "-f", "self", "w1")
	assert.Error(t, err, "Error response from daemon: node self not found")
	assert.Equal(t, cli.OutBuf.String(), "w1\n")
}
