package client

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/image"
	"github.com/moby/moby/api/types/network"
	"github.com/moby/moby/api/types/volume"

	"github.com/skiff-cli/skiff/client/fakeengine"
)

func TestListEndpointsQueries(t *testing.T) {
	e := fakeengine.New(t)
	// queries as the reference client sends them to a 1.41 engine
	e.Expect("GET", "/containers/json").Query("all", "1").Query("limit", "3").Query("size", "1").
		Query("filters", `{"name":{"x":true,"y":true}}`).Reply(200, []container.Summary{{ID: "c1", Names: []string{"/a"}}})
	e.Expect("GET", "/containers/json").NoQuery("all").NoQuery("limit").NoQuery("size").NoQuery("filters").Reply(200, "[]")
	e.Expect("GET", "/images/json").Query("all", "1").Query("filters", `{"dangling":{"true":true}}`).
		NoQuery("shared-size").NoQuery("manifests").Reply(200, []image.Summary{{ID: "sha256:1"}})
	e.Expect("GET", "/networks").Query("filters", `{"driver":{"bridge":true}}`).Reply(200, []network.Summary{{Network: network.Network{Name: "bridge"}}})
	e.Expect("GET", "/volumes").Query("filters", `{"dangling":{"true":true}}`).Reply(200, volume.ListResponse{Volumes: []volume.Volume{{Name: "v"}}})
	c := newTestClient(t, e, Options{})
	ctx := context.Background()

	cs, err := c.ContainerList(ctx, ContainerListOptions{All: true, Limit: 3, Size: true, Filters: Filters{"name": {"y", "x"}}})
	if err != nil || len(cs) != 1 || cs[0].ID != "c1" {
		t.Fatal(cs, err)
	}
	if cs, err = c.ContainerList(ctx, ContainerListOptions{Limit: -1}); err != nil || len(cs) != 0 {
		t.Fatal(cs, err)
	}
	ims, err := c.ImageList(ctx, ImageListOptions{All: true, SharedSize: true, Manifests: true, Filters: Filters{"dangling": {"true"}}})
	if err != nil || len(ims) != 1 {
		t.Fatal(ims, err)
	}
	nets, err := c.NetworkList(ctx, Filters{"driver": {"bridge"}})
	if err != nil || len(nets) != 1 || nets[0].Name != "bridge" {
		t.Fatal(nets, err)
	}
	vols, err := c.VolumeList(ctx, Filters{"dangling": {"true"}})
	if err != nil || len(vols.Volumes) != 1 {
		t.Fatal(vols, err)
	}
}

func TestImageListNewerAPIFlags(t *testing.T) {
	e := fakeengine.New(t)
	e.APIVersion = "1.50"
	e.Expect("GET", "/images/json").Query("shared-size", "1").Query("manifests", "1").Reply(200, "[]")
	c := newTestClient(t, e, Options{})
	if _, err := c.ImageList(context.Background(), ImageListOptions{SharedSize: true, Manifests: true}); err != nil {
		t.Fatal(err)
	}
}

