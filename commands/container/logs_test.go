package container

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
	"github.com/skiff-cli/skiff/streams"
)

// lcLogsInspect is the inspect answer for container "c" (id cid), with or without a TTY.
func lcLogsInspect(tty bool) string {
	return fmt.Sprintf(`{"Id":"cid","Name":"/c","Config":{"Tty":%t}}`, tty)
}

// lcMuxed writes frames to stdout (1) and stderr (2) with the engine's 8-byte headers.
func lcMuxed(frames ...any) []byte {
	var b bytes.Buffer
	for i := 0; i < len(frames); i += 2 {
		p := frames[i+1].(string)
		n := len(p)
		b.Write([]byte{byte(frames[i].(int)), 0, 0, 0, byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)})
		b.WriteString(p)
	}
	return b.Bytes()
}

func TestLogsSplitsStreams(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/containers/c/json").Reply(200, lcLogsInspect(false))
	e.Expect("GET", "/containers/cid/logs").Query("stdout", "1").Query("stderr", "1").Query("tail", "all").
		NoQuery("since").NoQuery("until").NoQuery("follow").NoQuery("timestamps").NoQuery("details").
		Reply(200, lcMuxed(1, "out1\n", 2, "err1\n", 1, "out2\n"))
	r := lcExec(t, e, clitest.Options{}, newLogsCommand, "c")
	lcCheck(t, r, "out1\nout2\n", "err1\n", 0, "")
}

func TestLogsTTYRaw(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/containers/c/json").Reply(200, lcLogsInspect(true))
	e.Expect("GET", "/containers/cid/logs").Query("follow", "1").Query("timestamps", "1").Query("details", "1").
		Query("tail", "3").Query("since", "1357132997.000000000").Query("until", "1700000000").
		Reply(200, "tty out\r\n\x01\x00 raw\r\n")
	r := lcExec(t, e, clitest.Options{}, newLogsCommand, "-f", "-t", "--details", "-n", "3",
		"--since", "2013-01-02T13:23:17Z", "--until", "1700000000", "c")
	lcCheck(t, r, "tty out\r\n\x01\x00 raw\r\n", "", 0, "")
}

func TestLogsFollowStreams(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/containers/c/json").Reply(200, lcLogsInspect(false))
	var seen = make(chan string, 1)
	e.Expect("GET", "/containers/cid/logs").Query("follow", "1").ReplyFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(200)
		w.Write(lcMuxed(1, "first\n"))
		w.(http.Flusher).Flush()
		// the next frame only once the client has shown the first: nothing is buffered
		select {
		case <-seen:
		case <-time.After(5 * time.Second):
		}
		w.Write(lcMuxed(2, "second\n"))
	})
	_ = clitest.New(t, e.Host()) // the test environment (config dir, no DOCKER_HOST)
	var out, errb bytes.Buffer
	dc := commands.NewDockerCli(streams.NewTestIn(strings.NewReader(""), false),
		streams.NewTestOut(&lcNotifyWriter{buf: &out, seen: seen}, false), streams.NewTestOut(&errb, false))
	if err := dc.Options().Hosts.Set(e.Host()); err != nil {
		t.Fatal(err)
	}
	if err := clitest.Run(t, newLogsCommand(dc), "-f", "c"); err != nil {
		t.Fatal(err)
	}
	if out.String() != "first\n" || errb.String() != "second\n" {
		t.Errorf("out %q err %q", out.String(), errb.String())
	}
}

// lcNotifyWriter signals seen on its first write.
type lcNotifyWriter struct {
	buf  *bytes.Buffer
	seen chan string
}

func (w *lcNotifyWriter) Write(p []byte) (int, error) {
	n, err := w.buf.Write(p)
	select {
	case w.seen <- string(p):
	default:
	}
	return n, err
}

func TestLogsErrors(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/containers/nosuch/json").ReplyError(404, "No such container: nosuch")
	e.Expect("GET", "/containers/c/json").Times(3).Reply(200, lcLogsInspect(false))
	r := lcExec(t, e, clitest.Options{}, newLogsCommand, "--since", "10x", "nosuch")
	lcCheck(t, r, "", "", 1, lcNoSuchMsg)
	r = lcExec(t, e, clitest.Options{}, newLogsCommand, "--since", "10x", "c")
	lcCheck(t, r, "", "", 1, `invalid value for "since": failed to parse value as time or duration: "10x"`)
	r = lcExec(t, e, clitest.Options{}, newLogsCommand, "--until", "2013-01-02T25:00", "c")
	lcCheck(t, r, "", "", 1, `invalid value for "until": parsing time "2013-01-02T25:00": hour out of range`)
	r = lcExec(t, e, clitest.Options{}, newLogsCommand, "--until", "1.x", "c")
	lcCheck(t, r, "", "", 1, `invalid value for "until": failed to parse value as time or duration: "1.x"`)
	r = lcExec(t, e, clitest.Options{}, newLogsCommand, "a", "b")
	if r.code != 1 || firstLine(r.msg) != "docker: 'logs' requires 1 argument" {
		t.Errorf("%+v", r)
	}
}

// logs, port and update ask the engine through calls that do not check the name
// themselves: like docker they refuse an empty one first and trim spaces around it;
// diff refuses "" in its own words.
func TestLogsPortUpdateDiffEmptyName(t *testing.T) {
	e := fakeengine.New(t) // no request
	const empty = "invalid container name or ID: value is empty"
	for _, c := range []struct {
		newCmd func(commands.Cli) *cobra.Command
		args   []string
		msg    string
	}{
		{newLogsCommand, []string{" "}, empty},
		{newPortCommand, []string{""}, empty},
		{newUpdateCommand, []string{"--cpus", "1", "\t"}, empty},
		{newDiffCommand, []string{""}, "Container name cannot be empty"},
		{newDiffCommand, []string{" "}, empty},
	} {
		r := lcExec(t, e, clitest.Options{}, c.newCmd, c.args...)
		lcCheck(t, r, "", "", 1, c.msg)
	}

	e = fakeengine.New(t)
	e.Expect("GET", "/containers/c/json").Reply(200, lcLogsInspect(true))
	e.Expect("GET", "/containers/cid/logs").Reply(200, "hi\n")
	r := lcExec(t, e, clitest.Options{}, newLogsCommand, " c ")
	lcCheck(t, r, "hi\n", "", 0, "")
}
