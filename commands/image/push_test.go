package image

import (
	"testing"

	"gotest.tools/v3/assert"
	"gotest.tools/v3/golden"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
)

// pushStream is a push of a two-layer image as the engine streams it: one layer
// uploaded with progress figures, one already in the registry, then the digest line and
// the aux message docker does not print.
const pushStream = `{"status":"The push refers to repository [127.0.0.1:5000/skf/layered]"}
{"status":"Preparing","progressDetail":{},"id":"39df0e8454cb"}
{"status":"Preparing","progressDetail":{},"id":"b1915662e831"}
{"status":"Waiting","progressDetail":{},"id":"39df0e8454cb"}
{"status":"Layer already exists","progressDetail":{},"id":"b1915662e831"}
{"status":"Pushing","progressDetail":{"current":512,"total":3003392},"progress":"[\u003e   ]     512B/3.003MB","id":"39df0e8454cb"}
{"status":"Pushed","progressDetail":{},"id":"39df0e8454cb"}
{"status":"v1: digest: sha256:19051d7db7254d7369f4536417799d58b3ef0cdb59001cbdc22ae3f03b4ee90d size: 739"}
{"progressDetail":{},"aux":{"Tag":"v1","Digest":"sha256:19051d7db7254d7369f4536417799d58b3ef0cdb59001cbdc22ae3f03b4ee90d","Size":739}}
`

func TestPush(t *testing.T) {
	const repo = "127.0.0.1:5000/skf/layered"
	tests := []struct {
		name     string
		args     []string
		terminal bool
		tag      string // the query's tag, "" for none
		golden   string // or want, the whole of stdout
		want     string
	}{
		{name: "pipe", args: []string{repo + ":v1"}, tag: "v1", golden: "push-pipe.golden"},
		{name: "terminal", args: []string{repo + ":v1"}, terminal: true, tag: "v1", golden: "push-terminal.golden"},
		{name: "quiet", args: []string{"-q", repo + ":v1"}, tag: "v1", want: repo + ":v1\n"},
		{name: "quiet terminal", args: []string{"-q", repo + ":v1"}, terminal: true, tag: "v1", want: repo + ":v1\n"},
		{name: "default tag", args: []string{repo}, tag: "latest", golden: "push-default-tag.golden"},
		{name: "default tag quiet", args: []string{"--quiet", repo}, tag: "latest", want: repo + ":latest\n"},
		{name: "all tags quiet", args: []string{"--all-tags", "-q", repo}, want: repo + "\n"},
		{name: "all tags", args: []string{"-a", repo}, golden: "push-pipe.golden"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			r := e.Expect("POST", "/images/"+repo+"/push").NoQuery("platform").Header("X-Registry-Auth", regAuth)
			if tc.tag != "" {
				r.Query("tag", tc.tag)
			} else {
				r.NoQuery("tag")
			}
			r.Reply(200, pushStream)
			cli := clitest.New(t, e.Host(), clitest.Options{Terminal: tc.terminal})
			assert.NilError(t, run(t, newPushCommand(cli), tc.args...))
			assert.Equal(t, cli.ErrBuf.String(), "")
			if tc.golden != "" {
				golden.Assert(t, cli.OutBuf.String(), tc.golden)
			} else {
				assert.Equal(t, cli.OutBuf.String(), tc.want)
			}
		})
	}
}

// --platform (API >= 1.46): the platform as OCI JSON, after docker's notice on stdout
// (in colour on a terminal), -q or not.
func TestPushPlatform(t *testing.T) {
	for _, terminal := range []bool{false, true} {
		e := fakeengine.New(t)
		e.APIVersion = "1.46"
		e.Expect("POST", "/images/docker.io/library/bb/push").Query("tag", "latest").
			Query("platform", `{"architecture":"arm64","os":"linux"}`).Reply(200, pushStream)
		cli := clitest.New(t, e.Host(), clitest.Options{Terminal: terminal})
		assert.NilError(t, run(t, newPushCommand(cli), "-q", "--platform", "linux/arm64", "bb"))
		name := "push-platform.golden"
		if terminal {
			name = "push-platform-terminal.golden"
		}
		golden.Assert(t, cli.OutBuf.String(), name)
	}
}

func TestPushErrors(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		api    string
		env    map[string]string
		route  func(e *fakeengine.Engine)
		stdout string
		want   string
	}{
		{name: "no such image", args: []string{"nosuch"},
			route: func(e *fakeengine.Engine) {
				e.Expect("POST", "/images/docker.io/library/nosuch/push").Reply(200,
					`{"status":"The push refers to repository [docker.io/library/nosuch]"}`+"\n"+
						`{"errorDetail":{"message":"An image does not exist locally with the tag: nosuch"},"error":"An image does not exist locally with the tag: nosuch"}`)
			},
			stdout: "Using default tag: latest\nThe push refers to repository [docker.io/library/nosuch]\n",
			want:   "An image does not exist locally with the tag: nosuch"},
		{name: "refused quiet", args: []string{"-q", "127.0.0.1:5999/x:y"},
			route: func(e *fakeengine.Engine) {
				e.Expect("POST", "/images/127.0.0.1:5999/x/push").Reply(200,
					`{"status":"The push refers to repository [127.0.0.1:5999/x]"}`+"\n"+
						`{"errorDetail":{"message":"Get \"http://127.0.0.1:5999/v2/\": dial tcp 127.0.0.1:5999: connect: connection refused"},"error":"x"}`)
			},
			want: `Get "http://127.0.0.1:5999/v2/": dial tcp 127.0.0.1:5999: connect: connection refused`},
		{name: "daemon error", args: []string{"bb:1"},
			route: func(e *fakeengine.Engine) {
				e.Expect("POST", "/images/docker.io/library/bb/push").ReplyError(500, "boom")
			},
			want: "Error response from daemon: boom"},
		{name: "all tags with tag", args: []string{"-a", "bb:v1"}, want: "tag can't be used with --all-tags/-a"},
		{name: "all tags with digest", args: []string{"-a", "bb@sha256:19051d7db7254d7369f4536417799d58b3ef0cdb59001cbdc22ae3f03b4ee90d"},
			want: "tag can't be used with --all-tags/-a"},
		{name: "digest", args: []string{"bb@sha256:19051d7db7254d7369f4536417799d58b3ef0cdb59001cbdc22ae3f03b4ee90d"},
			want: "cannot push a digest reference"},
		{name: "invalid reference", args: []string{"UPPER"}, want: "invalid reference format: repository name (library/UPPER) must be lowercase"},
		{name: "platform old engine", args: []string{"--platform", "linux/amd64", "bb"},
			want: `"--platform" requires API version 1.46, but the Docker daemon API version is 1.41`},
		{name: "bad platform", args: []string{"--platform", "bogus", "bb"}, api: "1.46",
			want: `Invalid platform bogus"bogus": unknown operating system or architecture: invalid argument`},
		{name: "content trust", args: []string{"--disable-content-trust=false", "bb"},
			want: "Error: content trust is not supported: use --disable-content-trust or unset DOCKER_CONTENT_TRUST"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			e := fakeengine.New(t)
			e.APIVersion = "1.41"
			if tc.api != "" {
				e.APIVersion = tc.api
			}
			if tc.route != nil {
				tc.route(e)
			}
			cli := clitest.New(t, e.Host())
			err := run(t, newPushCommand(cli), tc.args...)
			assert.ErrorContains(t, err, "")
			assert.Equal(t, err.Error(), tc.want)
			assert.Equal(t, commands.ExitCode(err), 1)
			assert.Equal(t, cli.OutBuf.String(), tc.stdout)
		})
	}
}