func TestInspectEndpointsReturnRaw(t *testing.T) {
	e := fakeengine.New(t)
	craw := `{"Id":"abc","Name":"/x","Future":{"a":1}}`
	e.Expect("GET", "/containers/abc/json").Query("size", "1").Reply(200, craw)
	e.Expect("GET", "/containers/abc/json").NoQuery("size").Reply(200, craw)
	e.Expect("GET", "/images/registry:5000/a/b:tag/json").Reply(200, `{"Id":"sha256:1","RepoTags":["a/b:tag"]}`)
	e.Expect("GET", "/images/bb/history").Reply(200, []image.HistoryResponseItem{{ID: "sha256:1", CreatedBy: "x"}})
	e.Expect("GET", "/networks/n1").Query("verbose", "true").Query("scope", "local").Reply(200, `{"Name":"n1","Id":"1","IPAM":{"Config":[{"Subnet":"172.18.0.0/16","Gateway":"172.18.0.1"}]},"Containers":{"c":{"MacAddress":"","IPv4Address":"172.18.0.2/16"}}}`)
	e.Expect("GET", "/networks/n2").NoQuery("verbose").NoQuery("scope").Reply(200, `{"Name":"n2"}`)
	e.Expect("GET", "/volumes/v1").Reply(200, `{"Name":"v1","Driver":"local","CreatedAt":"2026-11-23T19:03:31Z"}`)
	e.Expect("GET", "/volumes/nope").ReplyError(404, "get nope: no such volume")
	c := newTestClient(t, e, Options{})
	ctx := context.Background()

	ci, raw, err := c.ContainerInspect(ctx, "abc", true)
	if err != nil || ci.ID != "abc" || string(raw) != craw {
		t.Fatal(ci.ID, string(raw), err)
	}
	if _, _, err := c.ContainerInspect(ctx, "abc", false); err != nil {
		t.Fatal(err)
	}
	ii, _, err := c.ImageInspect(ctx, "registry:5000/a/b:tag")
	if err != nil || ii.ID != "sha256:1" {
		t.Fatal(ii, err)
	}
	h, err := c.ImageHistory(ctx, "bb")
	if err != nil || len(h) != 1 || h[0].CreatedBy != "x" {
		t.Fatal(h, err)
	}
	ni, nraw, err := c.NetworkInspect(ctx, "n1", true, "local")
	if err != nil || ni.Name != "n1" || len(ni.IPAM.Config) != 1 || len(nraw) == 0 {
		t.Fatal(ni, err)
	}
	if _, _, err := c.NetworkInspect(ctx, "n2", false, ""); err != nil {
		t.Fatal(err)
	}
	v, _, err := c.VolumeInspect(ctx, "v1")
	if err != nil || v.Name != "v1" {
		t.Fatal(v, err)
	}
	_, _, err = c.VolumeInspect(ctx, "nope")
	if !IsNotFound(err) || err.Error() != "Error response from daemon: get nope: no such volume" {
		t.Fatal(err)
	}
}

// A /system/df answer of a 1.41 engine (trimmed from the real one).
const df141 = `{"LayersSize":1984241,"Images":[{"Containers":12,"Created":1795460474,"Id":"sha256:0520","Labels":null,"ParentId":"","RepoDigests":null,"RepoTags":["bb:latest"],"SharedSize":1984241,"Size":1984241,"VirtualSize":1984241}],
"Containers":[{"Id":"b720","Names":["/skf-c12"],"Image":"0520ff","ImageID":"sha256:0520","Command":"true","Created":1795460831,"Ports":[],"SizeRootFs":1984241,"Labels":{},"State":"created","Status":"Created","HostConfig":{"NetworkMode":"default"},"NetworkSettings":{"Networks":{"bridge":{"IPAMConfig":null,"Links":null,"Aliases":null,"NetworkID":"","EndpointID":"","Gateway":"","IPAddress":"","IPPrefixLen":0,"IPv6Gateway":"","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"MacAddress":"","DriverOpts":null}}},"Mounts":[]}],
"Volumes":[{"CreatedAt":"2026-11-23T19:03:31Z","Driver":"local","Labels":{"x":"y"},"Mountpoint":"/var/lib/docker/volumes/skf-vol1/_data","Name":"skf-vol1","Options":null,"Scope":"local","UsageData":{"RefCount":1,"Size":0}}],
"BuildCache":[{"ID":"k1","Parent":"k0","Type":"regular","Description":"x","InUse":false,"Shared":true,"Size":10,"CreatedAt":"2026-11-23T19:03:31Z","LastUsedAt":null,"UsageCount":2}],"BuilderSize":0}`

// The v1.52+ shape.
const df152 = `{"ImageUsage":{"ActiveCount":1,"TotalCount":1,"TotalSize":500,"Reclaimable":0,"Items":[{"Id":"sha256:1","Containers":1,"Size":500}]},
"ContainerUsage":{"TotalCount":1,"Items":[{"Id":"c1","Names":["/a"]}]},
"VolumeUsage":{"TotalCount":1,"Items":[{"Name":"v1"}]},
"BuildCacheUsage":{"TotalCount":1,"Items":[{"ID":"k1","Parents":["k0"],"Size":3}]}}`

