package builder

import (
	"testing"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
)

// Prompts, query and listing as docker 28 sends and prints them (observed with a fake engine).
func TestBuilderPrune(t *testing.T) {
	report := `{"CachesDeleted":["sha256:aaaa","bbbb"],"SpaceReclaimed":123456789}`
	listing := "Deleted build cache objects:\nsha256:aaaa\nbbbb\n\nTotal reclaimed space: 123.5MB\n"
	for _, tc := range []struct {
		name    string
		args    []string
		stdin   string
		request bool
		query   map[string]string
		report  string
		want    string
	}{
		{name: "yes", stdin: "y\n", request: true, query: map[string]string{"filters": ""}, report: report,
			want: pruneWarningDangling + listing},
		{name: "no", stdin: "n\n", want: pruneWarningDangling},
		{name: "all, no", args: []string{"-a"}, stdin: "n\n", want: pruneWarningAll},
		{name: "all, force", args: []string{"-a", "-f"}, request: true, query: map[string]string{"all": "1"}, report: report, want: listing},
		{name: "filter and keep-storage", args: []string{"-f", "--filter", "until=24h", "--keep-storage", "1g"}, request: true,
			query:  map[string]string{"filters": `{"until":{"24h":true}}`, "keep-storage": "1073741824"},
			report: `{"CachesDeleted":null,"SpaceReclaimed":0}`, want: "Total reclaimed space: 0B\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			if tc.request {
				r := e.Expect("POST", "/build/prune")
				for k, v := range tc.query {
					r.Query(k, v)
				}
				if tc.query["all"] == "" {
					r.NoQuery("all")
				}
				if tc.query["keep-storage"] == "" {
					r.NoQuery("keep-storage")
				}
				r.Reply(200, tc.report)
			}
			cli := clitest.New(t, e.Host(), clitest.Options{Stdin: tc.stdin})
			assert.NilError(t, clitest.Run(t, newPruneCommand(cli), append([]string{}, tc.args...)...))
			assert.Equal(t, cli.OutBuf.String(), tc.want)
			assert.Equal(t, cli.ErrBuf.String(), "")
		})
	}
}

func TestBuilderPruneErrors(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("POST", "/build/prune").ReplyError(400, `invalid filter 'bogus'`)
	cli := clitest.New(t, e.Host())
	err := clitest.Run(t, newPruneCommand(cli), "-f", "--filter", "bogus=1")
	assert.Equal(t, commands.Message(err), "Error response from daemon: invalid filter 'bogus'")
	assert.Equal(t, commands.ExitCode(err), 1)

	cli = clitest.New(t, fakeengine.New(t).Host())
	err = clitest.Run(t, newPruneCommand(cli), "-f", "--keep-storage", "abc")
	assert.Equal(t, commands.ExitCode(err), 125)
	assert.ErrorContains(t, err, `invalid argument "abc" for "--keep-storage" flag: invalid size: 'abc'`)
}
