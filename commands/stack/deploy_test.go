package stack

import (
	"testing"
	"time"

	"github.com/moby/moby/api/types/swarm"
	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands/clitest"
)

// A paused service does not stop the wait: docker 28 draws the next service's board,
// then fails naming each paused service by its ID.
func TestDeployWaitEachService(t *testing.T) {
	e := fakeengine.New(t)
	e.APIVersion = "1.41"
	e.Expect("GET", "/services/bad").Reply(200, `{"ID":"bad","UpdateStatus":{"State":"paused","Message":"update paused due to failure"}}`)
	one := uint64(1)
	good := swarm.Service{ID: "good", Spec: swarm.ServiceSpec{Mode: swarm.ServiceMode{Replicated: &swarm.ReplicatedService{Replicas: &one}},
		UpdateConfig: &swarm.UpdateConfig{Monitor: time.Millisecond}}}
	e.Expect("GET", "/services/good").Reply(200, good).AnyTimes()
	task := swarm.Task{ID: "t1", Slot: 1, DesiredState: swarm.TaskStateRunning, Status: swarm.TaskStatus{State: swarm.TaskStateRunning}}
	e.Expect("GET", "/tasks").Query("filters", `{"_up-to-date":{"true":true},"service":{"good":true}}`).Reply(200, []swarm.Task{task}).AnyTimes()
	cli := clitest.New(t, e.Host())
	d := &deployer{ctx: t.Context(), cli: cli, opts: &deployOptions{}}
	err := d.wait([]string{"bad", "good"})
	assert.Error(t, err, "bad: service update paused: update paused due to failure")
	assert.Equal(t, cli.OutBuf.String(), "overall progress: 0 out of 1 tasks\n1/1:  \noverall progress: 1 out of 1 tasks\n"+
		"verify: Waiting 1 seconds to verify that tasks are stable...\nverify: Service good converged\n")
}