func TestDiskUsageBothShapes(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/system/df").NoQuery("type").NoQuery("verbose").Reply(200, df141)
	c := newTestClient(t, e, Options{})
	du, err := c.DiskUsage(context.Background(), DiskUsageOptions{Verbose: true, Types: []string{"image"}})
	if err != nil {
		t.Fatal(err)
	}
	if du.LayersSize != 1984241 || len(du.Images) != 1 || du.Images[0].Containers != 12 || len(du.Containers) != 1 ||
		du.Containers[0].SizeRootFs != 1984241 || len(du.Volumes) != 1 || du.Volumes[0].UsageData.RefCount != 1 ||
		len(du.BuildCache) != 1 || du.BuildCache[0].Parent != "k0" || du.ImageUsage != nil {
		b, _ := json.Marshal(du)
		t.Fatalf("%s", b)
	}

	e2 := fakeengine.New(t)
	e2.APIVersion = "1.52" // capped to MaxAPIVersion 1.50: no verbose parameter yet
	e2.Expect("GET", "/system/df").Version(MaxAPIVersion).Query("type", "image").NoQuery("verbose").Reply(200, df152)
	c2 := newTestClient(t, e2, Options{})
	du, err = c2.DiskUsage(context.Background(), DiskUsageOptions{Verbose: true, Types: []string{"image"}})
	if err != nil {
		t.Fatal(err)
	}
	if du.LayersSize != 500 || len(du.Images) != 1 || len(du.Containers) != 1 || len(du.Volumes) != 1 ||
		len(du.BuildCache) != 1 || du.BuildCache[0].Parents[0] != "k0" || du.ImageUsage == nil || du.ImageUsage.ActiveCount != 1 {
		b, _ := json.Marshal(du)
		t.Fatalf("%s", b)
	}
}

func TestEventsStreamNotBuffered(t *testing.T) {
	e := fakeengine.New(t)
	more := make(chan struct{})
	closed := make(chan struct{})
	e.Expect("GET", "/events").Query("since", "10").Query("until", "20").Query("filters", `{"type":{"container":true}}`).
		ReplyFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(200)
			io.WriteString(w, `{"status":"start","id":"c1","from":"bb","Type":"container","Action":"start","Actor":{"ID":"c1","Attributes":{"name":"x"}},"scope":"local","time":10,"timeNano":10000000001}`+"\n")
			w.(http.Flusher).Flush()
			select { // the client must see the first event while we hold the stream open
			case <-more:
			case <-r.Context().Done():
				close(closed)
				return
			}
			io.WriteString(w, `{"Type":"container","Action":"die","Actor":{"ID":"c1"},"time":11,"timeNano":11}`+"\n")
			w.(http.Flusher).Flush()
			<-r.Context().Done()
			close(closed)
		})
	c := newTestClient(t, e, Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s, err := c.Events(ctx, EventsOptions{Since: "10", Until: "20", Filters: Filters{"type": {"container"}}})
	if err != nil {
		t.Fatal(err)
	}
	ev, err := s.Next()
	if err != nil {
		t.Fatal(err)
	}
	if ev.Status != "start" || ev.ID != "c1" || ev.From != "bb" || ev.Type != "container" || ev.Action != "start" ||
		ev.Actor.Attributes["name"] != "x" || ev.TimeNano != 10000000001 {
		t.Fatalf("%+v", ev)
	}
	b, _ := json.Marshal(ev)
	if want := `{"status":"start","id":"c1","from":"bb","Type":"container","Action":"start","Actor":{"ID":"c1","Attributes":{"name":"x"}},"scope":"local","time":10,"timeNano":10000000001}`; string(b) != want {
		t.Fatalf("json:\n got %s\nwant %s", b, want)
	}
	close(more)
	ev, err = s.Next()
	if err != nil || ev.Action != "die" || ev.Status != "" {
		t.Fatalf("%+v %v", ev, err)
	}
	s.Close()
	s.Close()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not end the request")
	}
}

func TestEventsEndAndCancel(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/events").Query("until", "5").Reply(200, `{"Type":"image","Action":"tag","timeNano":1}`+"\n")
	e.Expect("GET", "/events").NoQuery("until").ReplyFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(200)
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	})
	e.Expect("GET", "/events").Query("until", "6").Reply(200, `{"Type":"image","Action":"tag","timeNano":1}`+"\n"+`{"Type":`)
	c := newTestClient(t, e, Options{})
	s, err := c.Events(context.Background(), EventsOptions{Until: "5"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Next(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Next(); !errors.Is(err, io.EOF) {
		t.Fatalf("want io.EOF at end of stream, got %v", err)
	}
	s.Close()

	// a deadline hitting while Next waits for the next event
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	s, err = c.Events(ctx, EventsOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Next(); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want context.DeadlineExceeded, got %v", err)
	}
	s.Close()

	s, err = c.Events(context.Background(), EventsOptions{Until: "6"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.Next()
	_, err = s.Next()
	if !errors.Is(err, io.ErrUnexpectedEOF) || err.Error() != "unexpected EOF" {
		t.Fatalf("truncated event: %v, want docker's bare %q", err, "unexpected EOF")
	}
}
