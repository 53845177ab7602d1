package container

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands/clitest"
)

func TestTop(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/containers/web/top").Query("ps_args", "-o pid,comm --").
		Reply(200, `{"Titles":["PID","COMMAND"],"Processes":[["27394","sleep"],["1","a very long command line indeed"]]}`)
	cli := clitest.New(t, e.Host())
	err := clitest.Run(t, newTopCommand(cli), "web", "-o", "pid,comm", "--")
	assert.NilError(t, err)
	// Columns at least 20 wide, 3 spaces apart; the last column is not padded.
	assert.Equal(t, cli.OutBuf.String(), ""+
		"PID                 COMMAND\n"+
		"27394               sleep\n"+
		"1                   a very long command line indeed\n")
}

func TestTopNoPsArgs(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/containers/web/top").NoQuery("ps_args").
		Reply(200, `{"Titles":["UID","PID","PPID","C","STIME","TTY","TIME","CMD"],"Processes":[["root","27394","27371","0","20:02","?","00:00:00","sleep 3600"]]}`)
	cli := clitest.New(t, e.Host())
	assert.NilError(t, clitest.Run(t, newTopCommand(cli), "web"))
	assert.Equal(t, cli.OutBuf.String(), ""+
		"UID                 PID                 PPID                C                   STIME               TTY                 TIME                CMD\n"+
		"root                27394               27371               0                   20:02               ?                   00:00:00            sleep 3600\n")
}

func TestTopErrors(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/containers/stopped/top").ReplyError(409, "Container 70d78e943f6b is not running")
	cli := clitest.New(t, e.Host())
	code, msg := observeExit(clitest.Run(t, newTopCommand(cli), "stopped"))
	assert.Equal(t, code, 1)
	assert.Equal(t, msg, "Error response from daemon: Container 70d78e943f6b is not running")

	// Flags before the container are top's own (it has none).
	code, msg = observeExit(clitest.Run(t, newTopCommand(cli), "-x", "web"))
	assert.Equal(t, code, 125)
	assert.Equal(t, firstLine(msg), "unknown shorthand flag: 'x' in -x")

	code, msg = observeExit(clitest.Run(t, newTopCommand(cli)))
	assert.Equal(t, code, 1)
	assert.Equal(t, firstLine(msg), "docker: 'top' requires at least 1 argument")
}

func TestDiff(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/containers/job/changes").
		Reply(200, `[{"Path":"/tmp","Kind":0},{"Path":"/tmp/sp ace","Kind":1},{"Path":"/bin/vi","Kind":2}]`)
	e.Expect("GET", "/containers/fresh/changes").Reply(200, "null")
	e.Expect("GET", "/containers/nope/changes").ReplyError(404, "No such container: nope")
	cli := clitest.New(t, e.Host())
	assert.NilError(t, clitest.Run(t, newDiffCommand(cli), "job"))
	assert.Equal(t, cli.OutBuf.String(), "C /tmp\nA /tmp/sp ace\nD /bin/vi\n")

	cli.OutBuf.Reset()
	assert.NilError(t, clitest.Run(t, newDiffCommand(cli), "fresh"))
	assert.Equal(t, cli.OutBuf.String(), "")

	code, msg := observeExit(clitest.Run(t, newDiffCommand(cli), "nope"))
	assert.Equal(t, code, 1)
	assert.Equal(t, msg, "Error response from daemon: No such container: nope")

	code, msg = observeExit(clitest.Run(t, newDiffCommand(cli), "a", "b"))
	assert.Equal(t, code, 1)
	assert.Equal(t, firstLine(msg), "docker: 'diff' requires 1 argument")
}

