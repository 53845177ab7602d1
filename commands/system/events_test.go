package system

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
	"github.com/skiff-cli/skiff/streams"
)

// eventsStream is what an API 1.41 engine sends: a current event, one without
// attributes, one with a time in seconds only, a legacy one (status only) and one
// without any time.
const eventsStream = `{"status":"create","id":"abc","from":"bb:latest","Type":"container","Action":"create","Actor":{"ID":"abc","Attributes":{"name":"x","image":"bb:latest","z":"has space"}},"scope":"local","time":1795461047,"timeNano":1795461047310000000}
{"Type":"network","Action":"connect","Actor":{"ID":"net1","Attributes":{}},"scope":"local","time":1795461048,"timeNano":1795461048000000001}
{"Type":"volume","Action":"create","Actor":{"ID":"v1"},"scope":"local","time":1795461049,"timeNano":0}
{"status":"pull","id":"busybox:latest","time":1795461050}
{"Type":"daemon","Action":"reload","Actor":{"ID":"7X32","Attributes":{"a":"1"}},"scope":"local","time":0,"timeNano":0}
`

// inUTC runs the test with local time in UTC (event times print in local time).
func inUTC(t *testing.T) {
	old := time.Local
	time.Local = time.UTC
	t.Cleanup(func() { time.Local = old })
}

func TestEvents(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		query   [][2]string
		golden  string
		noCall  bool
		wantErr string
		code    int
	}{
		{name: "default", golden: "events.golden"},
		{name: "json", args: []string{"--format", "json"}, golden: "events-json.golden"},
		{name: "template", args: []string{"--format", "{{.Time}} {{.TimeNano}} {{.Status}} {{.ID}} {{.From}} {{.Type}} {{.Actor.Attributes.name}}"}, golden: "events-template.golden"},
		// one flat struct, as docker prints its events.Message
		{name: "whole event", args: []string{"--format", "{{.}}"}, golden: "events-whole.golden"},
		// a template failing on an event: what it wrote before, a newline, the error
		{name: "failing on an event", args: []string{"--format", "{{.Action}}{{.Actor.Attributes.name.x}}"}, golden: "events-partial.golden", code: 1,
			wantErr: `template: :1:19: executing "" at <.Actor.Attributes.name.x>: can't evaluate field x in type string`},
		{name: "window and filters", args: []string{"--since", "1795461047", "--until", "2026-11-23T19:10:51Z", "-f", "type=container", "--filter", "event=create"},
			query:  [][2]string{{"since", "1795461047"}, {"until", "1795461051.000000000"}, {"filters", `{"event":{"create":true},"type":{"container":true}}`}},
			golden: "events.golden"},
		{name: "unknown field", args: []string{"--format", "{{.Foo}}"}, noCall: true, golden: "empty.golden", code: 64,
			wantErr: `Error parsing format: template: :1:2: executing "" at <.Foo>: can't evaluate field Foo in type *events.Message`},
		{name: "unknown actor field", args: []string{"--format", "{{.Actor.Foo}}"}, noCall: true, golden: "empty.golden", code: 64,
			wantErr: `Error parsing format: template: :1:8: executing "" at <.Actor.Foo>: can't evaluate field Foo in type events.Actor`},
		{name: "bad template", args: []string{"--format", "{{"}, noCall: true, golden: "empty.golden", code: 64,
			wantErr: "Error parsing format: template: :1: unclosed action"},
		{name: "bad since", args: []string{"--since", "bogus"}, noCall: true, golden: "empty.golden", code: 1,
			wantErr: `failed to parse value as time or duration: "bogus"`},
		{name: "bad until", args: []string{"--until", "2026-13-01"}, noCall: true, golden: "empty.golden", code: 1,
			wantErr: `parsing time "2026-13-01": month out of range`},
		{name: "bad filter", args: []string{"-f", "bogus"}, noCall: true, golden: "empty.golden", code: 125,
			wantErr: `invalid argument "bogus" for "-f, --filter" flag: bad format of filter (expected name=value)`},
		{name: "arguments", args: []string{"x"}, noCall: true, golden: "empty.golden", code: 1,
			wantErr: "docker: 'events' accepts no arguments"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			inUTC(t)
			e := fakeengine.New(t)
			if !tc.noCall {
				r := e.Expect("GET", "/events")
				for _, q := range tc.query {
					r.Query(q[0], q[1])
				}
				if len(tc.query) == 0 {
					r.NoQuery("since").NoQuery("until").NoQuery("filters")
				}
				r.Reply(200, eventsStream)
			}
			r := run(t, e, "", clitest.Options{}, newEventsCommand, tc.args...)
			assert.Equal(t, r.code(), tc.code)
			if tc.wantErr != "" {
				assert.Equal(t, firstLine(r.msg()), tc.wantErr)
			} else {
				assert.NilError(t, r.runErr)
			}
			assertGolden(t, r.out, tc.golden)
			assert.Equal(t, r.err, "")
		})
	}
}

// TestEventsStreams checks that each event is written as soon as it arrives: the
// engine sends the second event only after the first one was read from our stdout.
func TestEventsStreams(t *testing.T) {
	inUTC(t)
	e := fakeengine.New(t)
	firstSeen := make(chan struct{})
	e.Expect("GET", "/events").ReplyFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(200)
		lines := strings.SplitAfter(eventsStream, "\n")
		io.WriteString(w, lines[0])
		w.(http.Flusher).Flush()
		select {
		case <-firstSeen:
		case <-time.After(10 * time.Second):
			t.Error("the first event was not printed before the second was sent")
			return
		}
		io.WriteString(w, lines[1])
	})
	clitest.New(t, "") // test environment (config dir, DOCKER_* variables)
	pr, pw := io.Pipe()
	cli := commands.NewDockerCli(streams.NewTestIn(strings.NewReader(""), false),
		streams.NewTestOut(pw, false), streams.NewTestOut(&bytes.Buffer{}, false))
	assert.NilError(t, cli.Options().Hosts.Set(e.Host()))
	done := make(chan error, 1)
	go func() {
		done <- clitest.Run(t, newEventsCommand(cli))
		pw.Close()
	}()
	lines := bufio.NewReader(pr)
	first, err := lines.ReadString('\n')
	assert.NilError(t, err)
	assert.Equal(t, first, "2026-11-23T19:10:47.310000000Z container create abc (image=bb:latest, name=x, z=has space)\n")
	close(firstSeen)
	second, err := lines.ReadString('\n')
	assert.NilError(t, err)
	assert.Equal(t, second, "2026-11-23T19:10:48.000000001Z network connect net1\n")
	_, err = lines.ReadString('\n')
	assert.Equal(t, err, io.EOF)
	assert.NilError(t, <-done)
}
