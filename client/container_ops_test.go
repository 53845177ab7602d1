package client

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/moby/moby/api/types/container"

	"github.com/skiff-cli/skiff/client/fakeengine"
)

func TestContainerOpsQueries(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("POST", "/containers/a/stop").Query("t", "3").NoQuery("signal").Reply(204, nil)
	e.Expect("POST", "/containers/b/stop").NoQuery("t").NoQuery("signal").Reply(304, nil)
	e.Expect("POST", "/containers/a/restart").Query("t", "-1").NoQuery("signal").Reply(204, nil)
	e.Expect("POST", "/containers/a/kill").Query("signal", "HUP").Reply(204, nil)
	e.Expect("POST", "/containers/b/kill").NoQuery("signal").Reply(204, nil)
	e.Expect("DELETE", "/containers/a").Query("force", "1").Query("v", "1").Query("link", "1").Reply(204, nil)
	e.Expect("DELETE", "/containers/b").NoQuery("force").NoQuery("v").NoQuery("link").Reply(204, nil)
	e.Expect("POST", "/containers/a/pause").Reply(204, nil)
	e.Expect("POST", "/containers/a/unpause").Reply(204, nil)
	e.Expect("POST", "/containers/a/rename").Query("name", "new name").Reply(204, nil)
	e.Expect("POST", "/containers/prune").Query("filters", `{"label":{"x=1":true}}`).
		Reply(200, container.PruneReport{ContainersDeleted: []string{"c1"}, SpaceReclaimed: 42})
	c := newTestClient(t, e, Options{})
	ctx := context.Background()
	three, minus := 3, -1
	// a 1.41 engine never sees the signal (the reference drops it too)
	check := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	check(c.ContainerStop(ctx, "a", StopOptions{Timeout: &three, Signal: "TERM"}))
	check(c.ContainerStop(ctx, "b", StopOptions{}))
	check(c.ContainerRestart(ctx, "a", StopOptions{Timeout: &minus, Signal: "TERM"}))
	check(c.ContainerKill(ctx, "a", "HUP"))
	check(c.ContainerKill(ctx, "b", ""))
	check(c.ContainerRemove(ctx, "a", RemoveOptions{Force: true, RemoveVolumes: true, RemoveLinks: true}))
	check(c.ContainerRemove(ctx, "b", RemoveOptions{}))
	check(c.ContainerPause(ctx, "a"))
	check(c.ContainerUnpause(ctx, "a"))
	check(c.ContainerRename(ctx, "a", "new name"))
	rep, err := c.ContainerPrune(ctx, Filters{"label": {"x=1"}})
	if err != nil || rep.SpaceReclaimed != 42 || len(rep.ContainersDeleted) != 1 {
		t.Fatal(rep, err)
	}
}

func TestContainerStopSignalNewAPI(t *testing.T) {
	e := fakeengine.New(t)
	e.APIVersion = "1.47"
	e.Expect("POST", "/containers/a/stop").Query("signal", "SIGINT").Query("t", "0").Reply(204, nil)
	e.Expect("POST", "/containers/a/restart").Query("signal", "SIGINT").NoQuery("t").Reply(204, nil)
	c := newTestClient(t, e, Options{})
	zero := 0
	if err := c.ContainerStop(context.Background(), "a", StopOptions{Signal: "SIGINT", Timeout: &zero}); err != nil {
		t.Fatal(err)
	}
	if err := c.ContainerRestart(context.Background(), "a", StopOptions{Signal: "SIGINT"}); err != nil {
		t.Fatal(err)
	}
}

func TestContainerOpsErrors(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("POST", "/containers/nope/stop").ReplyError(404, "No such container: nope")
	e.Expect("DELETE", "/containers/run").ReplyError(409, "cannot remove container \"/run\": container is running: stop the container before removing or force remove")
	c := newTestClient(t, e, Options{})
	err := c.ContainerStop(context.Background(), "nope", StopOptions{})
	if !IsNotFound(err) || err.Error() != "Error response from daemon: No such container: nope" {
		t.Fatal(err)
	}
	if err := c.ContainerRemove(context.Background(), "run", RemoveOptions{}); !IsConflict(err) {
		t.Fatal(err)
	}
}