// portInspect is an inspect answer with docker's port map for a container with
// published, exposed-only and IPv6 bindings (keys in the engine's string order).
const portInspect = `{"Id":"979826a3d5b0","Name":"/web","NetworkSettings":{"Ports":{` +
	`"1000/udp":[{"HostIp":"127.0.0.1","HostPort":"1000"}],"2000/tcp":[{"HostIp":"::1","HostPort":"2000"}],` +
	`"3000/tcp":null,"8/tcp":[{"HostIp":"0.0.0.0","HostPort":"8"},{"HostIp":"::","HostPort":"8"}],` +
	`"80/tcp":[{"HostIp":"0.0.0.0","HostPort":"32770"},{"HostIp":"::","HostPort":"32769"}],` +
	`"80/udp":[{"HostIp":"0.0.0.0","HostPort":"32770"}]}}}`

func TestPort(t *testing.T) {
	tests := []struct {
		args    []string
		want    string
		wantErr string
	}{
		{args: []string{"web"}, want: "" +
			"8/tcp -> 0.0.0.0:8\n8/tcp -> [::]:8\n" +
			"80/tcp -> 0.0.0.0:32770\n80/tcp -> [::]:32769\n80/udp -> 0.0.0.0:32770\n" +
			"1000/udp -> 127.0.0.1:1000\n2000/tcp -> [::1]:2000\n"},
		{args: []string{"web", "80"}, want: "0.0.0.0:32770\n[::]:32769\n"},
		{args: []string{"web", "80/"}, want: "0.0.0.0:32770\n[::]:32769\n"},
		{args: []string{"web", "80/udp"}, want: "0.0.0.0:32770\n"},
		{args: []string{"web", "2000/tcp"}, want: "[::1]:2000\n"},
		{args: []string{"web", "3000"}, wantErr: "Error: No public port '3000' published for web"},
		{args: []string{"web", "81/udp"}, wantErr: "Error: No public port '81/udp' published for web"},
		{args: []string{"web", "08"}, wantErr: "Error: No public port '08' published for web"},
		{args: []string{"web", "80/TCP"}, wantErr: "Error: No public port '80/TCP' published for web"},
		{args: []string{"web", "99999"}, wantErr: `Error: invalid port (99999): strconv.ParseUint: parsing "99999": value out of range`},
		{args: []string{"web", "/tcp"}, wantErr: `Error: invalid port (): strconv.ParseUint: parsing "": invalid syntax`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			e := fakeengine.New(t)
			e.Expect("GET", "/containers/web/json").Reply(200, portInspect)
			cli := clitest.New(t, e.Host())
			err := clitest.Run(t, newPortCommand(cli), tt.args...)
			if tt.wantErr != "" {
				code, msg := observeExit(err)
				assert.Equal(t, code, 1)
				assert.Equal(t, msg, tt.wantErr)
				assert.Equal(t, cli.OutBuf.String(), "")
				return
			}
			assert.NilError(t, err)
			assert.Equal(t, cli.OutBuf.String(), tt.want)
		})
	}
}

func TestPortErrors(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/containers/nope/json").ReplyError(404, "No such container: nope")
	cli := clitest.New(t, e.Host())
	code, msg := observeExit(clitest.Run(t, newPortCommand(cli), "nope"))
	assert.Equal(t, code, 1)
	assert.Equal(t, msg, "Error response from daemon: No such container: nope")
	code, msg = observeExit(clitest.Run(t, newPortCommand(cli), "a", "1", "2"))
	assert.Equal(t, code, 1)
	assert.Equal(t, firstLine(msg), "docker: 'port' requires at least 1 and at most 2 arguments")
}

func TestStatsNoStreamNamed(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/containers/web/stats").Query("stream", "0").NoQuery("one-shot").
		Reply(200, observeStatsJSON("cdca5f6aaa74de4e5dc672fb6b3269766446f7504ef6a5b05c25373f3d1b10c1", "web", 2<<20, 3))
	e.Expect("GET", "/containers/job/stats").Query("stream", "0").
		Reply(200, `{"read":"0001-01-01T00:00:00Z","name":"/job","id":"70d78e943f6b2c3b","memory_stats":{},"pids_stats":{}}`)
	cli := clitest.New(t, e.Host())
	assert.NilError(t, clitest.Run(t, newStatsCommand(cli), "--no-stream", "web", "job"))
	// In the order named; no escape sequences without streaming.
	assert.Equal(t, cli.OutBuf.String(), ""+
		"CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT   MEM %     NET I/O      BLOCK I/O   PIDS\n"+
		"cdca5f6aaa74   web       10.00%    2MiB / 1GiB         0.20%     1.5kB / 0B   0B / 0B     3\n"+
		"70d78e943f6b   job       0.00%     0B / 0B             0.00%     0B / 0B      0B / 0B     0\n")
}

