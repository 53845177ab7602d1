package registry

import (
	"testing"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
)

const searchReply = `[{"name":"busybox","description":"Busybox base image with a long description that goes on and on.","star_count":3456,"is_official":true,"is_automated":false},
{"name":"someone/tool","description":"line1\nline2","star_count":7,"is_official":false,"is_automated":true}]`

// The outputs are docker 28's for the same engine answer (observed with a fake engine).
func TestSearch(t *testing.T) {
	hubAuth := "eyJzZXJ2ZXJhZGRyZXNzIjoiaHR0cHM6Ly9pbmRleC5kb2NrZXIuaW8vdjEvIn0=" // {"serveraddress":"https://index.docker.io/v1/"}
	for _, tc := range []struct {
		name  string
		args  []string
		query map[string]string
		auth  string
		want  string
	}{
		{name: "table", args: []string{"busybox"}, query: map[string]string{"term": "busybox"}, auth: hubAuth,
			want: "NAME           DESCRIPTION                                     STARS     OFFICIAL\n" +
				"busybox        Busybox base image with a long description t…   3456      [OK]\n" +
				"someone/tool   line1 line2                                     7         \n"},
		{name: "no-trunc", args: []string{"--no-trunc", "--format", "{{.Description}}", "x"}, auth: hubAuth,
			want: "Busybox base image with a long description that goes on and on.\nline1 line2\n"},
		{name: "json", args: []string{"--format", "json", "x"}, auth: hubAuth,
			want: `{"Description":"Busybox base image with a long description t…","IsOfficial":"true","Name":"busybox","StarCount":"3456"}` + "\n" +
				`{"Description":"line1 line2","IsOfficial":"false","Name":"someone/tool","StarCount":"7"}` + "\n"},
		{name: "limit and filters", args: []string{"--limit", "5", "-f", "stars=3", "-f", "is-official=true", "--format", "{{.Name}}", "x"},
			query: map[string]string{"limit": "5", "filters": `{"is-official":{"true":true},"stars":{"3":true}}`}, auth: hubAuth,
			want: "busybox\nsomeone/tool\n"},
		{name: "another registry", args: []string{"--format", "{{.StarCount}}", "localhost:5000/foo"},
			query: map[string]string{"term": "localhost:5000/foo"},
			auth:  "eyJzZXJ2ZXJhZGRyZXNzIjoibG9jYWxob3N0OjUwMDAifQ==", // {"serveraddress":"localhost:5000"}
			want:  "3456\n7\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			r := e.Expect("GET", "/images/search").Header("X-Registry-Auth", tc.auth)
			for k, v := range tc.query {
				r.Query(k, v)
			}
			if tc.query["limit"] == "" {
				r.NoQuery("limit")
			}
			r.Reply(200, searchReply)
			cli := clitest.New(t, e.Host())
			assert.NilError(t, clitest.Run(t, newSearchCommand(cli), tc.args...))
			assert.Equal(t, cli.OutBuf.String(), tc.want)
			assert.Equal(t, cli.ErrBuf.String(), "")
		})
	}
}

func TestSearchErrors(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/images/search").ReplyError(500, `Get "https://index.docker.io/v1/search?q=x&n=25": no such host`)
	cli := clitest.New(t, e.Host())
	err := clitest.Run(t, newSearchCommand(cli), "x")
	assert.Equal(t, commands.Message(err), `Error response from daemon: Get "https://index.docker.io/v1/search?q=x&n=25": no such host`)
	assert.Equal(t, commands.ExitCode(err), 1)

	e = fakeengine.New(t)
	e.Expect("GET", "/images/search").Reply(200, searchReply)
	cli = clitest.New(t, e.Host())
	err = clitest.Run(t, newSearchCommand(cli), "--format", "{{.IsAutomated}}", "x")
	assert.Equal(t, commands.Message(err), `template parsing error: template: :1:2: executing "" at <.IsAutomated>: can't evaluate field IsAutomated in type *registry.searchContext`)
	assert.Equal(t, commands.ExitCode(err), 1)
	assert.Equal(t, cli.OutBuf.String(), "")
}
