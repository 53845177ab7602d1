package container

import (
	"testing"

	"gotest.tools/v3/assert"
	"gotest.tools/v3/golden"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
)

// inspectJSON is what the engine answers for GET /containers/{id}/json (trimmed).
func inspectJSON(id, name, status string, size bool) string {
	s := `{"Id":"` + id + `","Created":"2026-11-23T19:08:55.551790597Z","Path":"sh","Args":["-c","exit 3"],` +
		`"State":{"Status":"` + status + `","Running":false,"ExitCode":3},"Image":"sha256:0520ffc24218","Name":"/` + name + `",` +
		`"RestartCount":0,"Driver":"overlay2","Config":{"Hostname":"4f3c2b1a0987","Image":"bb:latest","Labels":{"app":"batch"},"FutureField":1},` +
		`"HostConfig":{"NetworkMode":"default","PortBindings":{"80/tcp":[{"HostIp":"","HostPort":"8080"}]},"KernelMemory":0},` +
		`"NetworkSettings":{"Bridge":"","Ports":{"80/tcp":[{"HostIp":"0.0.0.0","HostPort":"8080"}],"7000/tcp":null},"IPAddress":"","Networks":{"bridge":{"Gateway":"172.17.0.1","IPAddress":"172.17.0.2"}}}`
	if size {
		s += `,"SizeRw":12,"SizeRootFs":1984253`
	}
	return s + "}\n"
}

func TestInspect(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		engine  func(e *fakeengine.Engine)
		golden  string
		wantErr string
		code    int
	}{
		{name: "default", args: []string{"job", "web"},
			engine: func(e *fakeengine.Engine) {
				e.Expect("GET", "/containers/job/json").NoQuery("size").Reply(200, inspectJSON(id2, "job", "exited", false))
				e.Expect("GET", "/containers/web/json").NoQuery("size").Reply(200, inspectJSON(id1, "web", "running", false))
			},
			golden: "inspect-default.golden"},
		{name: "json", args: []string{"-f", "json", "job", "web"},
			engine: func(e *fakeengine.Engine) {
				e.Expect("GET", "/containers/job/json").Reply(200, inspectJSON(id2, "job", "exited", false))
				e.Expect("GET", "/containers/web/json").Reply(200, inspectJSON(id1, "web", "running", false))
			},
			golden: "inspect-json.golden"},
		{name: "template", args: []string{"--format", `{{.Name}} {{.State.Status}} {{.Config.Image}} {{index .Config.Labels "app"}} {{json .NetworkSettings.Networks}}`, "job"},
			engine: func(e *fakeengine.Engine) {
				e.Expect("GET", "/containers/job/json").Reply(200, inspectJSON(id2, "job", "exited", false))
			},
			golden: "inspect-template.golden"},
		{name: "template ports", args: []string{"-f", `{{.NetworkSettings.Ports}} {{index .NetworkSettings.Ports "80/tcp"}} {{.HostConfig.PortBindings}} [{{.NetworkSettings.IPAddress}}] {{range .NetworkSettings.Networks}}[{{.Gateway}}]{{end}}`, "job"},
			engine: func(e *fakeengine.Engine) {
				e.Expect("GET", "/containers/job/json").Reply(200, inspectJSON(id2, "job", "exited", false))
			},
			golden: "inspect-ports.golden"},
		{name: "template json", args: []string{"-f", `{{json .NetworkSettings}} {{json .Config}}`, "job"},
			engine: func(e *fakeengine.Engine) {
				e.Expect("GET", "/containers/job/json").Reply(200, inspectJSON(id2, "job", "exited", false))
			},
			golden: "inspect-template-json.golden"},
		{name: "template raw field", args: []string{"-f", "{{.Id}} {{.Config.FutureField}}", "job"},
			engine: func(e *fakeengine.Engine) {
				e.Expect("GET", "/containers/job/json").Reply(200, inspectJSON(id2, "job", "exited", false))
			},
			golden: "inspect-raw-field.golden"},
		{name: "size", args: []string{"-s", "-f", "{{.SizeRw}} {{.SizeRootFs}}", "job"},
			engine: func(e *fakeengine.Engine) {
				e.Expect("GET", "/containers/job/json").Query("size", "1").Reply(200, inspectJSON(id2, "job", "exited", true))
			},
			golden: "inspect-size.golden"},
		{name: "not found", args: []string{"nope", "bb"},
			engine: func(e *fakeengine.Engine) {
				e.Expect("GET", "/containers/nope/json").ReplyError(404, "No such container: nope")
				e.Expect("GET", "/containers/bb/json").ReplyError(404, "No such container: bb")
			},
			golden:  "inspect-empty.golden",
			wantErr: "Error response from daemon: No such container: nope\nError response from daemon: No such container: bb", code: 1},
		{name: "some found", args: []string{"-f", "{{.Name}}", "job", "nope", "web"},
			engine: func(e *fakeengine.Engine) {
				e.Expect("GET", "/containers/job/json").Reply(200, inspectJSON(id2, "job", "exited", false))
				e.Expect("GET", "/containers/nope/json").ReplyError(404, "No such container: nope")
				e.Expect("GET", "/containers/web/json").Reply(200, inspectJSON(id1, "web", "running", false))
			},
			golden:  "inspect-some.golden",
			wantErr: "Error response from daemon: No such container: nope", code: 1},
		{name: "unknown field", args: []string{"-f", "{{.Foo}}", "job"},
			engine: func(e *fakeengine.Engine) {
				e.Expect("GET", "/containers/job/json").Reply(200, inspectJSON(id2, "job", "exited", false))
			},
			golden:  "inspect-newline.golden",
			wantErr: `template parsing error: template: :1:2: executing "" at <.Foo>: map has no entry for key "Foo"`, code: 1},
		{name: "bad template", args: []string{"-f", "{{.ID", "job"},
			golden:  "inspect-nothing.golden",
			wantErr: "template parsing error: template: :1: unclosed action", code: 64},
		{name: "no arguments", args: []string{},
			golden:  "inspect-nothing.golden",
			wantErr: "docker: 'inspect' requires at least 1 argument", code: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			if tc.engine != nil {
				tc.engine(e)
			}
			cli := clitest.New(t, e.Host())
			err := clitest.Run(t, newInspectCommand(cli), tc.args...)
			if tc.wantErr == "" {
				assert.NilError(t, err)
			} else {
				assert.Assert(t, err != nil)
				msg := err.Error()
				if tc.code != 64 && tc.name == "no arguments" {
					msg = firstLine(msg)
				}
				assert.Equal(t, msg, tc.wantErr)
				assert.Equal(t, commands.ExitCode(err), tc.code)
			}
			assert.Equal(t, cli.ErrBuf.String(), "")
			golden.Assert(t, cli.OutBuf.String(), tc.golden)
		})
	}
}
