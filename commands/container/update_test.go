package container

import (
	"testing"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
)

func TestUpdate(t *testing.T) {
	e := fakeengine.New(t)
	want := map[string]any{
		"CpuShares": 0, "Memory": 67108864, "NanoCpus": 1500000000, "CgroupParent": "", "BlkioWeight": 0,
		"BlkioWeightDevice": nil, "BlkioDeviceReadBps": nil, "BlkioDeviceWriteBps": nil, "BlkioDeviceReadIOps": nil,
		"BlkioDeviceWriteIOps": nil, "CpuPeriod": 0, "CpuQuota": 0, "CpuRealtimePeriod": 0, "CpuRealtimeRuntime": 0,
		"CpusetCpus": "0-1", "CpusetMems": "", "Devices": nil, "DeviceCgroupRules": nil, "DeviceRequests": nil,
		"KernelMemory": 10485760, "MemoryReservation": 0, "MemorySwap": -1, "MemorySwappiness": nil, "OomKillDisable": nil,
		"PidsLimit": 5, "Ulimits": nil, "CpuCount": 0, "CpuPercent": 0, "IOMaximumIOps": 0, "IOMaximumBandwidth": 0,
		"RestartPolicy": map[string]any{"Name": "on-failure", "MaximumRetryCount": 2},
	}
	e.Expect("POST", "/containers/web/update").JSONBody(want).Reply(200, `{"Warnings":["w1"]}`)
	e.Expect("POST", "/containers/nosuch/update").JSONBody(want).ReplyError(404, "No such container: nosuch")
	e.Expect("POST", "/containers/db/update").JSONBody(want).Reply(200, `{"Warnings":["w2"]}`)
	e.Expect("POST", "/containers/gone/update").JSONBody(want).ReplyError(404, "No such container: gone")
	cli := clitest.New(t, e.Host())
	err := clitest.Run(t, newUpdateCommand(cli), "-m", "64m", "--memory-swap", "-1", "--cpus", "1.5", "--cpuset-cpus", "0-1",
		"--kernel-memory", "10m", "--pids-limit", "5", "--restart", "on-failure:2", "web", "nosuch", "db", "gone")
	assert.Error(t, err, "Error response from daemon: No such container: nosuch\nError response from daemon: No such container: gone")
	assert.Equal(t, commands.ExitCode(err), 1)
	assert.Equal(t, cli.OutBuf.String(), "web\ndb\nw1\nw2\n")
}

func TestUpdateNoFlags(t *testing.T) {
	cli := clitest.New(t, "unix:///nonexistent.sock")
	err := clitest.Run(t, newUpdateCommand(cli), "web")
	assert.Error(t, err, "you must provide one or more flags when using this command")
	assert.Equal(t, commands.ExitCode(err), 1)

	err = clitest.Run(t, newUpdateCommand(cli), "--restart", "on-failure:x", "web")
	assert.Error(t, err, "invalid restart policy format: maximum retry count must be an integer")
}

func TestUpdateOnlyChangedFields(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("POST", "/containers/web/update").BodyField("PidsLimit", nil).BodyField("RestartPolicy", map[string]any{"Name": "", "MaximumRetryCount": 0}).
		BodyField("BlkioWeight", 300).Reply(200, `{"Warnings":null}`)
	cli := clitest.New(t, e.Host())
	assert.NilError(t, clitest.Run(t, newUpdateCommand(cli), "--blkio-weight", "300", "web"))
	assert.Equal(t, cli.OutBuf.String(), "web\n")
}
