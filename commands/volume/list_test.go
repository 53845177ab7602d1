package volume

import (
	"os"
	"path/filepath"
	"testing"

	"gotest.tools/v3/assert"
	"gotest.tools/v3/golden"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
)

// volumesJSON is GET /volumes in the engine's (unsorted) order: docker sorts by name,
// numbers by value.
const volumesJSON = `{"Volumes":[
{"CreatedAt":"2026-11-23T19:09:10Z","Driver":"local","Labels":{"app":"web","env":"prod"},"Mountpoint":"/var/lib/docker/volumes/data10/_data","Name":"data10","Options":null,"Scope":"local"},
{"CreatedAt":"2026-11-23T19:09:11Z","Driver":"local","Labels":null,"Mountpoint":"/var/lib/docker/volumes/4300a1e6eac7575329775757b36bafe61cabda35513c61c480a25a41f1eb1b5e/_data","Name":"4300a1e6eac7575329775757b36bafe61cabda35513c61c480a25a41f1eb1b5e","Options":null,"Scope":"local"},
{"CreatedAt":"2026-11-23T19:09:12Z","Driver":"nfs","Labels":{"app":"db"},"Mountpoint":"/mnt/data2","Name":"data2","Options":{"o":"addr=1.2.3.4"},"Scope":"global"}
],"Warnings":null}`

// clusterJSON has a local volume and two cluster (CSI) volumes.
const clusterJSON = `{"Volumes":[
{"Driver":"local","Mountpoint":"/var/lib/docker/volumes/local1/_data","Name":"local1","Scope":"local"},
{"Driver":"csi-x","Name":"shared","Scope":"global","ClusterVolume":{"ID":"c1","Spec":{"Group":"g1","AccessMode":{"Scope":"multi","Sharing":"all"},"Availability":"active"},"Info":{"VolumeID":"v1"},"PublishStatus":[{"NodeID":"n1","State":"published"},{"NodeID":"n2","State":"published"}]}},
{"Driver":"csi-x","Name":"pending","Scope":"global","ClusterVolume":{"ID":"c2","Spec":{"Group":"g2","Availability":"pause"}}}
]}`

func TestList(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		config string // config.json
		golden string
	}{
		{name: "default", golden: "ls-default.golden"},
		{name: "quiet", args: []string{"-q"}, golden: "ls-quiet.golden"},
		{name: "quiet table", args: []string{"--quiet", "--format", "table"}, golden: "ls-quiet.golden"},
		{name: "json", args: []string{"--format", "json"}, golden: "ls-json.golden"},
		{name: "raw", args: []string{"--format", "raw"}, golden: "ls-raw.golden"},
		{name: "raw quiet", args: []string{"--format", "raw", "-q"}, golden: "ls-raw-quiet.golden"},
		{name: "template", args: []string{"--format", `{{.Name}} {{.Scope}} {{.Labels}} {{.Label "app"}} {{.Links}} {{.Size}}`}, golden: "ls-template.golden"},
		{name: "table template", args: []string{"--format", `table {{.Name}}\t{{.Mountpoint}}\t{{.Label "app"}}`}, golden: "ls-table-template.golden"},
		{name: "config format", config: `{"volumesFormat":"table {{.Name}}\t{{.Scope}}"}`, golden: "ls-config.golden"},
		{name: "config format ignored with -q", args: []string{"-q"}, config: `{"volumesFormat":"{{.Driver}}"}`, golden: "ls-quiet.golden"},
	}
	for _, tc := range tests {
		for _, term := range []bool{false, true} {
			t.Run(tc.name, func(t *testing.T) {
				e := fakeengine.New(t)
				e.Expect("GET", "/volumes").NoQuery("filters").Reply(200, volumesJSON)
				cli := clitest.New(t, e.Host(), clitest.Options{Terminal: term})
				if tc.config != "" {
					writeConfig(t, tc.config)
				}
				// A nil slice would make cobra read os.Args.
				err := clitest.Run(t, newListCommand(cli), append([]string{}, tc.args...)...)
				assert.NilError(t, err)
				golden.Assert(t, cli.OutBuf.String(), tc.golden)
				assert.Equal(t, cli.ErrBuf.String(), "")
			})
		}
	}
}