func TestStatsNoStreamFormats(t *testing.T) {
	sample := observeStatsJSON("cdca5f6aaa74de4e5dc672fb6b3269766446f7504ef6a5b05c25373f3d1b10c1", "web", 2<<20, 3)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--format", "json"}, `{"BlockIO":"0B / 0B","CPUPerc":"10.00%","Container":"w","ID":"cdca5f6aaa74","MemPerc":"0.20%","MemUsage":"2MiB / 1GiB","Name":"web","NetIO":"1.5kB / 0B","PIDs":"1"}` + "\n"},
		{[]string{"--format", "{{.Container}} {{.Name}} {{.ID}}", "--no-trunc"}, "w web cdca5f6aaa74de4e5dc672fb6b3269766446f7504ef6a5b05c25373f3d1b10c1\n"},
		{[]string{"--format", "table {{.Name}}\t{{.PIDs}}"}, "NAME      PIDS\nweb       1\n"},
	}
	for _, tt := range tests {
		e := fakeengine.New(t)
		e.Expect("GET", "/containers/w/stats").Query("stream", "0").Reply(200, strings.Replace(sample, `"current":3`, `"current":1`, 1))
		cli := clitest.New(t, e.Host())
		assert.NilError(t, clitest.Run(t, newStatsCommand(cli), append([]string{"--no-stream"}, append(tt.args, "w")...)...))
		assert.Equal(t, cli.OutBuf.String(), tt.want)
	}
}

func TestStatsNamedErrors(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/containers/nosuch2/stats").ReplyError(404, "No such container: nosuch2")
	e.Expect("GET", "/containers/web/stats").Reply(200, observeStatsJSON("cdca5f6aaa74", "web", 1, 1))
	e.Expect("GET", "/containers/nosuch/stats").ReplyError(404, "No such container: nosuch")
	cli := clitest.New(t, e.Host())
	code, msg := observeExit(clitest.Run(t, newStatsCommand(cli), "--no-stream", "nosuch2", "web", "nosuch"))
	assert.Equal(t, code, 1)
	// Every failure, in the order named, and no table.
	assert.Equal(t, msg, "Error response from daemon: No such container: nosuch2\nError response from daemon: No such container: nosuch")
	assert.Equal(t, cli.OutBuf.String(), "")
}

func TestStatsTemplateError(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/containers/web/stats").Reply(200, observeStatsJSON("cdca5f6aaa74", "web", 1, 1))
	cli := clitest.New(t, e.Host())
	code, msg := observeExit(clitest.Run(t, newStatsCommand(cli), "--no-stream", "--format", "{{.Bogus}}", "web"))
	assert.Equal(t, code, 1)
	assert.Equal(t, msg, `template parsing error: template: :1:2: executing "" at <.Bogus>: can't evaluate field Bogus in type *container.statsContext`)
}

