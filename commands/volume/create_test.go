package volume

import (
	"encoding/json"
	"testing"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
)

// The request bodies are those docker 28 sent for the same command lines (observed
// against a fake engine).
func TestCreate(t *testing.T) {
	tests := []struct {
		name string
		api  string
		args []string
		body string
		out  string
	}{
		{name: "named", args: []string{"data"}, body: `{"Driver":"local","Name":"data"}`, out: "data\n"},
		{name: "anonymous", args: []string{}, body: `{"Driver":"local"}`, out: "0a1b\n"},
		{name: "name flag", args: []string{"--name", "data"}, body: `{"Driver":"local","Name":"data"}`, out: "data\n"},
		{name: "empty name flag", args: []string{"--name", "", "data"}, body: `{"Driver":"local","Name":"data"}`, out: "data\n"},
		{name: "empty driver", args: []string{"-d", "", "data"}, body: `{"Name":"data"}`, out: "data\n"},
		{name: "spaces kept", args: []string{" data "}, body: `{"Driver":"local","Name":" data "}`, out: " data \n"},
		{
			name: "options and labels",
			args: []string{"-o", "foo", "-o", "a=b=c", "--opt", " k = v ", "--label", "a", "--label", "b=2", "--label", "b=3", "--label", "c=d,e=f", "-d", "drv", "data"},
			body: `{"Driver":"drv","DriverOpts":{"a":"b=c","foo":""," k ":" v "},"Labels":{"a":"","b":"3","c":"d,e=f"},"Name":"data"}`,
			out:  "data\n",
		},
		{
			name: "cluster group", api: "1.44", args: []string{"--group", "g", "data"},
			body: `{"ClusterVolumeSpec":{"Group":"g","AccessMode":{"Scope":"single","Sharing":"none","BlockVolume":{}},"AccessibilityRequirements":{},"CapacityRange":{"RequiredBytes":0,"LimitBytes":0},"Availability":"active"},"Driver":"local","Name":"data"}`,
			out:  "data\n",
		},
		{
			name: "cluster all", api: "1.44",
			args: []string{"--scope", "multi", "--sharing", "all", "--secret", "z=1", "--secret", "a=2", "--secret", "a=4", "--secret", "m",
				"--topology-required", "a=b,c=d", "--topology-required", "x=1", "--topology-preferred", "e=f,g,=h", "--limit-bytes", "1k", "--required-bytes", "10", "--availability", "pause", "data"},
			body: `{"ClusterVolumeSpec":{"AccessMode":{"Scope":"multi","Sharing":"all","BlockVolume":{}},"AccessibilityRequirements":{"Requisite":[{"Segments":{"a":"b","c":"d"}},{"Segments":{"x":"1"}}],"Preferred":[{"Segments":{"e":"f","g":"","":"h"}}]},"CapacityRange":{"RequiredBytes":10,"LimitBytes":1024},"Secrets":[{"Key":"a","Secret":"4"},{"Key":"m","Secret":""},{"Key":"z","Secret":"1"}],"Availability":"pause"},"Driver":"local","Name":"data"}`,
			out:  "data\n",
		},
		{
			name: "cluster mount", api: "1.44", args: []string{"--type", "mount", "data"},
			body: `{"ClusterVolumeSpec":{"AccessMode":{"Scope":"single","Sharing":"none","MountVolume":{}},"AccessibilityRequirements":{},"CapacityRange":{"RequiredBytes":0,"LimitBytes":0},"Availability":"active"},"Driver":"local","Name":"data"}`,
			out:  "data\n",
		},
		{
			name: "cluster other type", api: "1.44", args: []string{"--type", "Mount", "--required-bytes", "0", "data"},
			body: `{"ClusterVolumeSpec":{"AccessMode":{"Scope":"single","Sharing":"none"},"AccessibilityRequirements":{},"CapacityRange":{"RequiredBytes":0,"LimitBytes":0},"Availability":"active"},"Driver":"local","Name":"data"}`,
			out:  "data\n",
		},
		// --secret and --topology-* alone send no cluster spec, as docker's.
		{name: "secret alone", api: "1.44", args: []string{"--secret", "a=b", "--topology-required", "a=b", "data"}, body: `{"Driver":"local","Name":"data"}`, out: "data\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			if tc.api != "" {
				e.APIVersion = tc.api
			}
			var body map[string]any
			assert.NilError(t, json.Unmarshal([]byte(tc.body), &body))
			name, _ := body["Name"].(string)
			if name == "" {
				name = "0a1b"
			}
			e.Expect("POST", "/volumes/create").JSONBody(json.RawMessage(tc.body)).
				Reply(201, map[string]string{"Name": name, "Driver": "local"})
			cli := clitest.New(t, e.Host())
			assert.NilError(t, clitest.Run(t, newCreateCommand(cli), tc.args...))
			assert.Equal(t, cli.OutBuf.String(), tc.out)
			assert.Equal(t, cli.ErrBuf.String(), "")
		})
	}
}

