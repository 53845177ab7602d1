package image

import (
	"strings"
	"testing"

	"gotest.tools/v3/assert"
	"gotest.tools/v3/golden"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
)

// pullStream is a pull of a two-layer image as the engine streams it: one layer
// already there, one downloaded and extracted with progress figures.
const pullStream = `{"status":"Pulling from skf/layered","id":"v1"}
{"status":"Already exists","progressDetail":{},"id":"4ca5e0bff499"}
{"status":"Pulling fs layer","progressDetail":{},"id":"91656fae7f9b"}
{"status":"Downloading","progressDetail":{"current":32768,"total":3001024},"progress":"[\u003e   ]  32.77kB/3.001MB","id":"91656fae7f9b"}
{"status":"Verifying Checksum","progressDetail":{},"id":"91656fae7f9b"}
{"status":"Download complete","progressDetail":{},"id":"91656fae7f9b"}
{"status":"Extracting","progressDetail":{"current":3001024,"total":3001024},"progress":"[====\u003e]  3.001MB/3.001MB","id":"91656fae7f9b"}
{"status":"Pull complete","progressDetail":{},"id":"91656fae7f9b"}
{"status":"Digest: sha256:19051d7db7254d7369f4536417799d58b3ef0cdb59001cbdc22ae3f03b4ee90d"}
{"status":"Status: Downloaded newer image for 127.0.0.1:5000/skf/layered:v1"}
`

// regAuth is the X-Registry-Auth docker sends without credentials in config.json and no
// credentials store (one that does not know the registry names it: config's tests).
var regAuth = client.RegistryAuth{}.Header()

func TestPull(t *testing.T) {
	const repo = "127.0.0.1:5000/skf/layered"
	tests := []struct {
		name     string
		args     []string
		terminal bool
		tag      string // the query's tag, "" for none
		platform string
		golden   string // or want, the whole of stdout
		want     string
	}{
		{name: "pipe", args: []string{repo + ":v1"}, tag: "v1", golden: "pull-pipe.golden"},
		{name: "terminal", args: []string{repo + ":v1"}, terminal: true, tag: "v1", golden: "pull-terminal.golden"},
		{name: "quiet", args: []string{"-q", repo + ":v1"}, tag: "v1", want: repo + ":v1\n"},
		{name: "quiet terminal", args: []string{"-q", repo + ":v1"}, terminal: true, tag: "v1", want: repo + ":v1\n"},
		{name: "default tag", args: []string{repo}, tag: "latest", golden: "pull-default-tag.golden"},
		{name: "default tag quiet", args: []string{"--quiet", repo}, tag: "latest", want: repo + ":latest\n"},
		{name: "all tags", args: []string{"--all-tags", "-q", repo}, want: repo + "\n"},
		{name: "digest", args: []string{"-q", repo + "@sha256:19051d7db7254d7369f4536417799d58b3ef0cdb59001cbdc22ae3f03b4ee90d"},
			tag:  "sha256:19051d7db7254d7369f4536417799d58b3ef0cdb59001cbdc22ae3f03b4ee90d",
			want: repo + "@sha256:19051d7db7254d7369f4536417799d58b3ef0cdb59001cbdc22ae3f03b4ee90d\n"},
		{name: "tag and digest", args: []string{"-q", repo + ":v1@sha256:19051d7db7254d7369f4536417799d58b3ef0cdb59001cbdc22ae3f03b4ee90d"},
			tag:  "sha256:19051d7db7254d7369f4536417799d58b3ef0cdb59001cbdc22ae3f03b4ee90d",
			want: repo + ":v1@sha256:19051d7db7254d7369f4536417799d58b3ef0cdb59001cbdc22ae3f03b4ee90d\n"},
		{name: "platform", args: []string{"-q", "--platform", "linux/arm64", repo + ":v1"}, tag: "v1", platform: "linux/arm64", want: repo + ":v1\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			r := e.Expect("POST", "/images/create").Query("fromImage", repo).Header("X-Registry-Auth", regAuth)
			if tc.tag != "" {
				r.Query("tag", tc.tag)
			} else {
				r.NoQuery("tag")
			}
			if tc.platform != "" {
				r.Query("platform", tc.platform)
			} else {
				r.NoQuery("platform")
			}
			r.Reply(200, pullStream)
			cli := clitest.New(t, e.Host(), clitest.Options{Terminal: tc.terminal})
			assert.NilError(t, run(t, newPullCommand(cli), tc.args...))
			assert.Equal(t, cli.ErrBuf.String(), "")
			if tc.golden != "" {
				golden.Assert(t, cli.OutBuf.String(), tc.golden)
			} else {
				assert.Equal(t, cli.OutBuf.String(), tc.want)
			}
		})
	}
}

