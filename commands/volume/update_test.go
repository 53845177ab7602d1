package volume

import (
	"testing"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands/clitest"
)

const clusterVolumeJSON = `{"Name":"cv","Driver":"csi","ClusterVolume":{"ID":"abc","Version":{"Index":7},
"Spec":{"Group":"g","AccessMode":{"Scope":"single","Sharing":"none","MountVolume":{}},"Availability":"active"}}}`

// TestUpdate: docker 28 at API 1.42+ sends the cluster volume's spec back by its swarm
// ID and version, the availability replaced only when given.
func TestUpdate(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--availability", "pause", "cv"}, "pause"},
		{[]string{"cv"}, "active"},
	} {
		e := fakeengine.New(t)
		e.APIVersion = "1.47"
		e.Expect("GET", "/volumes/cv").Version("1.47").Reply(200, clusterVolumeJSON)
		e.Expect("PUT", "/volumes/abc").Version("1.47").Query("version", "7").JSONBody(map[string]any{"Spec": map[string]any{
			"Group": "g", "AccessMode": map[string]any{"Scope": "single", "Sharing": "none", "MountVolume": map[string]any{}},
			"Availability": tc.want}}).Reply(200, nil)
		cli := clitest.New(t, e.Host())
		assert.NilError(t, clitest.Run(t, newUpdateCommand(cli), tc.args...))
		assert.Equal(t, cli.OutBuf.String(), "")
	}
}

func TestUpdateNotCluster(t *testing.T) {
	e := fakeengine.New(t)
	e.APIVersion = "1.47"
	e.Expect("GET", "/volumes/lv").Reply(200, `{"Name":"lv","Driver":"local"}`)
	cli := clitest.New(t, e.Host())
	assert.Error(t, clitest.Run(t, newUpdateCommand(cli), "--availability", "drain", "lv"), "can only update cluster volumes")
}

// TestUpdateOldEngine: at 1.41 docker refuses the command in its own name.
func TestUpdateOldEngine(t *testing.T) {
	e := fakeengine.New(t)
	e.APIVersion = "1.41"
	cli := clitest.New(t, e.Host())
	err := clitest.Run(t, newUpdateCommand(cli), "cv")
	assert.ErrorContains(t, err, "update requires API version 1.42, but the Docker daemon API version is 1.41") // the path is docker volume update's under the root
}