func writeConfig(t *testing.T, content string) {
	t.Helper()
	err := os.WriteFile(filepath.Join(os.Getenv("DOCKER_CONFIG"), "config.json"), []byte(content), 0o600)
	assert.NilError(t, err)
}

func TestListFilters(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/volumes").
		Query("filters", `{"dangling":{"true":true},"driver":{"local":true},"label":{"a=b":true},"name":{"data":true}}`).
		Reply(200, `{"Volumes":[]}`)
	cli := clitest.New(t, e.Host())
	err := clitest.Run(t, newListCommand(cli), "-f", "dangling=true", "--filter", "driver=local", "-f", "label=a=b", "-f", "name=data")
	assert.NilError(t, err)
	assert.Equal(t, cli.OutBuf.String(), "DRIVER    VOLUME NAME\n")
}

func TestListCluster(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		golden string
	}{
		{args: []string{"--cluster"}, golden: "ls-cluster.golden"},
		{args: []string{"--cluster", "-q"}, golden: "ls-cluster-quiet.golden"},
		{args: []string{"--cluster", "--format", "{{.Name}} {{.Group}} {{.Availability}} {{.Status}}"}, golden: "ls-cluster-template.golden"},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			e := fakeengine.New(t)
			e.APIVersion = "1.43"
			e.Expect("GET", "/volumes").Reply(200, clusterJSON)
			cli := clitest.New(t, e.Host())
			assert.NilError(t, clitest.Run(t, newListCommand(cli), tc.args...))
			golden.Assert(t, cli.OutBuf.String(), tc.golden)
		})
	}
}

func TestListErrors(t *testing.T) {
	t.Run("cluster on an old daemon", func(t *testing.T) {
		e := fakeengine.New(t)
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newListCommand(cli), "--cluster")
		assert.Error(t, err, `"--cluster" requires API version 1.42, but the Docker daemon API version is 1.41`)
		assert.Equal(t, commands.ExitCode(err), 1)
		assert.Equal(t, cli.OutBuf.String(), "")
	})
	t.Run("cluster checked before arguments", func(t *testing.T) {
		e := fakeengine.New(t)
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newListCommand(cli), "--cluster", "x")
		assert.Error(t, err, `"--cluster" requires API version 1.42, but the Docker daemon API version is 1.41`)
	})
	t.Run("daemon", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("GET", "/volumes").ReplyError(400, "Invalid filter 'dangling=[maybe]'")
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newListCommand(cli), "-f", "dangling=maybe")
		assert.Error(t, err, "Error response from daemon: Invalid filter 'dangling=[maybe]'")
		assert.Equal(t, commands.ExitCode(err), 1)
		assert.Equal(t, cli.OutBuf.String(), "")
	})
	t.Run("template", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("GET", "/volumes").Reply(200, volumesJSON)
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newListCommand(cli), "--format", "{{.Foo}}")
		assert.Error(t, err, `template parsing error: template: :1:2: executing "" at <.Foo>: can't evaluate field Foo in type *formatter.volumeContext`)
		assert.Equal(t, commands.ExitCode(err), 1)
		assert.Equal(t, cli.OutBuf.String(), "")
	})
	t.Run("bad filter", func(t *testing.T) {
		cli := clitest.New(t, "")
		err := clitest.Run(t, newListCommand(cli), "-f", "foo")
		assert.Equal(t, firstLine(err.Error()), `invalid argument "foo" for "-f, --filter" flag: bad format of filter (expected name=value)`)
		assert.Equal(t, commands.ExitCode(err), 125)
	})
	t.Run("arguments", func(t *testing.T) {
		cli := clitest.New(t, "")
		err := clitest.Run(t, newListCommand(cli), "x")
		assert.Equal(t, firstLine(err.Error()), "docker: 'ls' accepts no arguments")
		assert.Equal(t, commands.ExitCode(err), 1)
	})
}