func TestContainerWaitHeadersBeforeReturn(t *testing.T) {
	e := fakeengine.New(t)
	release := make(chan struct{})
	e.Expect("POST", "/containers/a/wait").Query("condition", "next-exit").ReplyFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(200)
		w.(http.Flusher).Flush()
		<-release
		io.WriteString(w, `{"StatusCode":3}`+"\n")
	})
	c := newTestClient(t, e, Options{})
	resC, errC := c.ContainerWait(context.Background(), "a", "next-exit")
	// returned with the headers only: nothing is delivered yet
	select {
	case r := <-resC:
		t.Fatalf("result before body: %+v", r)
	case err := <-errC:
		t.Fatalf("error before body: %v", err)
	default:
	}
	close(release)
	select {
	case r := <-resC:
		if r.StatusCode != 3 {
			t.Fatalf("%+v", r)
		}
	case err := <-errC:
		t.Fatal(err)
	case <-time.After(5 * time.Second):
		t.Fatal("no result")
	}
}

func TestContainerWaitErrors(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("POST", "/containers/nope/wait").NoQuery("condition").ReplyError(404, "No such container: nope")
	e.Expect("POST", "/containers/a/wait").Reply(200, `{"StatusCode":1,"Error":{"Message":"removal failed"}}`)
	e.Expect("POST", "/containers/b/wait").Reply(200, `{"StatusCo`)
	c := newTestClient(t, e, Options{})
	ctx := context.Background()

	resC, errC := c.ContainerWait(ctx, "nope", "")
	select {
	case err := <-errC:
		if !IsNotFound(err) {
			t.Fatal(err)
		}
	default:
		t.Fatal("an error before headers must be on the channel when ContainerWait returns")
	}
	if len(resC) != 0 {
		t.Fatal("result too")
	}

	_, errC = c.ContainerWait(ctx, "a", "")
	var we *WaitError
	if err := <-errC; !errors.As(err, &we) || we.Message != "removal failed" || we.StatusCode != 1 {
		t.Fatal(err)
	}

	_, errC = c.ContainerWait(ctx, "b", "")
	if err := <-errC; err == nil || !strings.Contains(err.Error(), "unexpected") {
		t.Fatal(err)
	}
}

func TestContainerWaitContextCancel(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("POST", "/containers/a/wait").ReplyFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(200)
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	})
	c := newTestClient(t, e, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	_, errC := c.ContainerWait(ctx, "a", "")
	cancel()
	select {
	case err := <-errC:
		if !errors.Is(err, context.Canceled) {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("wait did not end with its context")
	}
}

func TestContainerLogsStreams(t *testing.T) {
	e := fakeengine.New(t)
	next := make(chan struct{})
	e.Expect("GET", "/containers/a/logs").Query("stdout", "1").Query("stderr", "1").Query("since", "1700000000").
		Query("until", "1700000100.000000000").Query("timestamps", "1").Query("details", "1").Query("follow", "1").
		Query("tail", "all").ReplyFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(200)
		io.WriteString(w, "first")
		w.(http.Flusher).Flush()
		<-next
		io.WriteString(w, "second")
	})
	e.Expect("GET", "/containers/b/logs").Query("stdout", "1").NoQuery("stderr").NoQuery("since").NoQuery("until").
		NoQuery("timestamps").NoQuery("details").NoQuery("follow").NoQuery("tail").Reply(200, "x")
	c := newTestClient(t, e, Options{})
	ctx := context.Background()
	rc, err := c.ContainerLogs(ctx, "a", LogsOptions{Follow: true, Timestamps: true, Details: true, ShowStdout: true,
		ShowStderr: true, Since: "1700000000", Until: "1700000100.000000000", Tail: "all"})
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 5)
	if _, err := io.ReadFull(rc, buf); err != nil || string(buf) != "first" {
		t.Fatal(string(buf), err) // delivered before the body ends: not buffered
	}
	close(next)
	rest, err := io.ReadAll(rc)
	rc.Close()
	if err != nil || string(rest) != "second" {
		t.Fatal(string(rest), err)
	}
	rc, err = c.ContainerLogs(ctx, "b", LogsOptions{ShowStdout: true})
	if err != nil {
		t.Fatal(err)
	}
	rc.Close()
}

