package image

import (
	"regexp"
	"testing"

	"gotest.tools/v3/assert"
	"gotest.tools/v3/golden"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands/clitest"
)

var rfc3339 = regexp.MustCompile(`[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z`)

func TestHistory(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		terminal bool
		golden   string
	}{
		{name: "default", golden: "history-default.golden"},
		{name: "default terminal", terminal: true, golden: "history-default.golden"},
		{name: "not human", args: []string{"--human=false"}, golden: "history-not-human.golden"},
		{name: "no-trunc", args: []string{"--no-trunc"}, golden: "history-no-trunc.golden"},
		{name: "quiet", args: []string{"-q"}, golden: "history-quiet.golden"},
		{name: "quiet no-trunc", args: []string{"--quiet", "--no-trunc"}, golden: "history-quiet-no-trunc.golden"},
		{name: "quiet custom format wins", args: []string{"-q", "--format", "{{.Size}}"}, golden: "history-size.golden"},
		{name: "json", args: []string{"--format", "json"}, golden: "history-json.golden"},
		{name: "table template not human", args: []string{"--format", `table {{.ID}}\t{{.CreatedSince}}\t{{.Size}}`, "--human=false"},
			golden: "history-table-template.golden"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := fakeengine.New(t)
			e.Expect("GET", "/images/skfimg-child:1/history").NoQuery("platform").Reply(200, historyJSON())
			cli := clitest.New(t, e.Host(), clitest.Options{Terminal: tc.terminal})
			assert.NilError(t, run(t, newHistoryCommand(cli), append(tc.args, "skfimg-child:1")...))
			assert.Equal(t, cli.ErrBuf.String(), "")
			golden.Assert(t, rfc3339.ReplaceAllString(cli.OutBuf.String(), "<TS>"), tc.golden)
		})
	}
}

func TestHistoryPlatform(t *testing.T) {
	e := fakeengine.New(t)
	e.APIVersion = "1.48"
	e.Expect("GET", "/images/skfimg-child:1/history").
		Query("platform", `{"architecture":"arm64","os":"linux","variant":"v8"}`).Reply(200, historyJSON())
	cli := clitest.New(t, e.Host())
	assert.NilError(t, run(t, newHistoryCommand(cli), "--platform", "linux/aarch64/8", "-q", "skfimg-child:1"))
	golden.Assert(t, cli.OutBuf.String(), "history-quiet.golden")
}

func TestHistoryErrors(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		api    string
		engine func(e *fakeengine.Engine)
		want   string
		code   int
	}{
		{name: "no such image", args: []string{"nope"},
			engine: func(e *fakeengine.Engine) {
				e.Expect("GET", "/images/nope/history").ReplyError(404, "No such image: nope:latest")
			},
			want: "Error response from daemon: No such image: nope:latest", code: 1},
		{name: "no argument", want: "docker: 'history' requires 1 argument", code: 1},
		{name: "two arguments", args: []string{"a", "b"}, want: "docker: 'history' requires 1 argument", code: 1},
		{name: "platform on an old engine", args: []string{"--platform", "linux/amd64", "bb"},
			want: `"--platform" requires API version 1.48, but the Docker daemon API version is 1.41`, code: 1},
		{name: "empty platform on an old engine", args: []string{"--platform=", "bb"},
			want: `"--platform" requires API version 1.48, but the Docker daemon API version is 1.41`, code: 1},
		{name: "bad platform", args: []string{"--platform", "x", "bb"}, api: "1.48",
			want: `invalid platform: "x": unknown operating system or architecture: invalid argument`, code: 1},
		{name: "unknown field", args: []string{"--format", "{{.Nope}}", "skfimg-child:1"},
			engine: func(e *fakeengine.Engine) {
				e.Expect("GET", "/images/skfimg-child:1/history").Reply(200, historyJSON())
			},
			want: `template parsing error: template: :1:2: executing "" at <.Nope>: can't evaluate field Nope in type *image.historyContext`, code: 1},
		{name: "not human is a bool", args: []string{"--human=maybe", "bb"},
			want: `invalid argument "maybe" for "-H, --human" flag: strconv.ParseBool: parsing "maybe": invalid syntax`, code: 125},
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
			msg, code := errText(run(t, newHistoryCommand(cli), tc.args...))
			assert.Equal(t, firstLine(msg), tc.want)
			assert.Equal(t, code, tc.code)
			assert.Equal(t, cli.OutBuf.String(), "")
		})
	}
}