// A Docker Hub name: the canonical reference is printed.
func TestPullDockerHub(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("POST", "/images/create").Query("fromImage", "docker.io/library/bb").Query("tag", "latest").
		Header("X-Registry-Auth", regAuth).
		Reply(200, `{"status":"Status: Image is up to date for bb:latest"}`)
	cli := clitest.New(t, e.Host())
	assert.NilError(t, run(t, newPullCommand(cli), "bb"))
	assert.Equal(t, cli.OutBuf.String(), "Using default tag: latest\nStatus: Image is up to date for bb:latest\ndocker.io/library/bb:latest\n")
}

func TestPullErrors(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		api    string
		env    map[string]string
		route  func(e *fakeengine.Engine)
		stdout string
		want   string
	}{
		{name: "missing tag", args: []string{"127.0.0.1:5000/skf/bb:nope"},
			route: func(e *fakeengine.Engine) {
				e.Expect("POST", "/images/create").ReplyError(404, "manifest for 127.0.0.1:5000/skf/bb:nope not found: manifest unknown: manifest unknown")
			},
			want: "Error response from daemon: manifest for 127.0.0.1:5000/skf/bb:nope not found: manifest unknown: manifest unknown"},
		{name: "stream error", args: []string{"127.0.0.1:5000/skf/bb"},
			route: func(e *fakeengine.Engine) {
				e.Expect("POST", "/images/create").Reply(200, `{"status":"Pulling from skf/bb","id":"latest"}`+"\n"+
					`{"errorDetail":{"message":"unexpected EOF"},"error":"unexpected EOF"}`)
			},
			stdout: "Using default tag: latest\nlatest: Pulling from skf/bb\n", want: "unexpected EOF"},
		{name: "stream error quiet", args: []string{"-q", "127.0.0.1:5000/skf/bb"},
			route: func(e *fakeengine.Engine) {
				e.Expect("POST", "/images/create").Reply(200, `{"errorDetail":{"message":"boom"},"error":"boom"}`)
			},
			want: "boom"},
		{name: "all tags with tag", args: []string{"-a", "127.0.0.1:5000/skf/bb:v1"}, want: "tag can't be used with --all-tags/-a"},
		{name: "all tags with digest", args: []string{"-a", "bb@sha256:19051d7db7254d7369f4536417799d58b3ef0cdb59001cbdc22ae3f03b4ee90d"},
			want: "tag can't be used with --all-tags/-a"},
		{name: "invalid reference", args: []string{"-a", "UPPER:x"}, want: "invalid reference format: repository name (library/UPPER) must be lowercase"},
		{name: "bad reference", args: []string{"@@"}, want: "invalid reference format"},
		{name: "platform old engine", args: []string{"--platform", "linux/amd64", "bb"}, api: "1.31",
			want: `"--platform" requires API version 1.32, but the Docker daemon API version is 1.31`},
		{name: "content trust", args: []string{"bb"}, env: map[string]string{"DOCKER_CONTENT_TRUST": "1"},
			want: "Error: content trust is not supported: use --disable-content-trust or unset DOCKER_CONTENT_TRUST"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			e := fakeengine.New(t)
			if tc.api != "" {
				e.APIVersion = tc.api
			}
			if tc.route != nil {
				tc.route(e)
			}
			cli := clitest.New(t, e.Host())
			err := run(t, newPullCommand(cli), tc.args...)
			assert.ErrorContains(t, err, "")
			assert.Equal(t, err.Error(), tc.want)
			assert.Equal(t, commands.ExitCode(err), 1)
			assert.Equal(t, cli.OutBuf.String(), tc.stdout)
		})
	}
}

// docker pull with no argument, or two: docker's usage error ("docker: 'docker pull'
// requires 1 argument" under the root), exit 1.
func TestPullArgs(t *testing.T) {
	for _, args := range [][]string{nil, {"a", "b"}} {
		cli := clitest.New(t, "")
		err := run(t, newPullCommand(cli), args...)
		assert.Assert(t, err != nil && strings.HasPrefix(err.Error(), "docker: 'pull' requires 1 argument"), "%v", err)
		assert.Equal(t, commands.ExitCode(err), 1)
	}
}
