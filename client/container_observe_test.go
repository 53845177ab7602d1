package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/moby/moby/api/types/container"

	"github.com/skiff-cli/skiff/client/fakeengine"
)

func TestContainerTopAndChanges(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/containers/web/top").Query("ps_args", "-o pid,comm").
		Reply(200, `{"Titles":["PID","COMMAND"],"Processes":[["1","sleep"]]}`)
	e.Expect("GET", "/containers/web/top").NoQuery("ps_args").Reply(200, `{"Titles":["PID"],"Processes":[]}`)
	e.Expect("GET", "/containers/web/changes").Reply(200, `[{"Path":"/tmp","Kind":0},{"Path":"/bin/vi","Kind":2}]`)
	e.Expect("GET", "/containers/nope/changes").ReplyError(404, "No such container: nope")
	c := newTestClient(t, e, Options{})
	ctx := context.Background()

	top, err := c.ContainerTop(ctx, "web", []string{"-o", "pid,comm"})
	if err != nil || len(top.Processes) != 1 || top.Titles[1] != "COMMAND" {
		t.Fatal(top, err)
	}
	if _, err := c.ContainerTop(ctx, "web", nil); err != nil {
		t.Fatal(err)
	}
	ch, err := c.ContainerChanges(ctx, "web")
	if err != nil || len(ch) != 2 || ch[1].Kind != container.ChangeDelete || ch[1].Path != "/bin/vi" {
		t.Fatal(ch, err)
	}
	if _, err := c.ContainerChanges(ctx, "nope"); !IsNotFound(err) || err.Error() != "Error response from daemon: No such container: nope" {
		t.Fatal(err)
	}
}

// ContainerStats hands back the open stream: samples are decoded as they come, and the
// query is docker's (stream=1 / stream=0, one-shot only when asked for).
func TestContainerStats(t *testing.T) {
	e := fakeengine.New(t)
	next := make(chan struct{})
	e.Expect("GET", "/containers/web/stats").Query("stream", "1").NoQuery("one-shot").
		ReplyFunc(func(w http.ResponseWriter, r *http.Request) {
			for i := 1; i <= 2; i++ {
				fmt.Fprintf(w, `{"id":"abc","pids_stats":{"current":%d}}`+"\n", i)
				w.(http.Flusher).Flush()
				select { // the second sample only once the first was decoded
				case <-next:
				case <-r.Context().Done():
					return
				}
			}
		})
	e.Expect("GET", "/containers/web/stats").Query("stream", "0").NoQuery("one-shot").Reply(200, `{"id":"abc"}`)
	e.Expect("GET", "/containers/web/stats").Query("stream", "0").Query("one-shot", "1").Reply(200, `{"id":"abc"}`)
	e.Expect("GET", "/containers/nope/stats").ReplyError(404, "No such container: nope")
	c := newTestClient(t, e, Options{})
	ctx := context.Background()

	body, err := c.ContainerStats(ctx, "web", true, false)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(body)
	for want := uint64(1); want <= 2; want++ {
		var s container.StatsResponse
		if err := dec.Decode(&s); err != nil || s.PidsStats.Current != want {
			t.Fatalf("sample %d: %+v %v", want, s.PidsStats, err)
		}
		next <- struct{}{}
	}
	body.Close()

	for _, oneShot := range []bool{false, true} {
		body, err := c.ContainerStats(ctx, "web", false, oneShot)
		if err != nil {
			t.Fatal(err)
		}
		body.Close()
	}
	if _, err := c.ContainerStats(ctx, "nope", true, false); !IsNotFound(err) {
		t.Fatal(err)
	}
}