func TestStatsAllRunning(t *testing.T) {
	e := fakeengine.New(t)
	// Events first (so no container is missed), then the list, then one sample each
	// by short ID, in the list's order.
	e.Expect("GET", "/events").Query("filters", `{"type":{"container":true}}`).Reply(200, "")
	e.Expect("GET", "/containers/json").NoQuery("all").
		Reply(200, `[{"Id":"bbbbbbbbbbbb2222"},{"Id":"aaaaaaaaaaaa1111"}]`)
	e.Expect("GET", "/containers/bbbbbbbbbbbb/stats").Query("stream", "0").Reply(200, observeStatsJSON("bbbbbbbbbbbb2222", "two", 1, 1))
	e.Expect("GET", "/containers/aaaaaaaaaaaa/stats").Query("stream", "0").Reply(200, observeStatsJSON("aaaaaaaaaaaa1111", "one", 1, 1))
	cli := clitest.New(t, e.Host())
	assert.NilError(t, clitest.Run(t, newStatsCommand(cli), "--no-stream", "--format", "{{.Container}} {{.Name}}"))
	assert.Equal(t, cli.OutBuf.String(), "bbbbbbbbbbbb two\naaaaaaaaaaaa one\n")
}

func TestStatsAllWithStopped(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/events").Reply(200, "")
	e.Expect("GET", "/containers/json").Query("all", "1").Reply(200, `[{"Id":"aaaaaaaaaaaa1111"}]`)
	e.Expect("GET", "/containers/aaaaaaaaaaaa/stats").Reply(200, observeStatsJSON("aaaaaaaaaaaa1111", "one", 1, 1))
	cli := clitest.New(t, e.Host())
	assert.NilError(t, clitest.Run(t, newStatsCommand(cli), "--no-stream", "-a", "--format", "{{.Name}}"))
	assert.Equal(t, cli.OutBuf.String(), "one\n")
}

func TestStatsLive(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/containers/web/stats").Query("stream", "1").
		ReplyFunc(observeStreamStats(observeStatsJSON("cdca5f6aaa74", "web", 1<<20, 2)))
	cli := clitest.New(t, e.Host(), clitest.Options{Terminal: true})
	ctx, cancel := context.WithTimeout(context.Background(), 1200*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := runStats(ctx, cli, &statsOptions{containers: []string{"web"}, format: "table {{.Name}}\t{{.PIDs}}"})
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	frames := observeFrames(cli.OutBuf.String())
	// Drawn at once (the sample is there), then every 500 ms: 3 frames in 1.2 s (2 on a
	// machine slow enough to take 200 ms for the first sample).
	assert.Assert(t, len(frames) == 3 || len(frames) == 2, "frames: %q (%s)", frames, time.Since(start))
	assert.Equal(t, frames[0], ""+
		"\x1b[HNAME      PIDS\nweb       2\n"+
		"\x1b[HNAME      PIDS \x1b[K\nweb       2 \x1b[K\n \x1b[K\n\x1b[J")
}

// A collector that loses its stream shows "--" values but keeps the name.
func TestStatsLiveStreamEnds(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/containers/web/stats").Query("stream", "1").Reply(200, observeStatsJSON("cdca5f6aaa74", "web", 1<<20, 2))
	cli := clitest.New(t, e.Host())
	ctx, cancel := context.WithTimeout(context.Background(), 700*time.Millisecond)
	defer cancel()
	err := runStats(ctx, cli, &statsOptions{containers: []string{"web"}, format: "{{.Name}} {{.CPUPerc}} {{.MemUsage}}"})
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	frames := observeFrames(cli.OutBuf.String())
	assert.Assert(t, len(frames) >= 1)
	last := frames[len(frames)-1]
	assert.Equal(t, last, "\x1b[Hweb -- -- / --\n\x1b[Hweb -- -- / -- \x1b[K\n \x1b[K\n\x1b[J")
}

// With no names the live table follows the engine's events: a container that starts is
// added, one that dies is dropped.
func TestStatsLiveFollowsEvents(t *testing.T) {
	e := fakeengine.New(t)
	newStarted, aaaStarted := make(chan struct{}), make(chan struct{})
	e.Expect("GET", "/events").ReplyFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(200)
		fmt.Fprintln(w, `{"Type":"container","Action":"start","Actor":{"ID":"cccccccccccc3333"}}`)
		w.(http.Flusher).Flush()
		// aaa dies once both stats are being read.
		for _, started := range []chan struct{}{newStarted, aaaStarted} {
			select {
			case <-started:
			case <-r.Context().Done():
				return
			}
		}
		fmt.Fprintln(w, `{"Type":"container","Action":"die","Actor":{"ID":"aaaaaaaaaaaa1111"}}`)
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	})
	e.Expect("GET", "/containers/json").Reply(200, `[{"Id":"aaaaaaaaaaaa1111"}]`)
	e.Expect("GET", "/containers/aaaaaaaaaaaa/stats").Query("stream", "1").ReplyFunc(func(w http.ResponseWriter, r *http.Request) {
		close(aaaStarted)
		observeStreamStats(observeStatsJSON("aaaaaaaaaaaa1111", "one", 1, 1))(w, r)
	})
	e.Expect("GET", "/containers/cccccccccccc/stats").Query("stream", "1").ReplyFunc(func(w http.ResponseWriter, r *http.Request) {
		close(newStarted)
		observeStreamStats(observeStatsJSON("cccccccccccc3333", "three", 1, 1))(w, r)
	})
	cli := clitest.New(t, e.Host())
	ctx, cancel := context.WithTimeout(context.Background(), 1300*time.Millisecond)
	defer cancel()
	err := runStats(ctx, cli, &statsOptions{format: "{{.Container}} {{.Name}}"})
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	frames := observeFrames(cli.OutBuf.String())
	last := frames[len(frames)-1]
	assert.Equal(t, last, "\x1b[Hcccccccccccc three\n\x1b[Hcccccccccccc three \x1b[K\n \x1b[K\n\x1b[J")
}

