package container

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"regexp"
	"testing"

	"gotest.tools/v3/assert"

	"github.com/skiff-cli/skiff/client/fakeengine"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/commands/clitest"
)

// TestRunOldEngines: run against engines of API 1.18-1.29, whose wait answers only at
// the exit, follows the container's events as docker 28 does (filters as lists below
// 1.22); below 1.25 --rm is the client's (AutoRemove sent false, DELETE ?v=1 after the
// die, the wait going on to the destroy). Below 1.22 the die event has no exit code
// (docker 28 exits 125 there): skiff reads it from the container's state.
func TestRunOldEngines(t *testing.T) {
	for _, tc := range []struct {
		version string
		rm      bool
	}{
		{"1.18", false}, {"1.18", true}, {"1.21", false}, {"1.21", true},
		{"1.22", false}, {"1.23", true}, {"1.24", true}, {"1.25", true}, {"1.29", false},
	} {
		t.Run(fmt.Sprintf("%s rm=%v", tc.version, tc.rm), func(t *testing.T) {
			legacyEvents := tc.version < "1.22"
			clientRemoves := tc.rm && tc.version < "1.25"
			filters := `{"container":{"` + runTestID + `":true},"type":{"container":true}}`
			if legacyEvents {
				filters = `{"container":["` + runTestID + `"],"type":["container"]}`
			}
			e := fakeengine.New(t)
			e.APIVersion = tc.version
			started, removed := make(chan struct{}), make(chan struct{})
			e.Expect("POST", "/containers/create").Version(tc.version).BodyField("HostConfig.AutoRemove", tc.rm && !clientRemoves).
				Reply(201, `{"Id":"`+runTestID+`"}`)
			e.Expect("POST", "/containers/"+runTestID+"/attach").Query("stream", "1").
				ReplyHijack("application/vnd.docker.raw-stream", func(conn net.Conn, in *bufio.Reader) {
					<-started
					_, _ = conn.Write(streamFrame(1, "hi\n"))
				})
			e.Expect("GET", "/events").Query("filters", filters).ReplyFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(200)
				w.(http.Flusher).Flush()
				<-started
				if legacyEvents {
					fmt.Fprintf(w, `{"status":"die","id":%q,"from":"bb","time":1}`+"\n", runTestID)
				} else {
					fmt.Fprintf(w, `{"status":"die","id":%q,"from":"bb","Type":"container","Action":"die","Actor":{"ID":%q,"Attributes":{"exitCode":"4"}},"time":1}`+"\n", runTestID, runTestID)
				}
				w.(http.Flusher).Flush()
				if !tc.rm {
					return
				}
				if clientRemoves {
					<-removed
				}
				fmt.Fprintf(w, `{"status":"destroy","id":%q,"Type":"container","Action":"destroy","Actor":{"ID":%q},"time":2}`+"\n", runTestID, runTestID)
			})
			e.Expect("POST", "/containers/"+runTestID+"/start").ReplyFunc(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(204)
				close(started)
			})
			if legacyEvents {
				e.Expect("GET", "/containers/"+runTestID+"/json").Reply(200, `{"Id":"`+runTestID+`","State":{"Status":"exited","ExitCode":4}}`)
			}
			if clientRemoves {
				e.Expect("DELETE", "/containers/"+runTestID).Query("v", "1").ReplyFunc(func(w http.ResponseWriter, r *http.Request) {
					w.WriteHeader(204)
					close(removed)
				})
			}
			cli := clitest.New(t, e.Host())
			args := []string{"bb"}
			if tc.rm {
				args = append([]string{"--rm"}, args...)
			}
			err := clitest.Run(t, newRunCommand(cli), args...)
			assert.Equal(t, commands.ExitCode(err), 4)
			assert.Equal(t, cli.OutBuf.String(), "hi\n")
			assert.Equal(t, cli.ErrBuf.String(), "")
		})
	}
}

// TestRunRmEventsEndAfterDie: below API 1.25, when the events stream ends after the
// die while --rm waits for the destroy, docker 28 logs the error and still exits with
// the die's code (observed: exit 4 and `level=error msg="error getting events from
// daemon: EOF"`).
func TestRunRmEventsEndAfterDie(t *testing.T) {
	e := fakeengine.New(t)
	e.APIVersion = "1.24"
	started, removed := make(chan struct{}), make(chan struct{})
	e.Expect("POST", "/containers/create").Reply(201, `{"Id":"`+runTestID+`"}`)
	e.Expect("POST", "/containers/"+runTestID+"/attach").ReplyHijack("", func(conn net.Conn, in *bufio.Reader) { <-started })
	e.Expect("GET", "/events").ReplyFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(200)
		w.(http.Flusher).Flush()
		<-started
		fmt.Fprintf(w, `{"Type":"container","Action":"die","Actor":{"ID":%q,"Attributes":{"exitCode":"4"}}}`+"\n", runTestID)
		w.(http.Flusher).Flush()
		<-removed // then the stream ends, before the destroy
	})
	e.Expect("POST", "/containers/"+runTestID+"/start").ReplyFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(204)
		close(started)
	})
	e.Expect("DELETE", "/containers/"+runTestID).Query("v", "1").ReplyFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(204)
		close(removed)
	})
	cli := clitest.New(t, e.Host())
	err := clitest.Run(t, newRunCommand(cli), "--rm", "bb")
	assert.Equal(t, commands.ExitCode(err), 4)
	assert.Assert(t, regexp.MustCompile(`^time="[^"]+" level=error msg="error getting events from daemon: EOF"\n$`).MatchString(cli.ErrBuf.String()), cli.ErrBuf.String())
}

// TestRunDetachedOldEngines: run -d below API 1.30 follows the container's events
// before the start, as docker 28 does, instead of a wait the engine would answer only
// at the exit; the events refused are logged and the run still succeeds (observed:
// exit 0, the ID printed).
func TestRunDetachedOldEngines(t *testing.T) {
	for _, refuse := range []bool{false, true} {
		t.Run(fmt.Sprintf("refused=%v", refuse), func(t *testing.T) {
			e := fakeengine.New(t)
			e.APIVersion = "1.24"
			e.Expect("POST", "/containers/create").Reply(201, `{"Id":"`+runTestID+`"}`)
			ev := e.Expect("GET", "/events").Query("filters", `{"container":{"`+runTestID+`":true},"type":{"container":true}}`)
			if refuse {
				ev.ReplyError(500, "events refused")
			} else {
				ev.ReplyFunc(func(w http.ResponseWriter, r *http.Request) {
					w.WriteHeader(200)
					w.(http.Flusher).Flush()
					<-r.Context().Done() // until the client goes
				})
			}
			e.Expect("POST", "/containers/"+runTestID+"/start").Reply(204, nil)
			cli := clitest.New(t, e.Host())
			err := clitest.Run(t, newRunCommand(cli), "-d", "bb")
			assert.NilError(t, err)
			assert.Equal(t, cli.OutBuf.String(), runTestID+"\n")
			wantErr := `^$`
			if refuse {
				wantErr = `^time="[^"]+" level=error msg="error getting events from daemon: Error response from daemon: events refused"\n$`
			}
			assert.Assert(t, regexp.MustCompile(wantErr).MatchString(cli.ErrBuf.String()), cli.ErrBuf.String())
		})
	}
}
