package image

import (
	"testing"

	"gotest.tools/v3/assert"
	"gotest.tools/v3/golden"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands/clitest"
)

func TestInspect(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		golden string
	}{
		{name: "default", golden: "inspect-default.golden"},
		{name: "json", args: []string{"-f", "json"}, golden: "inspect-json.golden"},
		// {{json .}} is docker 28's view of the image: fields newer API types dropped
		// (Parent, Container, ContainerConfig, DockerVersion, VirtualSize) are kept, and
		// Config shows only what is set.
		{name: "json template", args: []string{"--format", "{{json .}}"}, golden: "inspect-json-template.golden"},
		{name: "fields", args: []string{"--format", "{{.VirtualSize}} {{.Parent}} {{.DockerVersion}} {{.Metadata}} {{.Descriptor}} {{.Manifests}}"},
			golden: "inspect-fields.golden"},
		{name: "structs", args: []string{"--format", "{{.ContainerConfig}}|{{.Config}}|{{.GraphDriver}}|{{.RootFS}}"},
			golden: "inspect-structs.golden"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			e.Expect("GET", "/images/skfimg-child:1/json").NoQuery("platform").Reply(200, inspectJSON)
			cli := clitest.New(t, e.Host())
			assert.NilError(t, run(t, newInspectCommand(cli), append(tc.args, "skfimg-child:1")...))
			assert.Equal(t, cli.ErrBuf.String(), "")
			golden.Assert(t, cli.OutBuf.String(), tc.golden)
		})
	}
}

func TestInspectErrors(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		api     string
		engine  func(e *fakeengine.Engine)
		want    string
		wantOut string
		code    int
	}{
		{name: "no such image", args: []string{"nope"},
			engine: func(e *fakeengine.Engine) {
				e.Expect("GET", "/images/nope/json").ReplyError(404, "no such image: nope: No such image: nope:latest")
			},
			want:    "Error response from daemon: no such image: nope: No such image: nope:latest",
			wantOut: "[]\n", code: 1},
		{name: "one found one not", args: []string{"-f", "{{.Id}}", "skfimg-child:1", "nope"},
			engine: func(e *fakeengine.Engine) {
				e.Expect("GET", "/images/skfimg-child:1/json").Reply(200, inspectJSON)
				e.Expect("GET", "/images/nope/json").ReplyError(404, "no such image: nope: No such image: nope:latest")
			},
			want:    "Error response from daemon: no such image: nope: No such image: nope:latest",
			wantOut: idChild + "\n", code: 1},
		{name: "no argument", want: "docker: 'inspect' requires at least 1 argument", code: 1},
		{name: "platform on an old engine", args: []string{"--platform", "linux", "bb"}, api: "1.48",
			want: `"--platform" requires API version 1.49, but the Docker daemon API version is 1.48`, code: 1},
		{name: "bad platform", args: []string{"--platform", "linux/", "bb"}, api: "1.49",
			want: `"" is an invalid component of "linux/": platform specifier component must match "^[A-Za-z0-9_.-]+$": invalid argument`, code: 1},
		{name: "template does not parse", args: []string{"-f", "{{", "bb"},
			want: "template parsing error: template: :1: unclosed action", code: 64},
		{name: "unknown field", args: []string{"-f", "{{.Nope}}", "skfimg-child:1"},
			engine: func(e *fakeengine.Engine) {
				e.Expect("GET", "/images/skfimg-child:1/json").Reply(200, inspectJSON)
			},
			want:    `template parsing error: template: :1:2: executing "" at <.Nope>: map has no entry for key "Nope"`,
			wantOut: "\n", code: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			if tc.api != "" {
				e.APIVersion = tc.api
			}
			if tc.engine != nil {
				tc.engine(e)
			}
			cli := clitest.New(t, e.Host())
			msg, code := errText(run(t, newInspectCommand(cli), tc.args...))
			assert.Equal(t, firstLine(msg), tc.want)
			assert.Equal(t, code, tc.code)
			assert.Equal(t, cli.OutBuf.String(), tc.wantOut)
		})
	}
}

func TestInspectPlatform(t *testing.T) {
	e := fakeengine.New(t)
	e.APIVersion = "1.49"
	e.Expect("GET", "/images/skfimg-child:1/json").
		Query("platform", `{"architecture":"amd64","os":"linux"}`).Reply(200, inspectJSON)
	cli := clitest.New(t, e.Host())
	assert.NilError(t, run(t, newInspectCommand(cli), "--platform", "Linux/x86_64", "-f", "{{.Id}}", "skfimg-child:1"))
	assert.Equal(t, cli.OutBuf.String(), idChild+"\n")
}