func TestContainerCommitAndExport(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("POST", "/commit").Query("container", "a").Query("repo", "localhost:5000/x/y").Query("tag", "v1").
		Query("comment", "msg").Query("author", "me").Query("changes", "CMD ls").Query("changes", "ENV a=b").
		NoQuery("pause").BodyField("Cmd.0", "ls").Reply(201, container.CommitResponse{ID: "sha256:abc"})
	e.Expect("POST", "/commit").Query("container", "b").Query("repo", "").Query("tag", "").Query("author", "").Query("comment", "").Query("pause", "0").
		Reply(201, container.CommitResponse{ID: "sha256:def"})
	e.Expect("GET", "/containers/a/export").Reply(200, "tar bytes")
	e.Expect("GET", "/containers/nope/export").ReplyError(404, "No such container: nope")
	c := newTestClient(t, e, Options{})
	ctx := context.Background()
	id, err := c.ContainerCommit(ctx, "a", CommitOptions{Repo: "localhost:5000/x/y", Tag: "v1", Comment: "msg", Author: "me",
		Changes: []string{"CMD ls", "ENV a=b"}, Pause: true, Config: &container.Config{Cmd: []string{"ls"}}})
	if err != nil || id != "sha256:abc" {
		t.Fatal(id, err)
	}
	if id, err = c.ContainerCommit(ctx, "b", CommitOptions{}); err != nil || id != "sha256:def" {
		t.Fatal(id, err)
	}
	rc, err := c.ContainerExport(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(rc)
	rc.Close()
	if string(b) != "tar bytes" {
		t.Fatal(string(b))
	}
	if _, err := c.ContainerExport(ctx, "nope"); !IsNotFound(err) {
		t.Fatal(err)
	}
}

// As docker's client, the container verbs trim spaces around the name or ID, refuse an
// empty one before any request (not even the version ping), and send a cleaned path
// ("/a" and "a/" address a).
func TestContainerOpsTrimID(t *testing.T) {
	e := fakeengine.New(t) // no request is expected: any is a failure
	c := newTestClient(t, e, Options{})
	ctx := context.Background()
	for _, id := range []string{"", " ", "\t\n"} {
		_, errC := c.ContainerWait(ctx, id, "")
		_, _, cfErr := c.CopyFromContainer(ctx, id, "/")
		_, spErr := c.ContainerStatPath(ctx, id, "/")
		_, topErr := c.ContainerTop(ctx, id, nil)
		_, chErr := c.ContainerChanges(ctx, id)
		_, stErr := c.ContainerStats(ctx, id, false, true)
		_, logErr := c.ContainerLogs(ctx, id, LogsOptions{})
		_, cmErr := c.ContainerCommit(ctx, id, CommitOptions{})
		_, exErr := c.ContainerExport(ctx, id)
		for i, err := range []error{
			c.ContainerStop(ctx, id, StopOptions{}), c.ContainerRestart(ctx, id, StopOptions{}),
			c.ContainerKill(ctx, id, ""), c.ContainerRemove(ctx, id, RemoveOptions{}),
			c.ContainerPause(ctx, id), c.ContainerUnpause(ctx, id), c.ContainerRename(ctx, id, "x"),
			<-errC, cfErr, spErr, c.CopyToContainer(ctx, id, "/", strings.NewReader(""), CopyToContainerOptions{}),
			topErr, chErr, stErr, logErr, cmErr, exErr,
		} {
			if err == nil || err.Error() != "invalid container name or ID: value is empty" || !IsInvalidParameter(err) {
				t.Errorf("%q #%d: %v", id, i, err)
			}
		}
	}
	if _, err := TrimContainerID(" a\t"); err != nil {
		t.Fatal(err)
	}

	e2 := fakeengine.New(t)
	e2.Expect("POST", "/containers/a/kill").Reply(204, nil)
	e2.Expect("POST", "/containers/b/pause").Reply(204, nil)
	e2.Expect("DELETE", "/containers/c").Reply(204, nil)
	c2 := newTestClient(t, e2, Options{})
	for _, err := range []error{c2.ContainerKill(ctx, " /a ", ""), c2.ContainerPause(ctx, "b/"), c2.ContainerRemove(ctx, "//c", RemoveOptions{})} {
		if err != nil {
			t.Error(err)
		}
	}
}