func TestCreateErrors(t *testing.T) {
	clusterFlags := [][]string{
		{"--availability", "pause"}, {"--group", "g"}, {"--type", "mount"}, {"--scope", "multi"}, {"--sharing", "all"},
		{"--secret", "a=b"}, {"--topology-required", "a=b"}, {"--topology-preferred", "a=b"}, {"--limit-bytes", "1"}, {"--required-bytes", "1"},
	}
	for _, f := range clusterFlags {
		t.Run("old API "+f[0], func(t *testing.T) {
			e := fakeengine.New(t) // API 1.41: no request
			cli := clitest.New(t, e.Host())
			err := clitest.Run(t, newCreateCommand(cli), append(f, "x", "y")...)
			assert.Error(t, err, `"`+f[0]+`" requires API version 1.42, but the Docker daemon API version is 1.41`)
			assert.Equal(t, commands.ExitCode(err), 1)
		})
	}
	for _, tc := range []struct {
		name string
		args []string
		msg  string
		code int
	}{
		{"name twice", []string{"--name", "a", "b"}, "conflicting options: cannot specify a volume-name through both --name and as a positional arg", 1},
		{"name and empty argument", []string{"--name", "a", ""}, "conflicting options: cannot specify a volume-name through both --name and as a positional arg", 1},
		{"two names", []string{"a", "b"}, "docker: 'create' requires at most 1 argument", 1},
		{"empty label", []string{"--label", "=a"}, `invalid argument "=a" for "--label" flag: invalid label '=a': empty name`, 125},
		{"label with space", []string{"--label", "a b=c"}, `invalid argument "a b=c" for "--label" flag: label 'a b' contains whitespaces`, 125},
		{"bad size", []string{"--limit-bytes", "foo"}, `invalid argument "foo" for "--limit-bytes" flag: invalid size: 'foo'`, 125},
		{"negative size", []string{"--required-bytes", "-1"}, `invalid argument "-1" for "--required-bytes" flag: invalid size: '-1'`, 125},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cli := clitest.New(t, "")
			err := clitest.Run(t, newCreateCommand(cli), tc.args...)
			assert.Equal(t, firstLine(commands.Message(err)), tc.msg)
			assert.Equal(t, commands.ExitCode(err), tc.code)
		})
	}
	t.Run("daemon", func(t *testing.T) {
		e := fakeengine.New(t)
		e.Expect("POST", "/volumes/create").ReplyError(500, `create x: error looking up volume plugin nonesuch: plugin "nonesuch" not found`)
		cli := clitest.New(t, e.Host())
		err := clitest.Run(t, newCreateCommand(cli), "-d", "nonesuch", "x")
		assert.Error(t, err, `Error response from daemon: create x: error looking up volume plugin nonesuch: plugin "nonesuch" not found`)
		assert.Equal(t, commands.ExitCode(err), 1)
		assert.Equal(t, cli.OutBuf.String(), "")
	})
}
