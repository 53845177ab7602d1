package system

import (
	"os"
	"path/filepath"
	"testing"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands/clitest"
)

func TestInfo(t *testing.T) {
	authConfig := t.TempDir()
	assert.NilError(t, os.WriteFile(filepath.Join(authConfig, "config.json"),
		[]byte(`{"auths":{"https://index.docker.io/v1/":{"auth":"Ym9iOnNlY3JldA=="}}}`), 0o600))

	tests := []struct {
		name       string
		args       []string
		body       string // GET /info answer; "" = no request expected
		unreach    bool
		api        string
		env        map[string]string
		debug      bool
		golden     string
		wantStderr string
		wantErr    string
		code       int
	}{
		{name: "default", body: "info-engine.json", golden: "info-default.golden"},
		{name: "rich", body: "info-rich.json", golden: "info-rich.golden",
			wantStderr: "WARNING: server warning one\nWARNING: server warning two\n"},
		{name: "rich api 1.50", body: "info-rich.json", api: "1.50", golden: "info-rich.golden",
			wantStderr: "WARNING: server warning one\nWARNING: server warning two\n"},
		{name: "debug and user", body: "info-rich.json", debug: true, env: map[string]string{"DOCKER_CONFIG": authConfig},
			golden: "info-rich-debug.golden", wantStderr: "WARNING: server warning one\nWARNING: server warning two\n"},
		{name: "swarm worker", body: "info-worker.json", golden: "info-worker.golden"},
		{name: "windows", body: "info-windows.json", golden: "info-windows.golden"},
		{name: "json", args: []string{"--format", "json"}, body: "info-engine.json", golden: "info-json.golden"},
		{name: "json rich", args: []string{"-f", "{{json .}}"}, body: "info-rich.json", golden: "info-rich-json.golden"},
		{name: "server field", args: []string{"-f", "{{.ServerVersion}} {{.Swarm.LocalNodeState}} {{.RegistryConfig.InsecureRegistryCIDRs}}"}, body: "info-engine.json", golden: "info-server-field.golden"},
		{name: "client only", args: []string{"-f", "{{.ClientInfo.Version}} {{.ClientInfo.Context}} {{.ClientInfo.Plugins}}"}, golden: "info-client-only.golden"},
		// docker's client part embeds the version command's: printed whole it shows nested.
		{name: "client struct", args: []string{"-f", "{{.ClientInfo}}|{{json .ClientInfo}}"}, golden: "info-client-struct.golden"},
		{name: "client only, engine down", args: []string{"-f", "{{.ClientInfo.Version}}"}, unreach: true, golden: "info-client-only-version.golden"},
		{name: "unknown field", args: []string{"-f", "x{{.Foo}}"}, body: "info-engine.json", golden: "version-x.golden", code: 1,
			wantErr: `template: :1:3: executing "" at <.Foo>: can't evaluate field Foo in type system.dockerInfo`},
		{name: "unknown registry field", args: []string{"-f", "{{.RegistryConfig.Foo}}"}, body: "info-engine.json", golden: "newline.golden", code: 1,
			wantErr: `template: :1:17: executing "" at <.RegistryConfig.Foo>: can't evaluate field Foo in type *registry.ServiceConfig`},
		{name: "unknown client field", args: []string{"-f", "{{.ClientInfo.Foo}}"}, body: "info-engine.json", golden: "newline.golden", code: 1,
			wantErr: `template: :1:13: executing "" at <.ClientInfo.Foo>: can't evaluate field Foo in type *system.clientInfo`},
		{name: "bad template", args: []string{"-f", "{{"}, golden: "empty.golden", code: 64,
			wantErr: "template parsing error: template: :1: unclosed action"},
		{name: "unreachable", unreach: true, golden: "info-unreachable.golden", code: 1},
		{name: "unreachable json", args: []string{"-f", "{{json .}}"}, unreach: true, golden: "info-unreachable-json.golden", code: 1},
		{name: "unreachable server field", args: []string{"-f", "{{.ServerVersion}}"}, unreach: true, golden: "newline.golden", code: 1},
		{name: "arguments", args: []string{"x"}, golden: "empty.golden", code: 1, wantErr: "docker: 'info' accepts no arguments"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			stampLikeReference(t)
			var e *fakeengine.Engine
			host := ""
			switch {
			case tc.unreach:
				host = deadHost(t)
			default:
				e = fakeengine.New(t)
				if tc.api != "" {
					e.APIVersion = tc.api
				}
				if tc.body != "" {
					e.Expect("GET", "/info").Reply(200, readTestdata(t, tc.body))
				}
			}
			mk := newInfoCommand
			r := runEnv(t, e, host, clitest.Options{}, tc.env, func(cli commandsCli) *cobraCommand {
				if tc.debug {
					cli.Options().Debug = true
				}
				return mk(cli)
			}, tc.args...)
			assert.Equal(t, r.code(), tc.code)
			if tc.wantErr != "" {
				assert.Equal(t, firstLine(r.msg()), tc.wantErr)
			} else if tc.unreach && tc.code != 0 {
				assert.ErrorContains(t, r.runErr, "Cannot connect to the Docker daemon at unix://")
			}
			assertGolden(t, normGo(r.out), tc.golden)
			assert.Equal(t, r.err, tc.wantStderr)
		})
	}
}

func TestParseSecurityOption(t *testing.T) {
	for in, want := range map[string][2]string{
		"name=seccomp,profile=default":     {"seccomp", "default"},
		"name=apparmor":                    {"apparmor", ""},
		"name=selinux,x=y":                 {"selinux", ""},
		"weird":                            {"weird", ""},
		"name=seccomp,profile=x,extra=yes": {"seccomp", "x"},
	} {
		n, p := parseSecurityOption(in)
		assert.DeepEqual(t, [2]string{n, p}, want)
	}
}
