package system

import (
	"testing"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands/clitest"
)

func TestVersion(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		body    string // GET /version answer ("" = engine unreachable)
		api     string
		env     map[string]string
		golden  string
		wantErr string
		code    int
	}{
		{name: "default", body: "version-engine.json", golden: "version-default.golden"},
		{name: "json", args: []string{"--format", "json"}, body: "version-engine.json", golden: "version-json.golden"},
		{name: "template", args: []string{"-f", "{{.Client.Version}} {{.Server.Version}} {{.Client.APIVersion}}"}, body: "version-engine.json", golden: "version-template.golden"},
		{name: "template tabs", args: []string{"-f", "{{.Client.Version}}\t{{.Server.Version}}\t"}, body: "version-engine.json", golden: "version-template-tabs.golden"},
		{name: "old engine", body: "version-old.json", api: "1.40", golden: "version-old.golden"},
		{name: "old engine json", args: []string{"-f", "{{json .Server}}"}, body: "version-old.json", api: "1.40", golden: "version-old-json.golden"},
		{name: "fixed api version", args: []string{"-f", "{{json .Client}}"}, body: "version-engine.json", env: map[string]string{"DOCKER_API_VERSION": "1.40"}, golden: "version-client-json.golden"},
		{name: "unknown field", args: []string{"-f", "x{{.Foo}}"}, body: "version-engine.json", golden: "version-x.golden", code: 1,
			wantErr: `template: version:1:3: executing "version" at <.Foo>: can't evaluate field Foo in type system.versionInfo`},
		{name: "unknown server field", args: []string{"-f", "{{.Server.Foo}}"}, body: "version-engine.json", golden: "newline.golden", code: 1,
			wantErr: `template: version:1:9: executing "version" at <.Server.Foo>: can't evaluate field Foo in type *types.Version`},
		{name: "unknown component field", args: []string{"-f", "{{range .Server.Components}}{{.Foo}}{{end}}"}, body: "version-engine.json", golden: "newline.golden", code: 1,
			wantErr: `template: version:1:30: executing "version" at <.Foo>: can't evaluate field Foo in type types.ComponentVersion`},
		{name: "bad template", args: []string{"-f", "{{"}, golden: "empty.golden", code: 64,
			wantErr: "template parsing error: template: version:1: unclosed action"},
		{name: "unreachable", golden: "version-unreachable.golden", code: 1},
		{name: "unreachable template", args: []string{"-f", "{{json .}}"}, golden: "version-unreachable-json.golden", code: 1},
		{name: "arguments", args: []string{"x"}, golden: "empty.golden", code: 1,
			wantErr: "docker: 'version' accepts no arguments"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			stampLikeReference(t)
			var e *fakeengine.Engine
			var host string
			if tc.body != "" {
				e = fakeengine.New(t)
				if tc.api != "" {
					e.APIVersion = tc.api
				}
				e.Expect("GET", "/version").Reply(200, readTestdata(t, tc.body))
			} else {
				host = deadHost(t)
			}
			r := runEnv(t, e, host, clitest.Options{}, tc.env, newVersionCommand, tc.args...)
			assert.Equal(t, r.code(), tc.code)
			if tc.wantErr != "" {
				msg := r.msg()
				if tc.name == "arguments" {
					msg = firstLine(msg)
				}
				assert.Equal(t, msg, tc.wantErr)
			}
			if tc.body == "" && tc.code != 64 && tc.wantErr == "" {
				assert.ErrorContains(t, r.runErr, "Cannot connect to the Docker daemon at unix://")
			}
			assertGolden(t, normGo(r.out), tc.golden)
			assert.Equal(t, r.err, "")
		})
	}
}

func TestReformatDate(t *testing.T) {
	for in, want := range map[string]string{
		"2026-05-07T21:09:36.000000000+00:00": "Thu May  7 21:09:36 2026",
		"2019-07-25T21:19:41Z":                "Thu Jul 25 21:19:41 2019",
		"Fri, 30 May 2025 12:07:14 UTC":       "Fri May 30 12:07:14 2025",
		"":                                    "",
		"yesterday":                           "yesterday",
	} {
		assert.Equal(t, reformatDate(in), want, in)
	}
}
