package client

import (
	"context"
	"fmt"
	"net"
	"testing"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/network"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"

	"github.com/skiff-cli/skiff/client/fakeengine"
)

// TestFiltersPerVersion: below API 1.22 every list's filters are {"key":["value"]}
// lists, as docker 28 sends them there; from 1.22 the {"key":{"value":true}} sets.
func TestFiltersPerVersion(t *testing.T) {
	f := NewFilters([2]string{"label", "b"}, [2]string{"label", "a"}, [2]string{"type", "container"})
	for _, tc := range []struct{ version, want string }{
		{"1.18", `{"label":["a","b"],"type":["container"]}`},
		{"1.21", `{"label":["a","b"],"type":["container"]}`},
		{"1.22", `{"label":{"a":true,"b":true},"type":{"container":true}}`},
		{"1.41", `{"label":{"a":true,"b":true},"type":{"container":true}}`},
	} {
		t.Run(tc.version, func(t *testing.T) {
			e := fakeengine.New(t)
			e.APIVersion = tc.version
			e.Expect("GET", "/containers/json").Version(tc.version).Query("filters", tc.want).Reply(200, "[]")
			e.Expect("GET", "/networks").Query("filters", tc.want).Reply(200, "[]")
			e.Expect("GET", "/volumes").Query("filters", tc.want).Reply(200, `{"Volumes":null}`)
			e.Expect("GET", "/events").Query("filters", tc.want).Reply(200, "")
			c := newTestClient(t, e, Options{})
			ctx := context.Background()
			if _, err := c.ContainerList(ctx, ContainerListOptions{Filters: f}); err != nil {
				t.Fatal(err)
			}
			if _, err := c.NetworkList(ctx, f); err != nil {
				t.Fatal(err)
			}
			if _, err := c.VolumeList(ctx, f); err != nil {
				t.Fatal(err)
			}
			s, err := c.Events(ctx, EventsOptions{Filters: f})
			if err != nil {
				t.Fatal(err)
			}
			s.Close()
		})
	}
}

// TestImageReferenceFilterPerVersion: below API 1.25 images/json takes the reference
// filter as the old ?filter=NAME (one name), the other filters staying in filters.
func TestImageReferenceFilterPerVersion(t *testing.T) {
	for _, tc := range []struct {
		version     string
		ref         []string
		other       bool
		filter, fjs string // "" = absent
	}{
		{"1.21", []string{"bb"}, false, "bb", ""},
		{"1.21", []string{"b", "a"}, true, "a", `{"dangling":["false"]}`},
		{"1.24", []string{"bb"}, true, "bb", `{"dangling":{"false":true}}`},
		{"1.25", []string{"bb"}, false, "", `{"reference":{"bb":true}}`},
		{"1.41", []string{"bb"}, true, "", `{"dangling":{"false":true},"reference":{"bb":true}}`},
	} {
		t.Run(tc.version, func(t *testing.T) {
			e := fakeengine.New(t)
			e.APIVersion = tc.version
			r := e.Expect("GET", "/images/json")
			if tc.filter == "" {
				r.NoQuery("filter")
			} else {
				r.Query("filter", tc.filter)
			}
			if tc.fjs == "" {
				r.NoQuery("filters")
			} else {
				r.Query("filters", tc.fjs)
			}
			r.Reply(200, "[]")
			f := Filters{}
			for _, ref := range tc.ref {
				f.Add("reference", ref)
			}
			if tc.other {
				f.Add("dangling", "false")
			}
			c := newTestClient(t, e, Options{})
			if _, err := c.ImageList(context.Background(), ImageListOptions{Filters: f}); err != nil {
				t.Fatal(err)
			}
			if tc.other && len(f["reference"]) != len(tc.ref) {
				t.Errorf("the caller's filters were changed: %v", f)
			}
		})
	}
}

// TestCreateAutoRemovePerVersion: --rm's HostConfig.AutoRemove is sent false below
// API 1.25 (the client removes the container there), as docker 28 sends it.
func TestCreateAutoRemovePerVersion(t *testing.T) {
	for _, tc := range []struct {
		version string
		want    bool
	}{{"1.18", false}, {"1.24", false}, {"1.25", true}, {"1.41", true}} {
		t.Run(tc.version, func(t *testing.T) {
			e := fakeengine.New(t)
			e.APIVersion = tc.version
			e.Expect("POST", "/containers/create").BodyField("HostConfig.AutoRemove", tc.want).Reply(201, container.CreateResponse{ID: "abc"})
			c := newTestClient(t, e, Options{})
			hc := &container.HostConfig{AutoRemove: true}
			if _, err := c.ContainerCreate(context.Background(), &container.Config{Image: "bb"}, hc, nil, nil, ""); err != nil {
				t.Fatal(err)
			}
			if !hc.AutoRemove {
				t.Error("the caller's HostConfig was changed")
			}
		})
	}
}