// FuzzPortLookupKey: any PRIVATE_PORT[/PROTO] argument gives a key or docker's error,
// never a panic; a key always has the number docker accepted and a protocol.
func FuzzPortLookupKey(f *testing.F) {
	for _, s := range []string{"80", "80/udp", "80/", "/tcp", "08", "99999", "+8", "8/tcp/x", "", "65535/sctp"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, arg string) {
		key, err := portLookupKey(arg)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "Error: invalid port (") {
				t.Fatalf("%q: %v", arg, err)
			}
			return
		}
		port, proto, ok := strings.Cut(key, "/")
		if !ok || proto == "" || !strings.HasPrefix(arg, port) {
			t.Fatalf("%q: key %q", arg, key)
		}
	})
}

// FuzzPortKeyLess: the listing order is a strict weak order whatever keys the engine
// sends (sort.Slice needs it).
func FuzzPortKeyLess(f *testing.F) {
	f.Add("80/tcp", "8/udp", "x/tcp")
	f.Add("1", "010", "0A") // once not transitive: numbered and unnumbered keys mixed
	f.Fuzz(func(t *testing.T, a, b, c string) {
		if portKeyLess(a, a) {
			t.Fatalf("%q < itself", a)
		}
		if portKeyLess(a, b) && portKeyLess(b, a) {
			t.Fatalf("%q and %q both less", a, b)
		}
		if portKeyLess(a, b) && portKeyLess(b, c) && !portKeyLess(a, c) {
			t.Fatalf("not transitive: %q %q %q", a, b, c)
		}
	})
}

// config.json's statsFormat is the default format; --format wins over it.
func TestStatsConfigFormat(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{nil, "NAME      PIDS\nweb       3\n"},
		{[]string{"--format", "{{.Container}}"}, "w\n"},
	} {
		e := fakeengine.New(t)
		e.Expect("GET", "/containers/w/stats").Reply(200, observeStatsJSON("cdca5f6aaa74", "web", 1, 3))
		cli := clitest.New(t, e.Host())
		assert.NilError(t, os.WriteFile(filepath.Join(os.Getenv("DOCKER_CONFIG"), "config.json"),
			[]byte(`{"statsFormat": "table {{.Name}}\t{{.PIDs}}"}`), 0o600))
		assert.NilError(t, clitest.Run(t, newStatsCommand(cli), append(append([]string{"--no-stream"}, tt.args...), "w")...))
		assert.Equal(t, cli.OutBuf.String(), tt.want)
	}
}
