//go:build e2e

package client

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// These run against the real engine (DOCKER_HOST or the default socket):
// every endpoint must decode the engine's actual answer.
func engineClient(t *testing.T) *Client {
	t.Helper()
	c, err := New(Options{Host: os.Getenv("DOCKER_HOST"), UserAgent: "skiff-client-e2e"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Ping(context.Background()); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skip("no engine:", err)
	}
	return c
}

// gone: the object was listed but removed before its inspect, by tests of other packages
// that share the engine.
func gone(err error) bool { return err != nil && IsNotFound(err) }

func TestEngineEndpointsDecode(t *testing.T) {
	c := engineClient(t)
	ctx := context.Background()
	if err := c.Negotiate(ctx); err != nil {
		t.Fatal(err)
	}
	t.Log("API", c.ClientVersion())
	if _, err := c.ServerVersion(ctx); err != nil {
		t.Fatal("version:", err)
	}
	if _, err := c.Info(ctx); err != nil {
		t.Fatal("info:", err)
	}
	cs, err := c.ContainerList(ctx, ContainerListOptions{All: true, Size: true})
	if err != nil {
		t.Fatal("containers:", err)
	}
	for _, s := range cs {
		if _, raw, err := c.ContainerInspect(ctx, s.ID, true); gone(err) {
			continue // removed since the list: other packages' tests run at the same time
		} else if err != nil || len(raw) == 0 {
			t.Fatal("container inspect:", s.ID, err)
		}
	}
	ims, err := c.ImageList(ctx, ImageListOptions{All: true, SharedSize: true, Manifests: true})
	if err != nil {
		t.Fatal("images:", err)
	}
	for _, im := range ims {
		if _, _, err := c.ImageInspect(ctx, im.ID); gone(err) {
			continue
		} else if err != nil {
			t.Fatal("image inspect:", im.ID, err)
		}
		if _, err := c.ImageHistory(ctx, im.ID); err != nil && !gone(err) {
			t.Fatal("history:", im.ID, err)
		}
	}
	nets, err := c.NetworkList(ctx, nil)
	if err != nil {
		t.Fatal("networks:", err)
	}
	for _, n := range nets {
		if _, _, err := c.NetworkInspect(ctx, n.ID, true, ""); err != nil && !gone(err) {
			t.Fatal("network inspect:", n.Name, err)
		}
	}
	vols, err := c.VolumeList(ctx, NewFilters([2]string{"dangling", "false"}))
	if err != nil {
		t.Fatal("volumes:", err)
	}
	for _, v := range vols.Volumes {
		if _, _, err := c.VolumeInspect(ctx, v.Name); err != nil && !gone(err) {
			t.Fatal("volume inspect:", v.Name, err)
		}
	}
	// The e2e package's lock: the engine refuses a df while another one runs.
	lock, err := os.OpenFile(filepath.Join(os.TempDir(), "skiff-e2e-diskusage.lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	du, err := c.DiskUsage(ctx, DiskUsageOptions{Verbose: true})
	lock.Close()
	if err != nil {
		t.Fatal("df:", err)
	}
	if len(du.Images) == 0 || du.LayersSize == 0 {
		t.Fatalf("df: no images or layers size: %+v", du)
	}
	_, _, err = c.ContainerInspect(ctx, "skiff-no-such-container", false)
	if !IsNotFound(err) || err.Error() != "Error response from daemon: No such container: skiff-no-such-container" {
		t.Fatalf("not found: %v", err)
	}
	_, err = c.ContainerList(ctx, ContainerListOptions{Filters: NewFilters([2]string{"bogus", "x"})})
	if !IsInvalidParameter(err) || err.Error() != "Error response from daemon: Invalid filter 'bogus'" {
		t.Fatalf("bad filter: %v", err)
	}
}

func TestEngineEvents(t *testing.T) {
	c := engineClient(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	now := time.Now().Unix()
	s, err := c.Events(ctx, EventsOptions{Since: "0", Until: strconv.FormatInt(now, 10)})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	n := 0
	for {
		ev, err := s.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if ev.Type == "" || ev.Action == "" || ev.TimeNano == 0 {
			t.Fatalf("incomplete event %+v", ev)
		}
		n++
	}
	t.Log(n, "events")
}