// TestInfoOldShapes: the first engines' /info (v1.18: flags as 0/1, DriverStatus
// [[""]], no Swarm) decodes below 1.24; at 1.24 a number stays a decoding error, as in
// docker 28.
func TestInfoOldShapes(t *testing.T) {
	const v118 = `{"Containers":11,"Debug":1,"DockerRootDir":"/var/lib/docker","Driver":"btrfs","DriverStatus":[[""]],` +
		`"ExecutionDriver":"native-0.1","ID":"7TRN","IPv4Forwarding":1,"Images":16,"MemTotal":2099236864,"MemoryLimit":1,` +
		`"NCPU":1,"Name":"prod-server-42","SwapLimit":0,"Labels":["storage=ssd"]}`
	for _, version := range []string{"1.18", "1.21", "1.23"} {
		t.Run(version, func(t *testing.T) {
			e := fakeengine.New(t)
			e.APIVersion = version
			e.Expect("GET", "/info").Reply(200, v118)
			c := newTestClient(t, e, Options{})
			info, err := c.Info(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if !info.Debug || !info.IPv4Forwarding || !info.MemoryLimit || info.SwapLimit || info.Containers != 11 ||
				len(info.DriverStatus) != 0 || info.Swarm.LocalNodeState != "inactive" || info.Name != "prod-server-42" {
				t.Errorf("%+v", info)
			}
		})
	}
	e := fakeengine.New(t)
	e.APIVersion = "1.24"
	e.Expect("GET", "/info").Reply(200, v118)
	c := newTestClient(t, e, Options{})
	_, err := c.Info(context.Background())
	if want := "json: cannot unmarshal number into Go struct field Info.Debug of type bool"; err == nil || err.Error() != want {
		t.Errorf("at 1.24: %v, want %s", err, want)
	}
}

// TestEventsOldShape: below API 1.22 an event has only status, id and from; the
// stream fills in Type, Action and Actor (docker 28 leaves them empty). From 1.22 an
// event is passed on as the engine sent it.
func TestEventsOldShape(t *testing.T) {
	const body = `{"status":"die","id":"c1","from":"bb","time":1}` + "\n" + `{"status":"untag","id":"bb:latest","time":2}` + "\n"
	for _, tc := range []struct {
		version string
		want    []string
	}{
		{"1.18", []string{"container die c1 map[image:bb]", "image untag bb:latest map[]"}},
		{"1.22", []string{"   map[]", "   map[]"}},
	} {
		t.Run(tc.version, func(t *testing.T) {
			e := fakeengine.New(t)
			e.APIVersion = tc.version
			e.Expect("GET", "/events").Reply(200, body)
			c := newTestClient(t, e, Options{})
			s, err := c.Events(context.Background(), EventsOptions{})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			for _, want := range tc.want {
				ev, err := s.Next()
				if err != nil {
					t.Fatal(err)
				}
				if got := fmt.Sprintf("%s %s %s %v", ev.Type, ev.Action, ev.Actor.ID, ev.Actor.Attributes); got != want {
					t.Errorf("got %q, want %q", got, want)
				}
			}
		})
	}
}

// TestCreateMACPerVersion: a MAC address is the endpoint's from API 1.44; below,
// docker 28 refuses to send it, in these words, before any request.
func TestCreateMACPerVersion(t *testing.T) {
	mac, _ := net.ParseMAC("02:42:ac:11:00:02")
	nc := &network.NetworkingConfig{EndpointsConfig: map[string]*network.EndpointSettings{
		"host": {MacAddress: network.HardwareAddr(mac)}}}
	for _, v := range []string{"1.24", "1.41", "1.43"} {
		e := fakeengine.New(t)
		e.APIVersion = v
		c := newTestClient(t, e, Options{})
		_, err := c.ContainerCreate(context.Background(), &container.Config{Image: "bb"}, &container.HostConfig{}, nc, nil, "")
		want := `"specify mac-address per network" requires API version 1.44, but the Docker daemon API version is ` + v
		if err == nil || err.Error() != want {
			t.Errorf("%s: %v, want %s", v, err, want)
		}
	}
	for _, v := range []string{"1.44", "1.52"} {
		e := fakeengine.New(t)
		e.APIVersion = v
		e.Expect("POST", "/containers/create").BodyField("NetworkingConfig.EndpointsConfig.host.MacAddress", "02:42:ac:11:00:02").
			Reply(201, container.CreateResponse{ID: "abc"})
		c := newTestClient(t, e, Options{})
		if _, err := c.ContainerCreate(context.Background(), &container.Config{Image: "bb"}, &container.HostConfig{}, nc, nil, ""); err != nil {
			t.Errorf("%s: %v", v, err)
		}
	}
}

// TestCreatePlatformPerVersion: create's ?platform= is sent from API 1.41 only, as
// docker 28 sends it.
func TestCreatePlatformPerVersion(t *testing.T) {
	p := &ocispec.Platform{OS: "linux", Architecture: "amd64"}
	for _, tc := range []struct {
		version string
		sent    bool
	}{{"1.32", false}, {"1.40", false}, {"1.41", true}, {"1.50", true}} {
		e := fakeengine.New(t)
		e.APIVersion = tc.version
		r := e.Expect("POST", "/containers/create")
		if tc.sent {
			r.Query("platform", "linux/amd64")
		} else {
			r.NoQuery("platform")
		}
		r.Reply(201, container.CreateResponse{ID: "abc"})
		c := newTestClient(t, e, Options{})
		if _, err := c.ContainerCreate(context.Background(), &container.Config{Image: "bb"}, nil, nil, p, ""); err != nil {
			t.Errorf("%s: %v", tc.version, err)
		}
	}
}
