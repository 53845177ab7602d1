package client

import (
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/skiff-cli/skiff/client/fakeengine"
)

const testPathStat = `{"name":"d","size":4096,"mode":2147484141,"mtime":"2026-11-23T20:06:30.015637323Z","linkTarget":""}`

func TestContainerStatPath(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("HEAD", "/containers/c1/archive").Query("path", "/d").
		ReplyHeader("X-Docker-Container-Path-Stat", base64.StdEncoding.EncodeToString([]byte(testPathStat)))
	e.Expect("HEAD", "/containers/c1/archive").Query("path", "/nope").ReplyError(404, "Could not find the file /nope in container c1")
	c := newTestClient(t, e, Options{})
	st, err := c.ContainerStatPath(context.Background(), "c1", "/d")
	if err != nil || st.Name != "d" || !st.Mode.IsDir() || st.Mode.Perm() != 0o755 || st.Size != 4096 {
		t.Fatalf("%+v %v", st, err)
	}
	if _, err := c.ContainerStatPath(context.Background(), "c1", "/nope"); !IsNotFound(err) {
		t.Fatalf("want not found, got %v", err)
	}
}

func TestCopyFromContainer(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("GET", "/containers/c1/archive").Query("path", "/d/.").
		ReplyHeader("X-Docker-Container-Path-Stat", base64.StdEncoding.EncodeToString([]byte(`{"name":".","mode":2147484141,"linkTarget":""}`))).
		ReplyHeader("Content-Type", "application/x-tar").Reply(200, "TARDATA")
	e.Expect("GET", "/containers/c1/archive").Query("path", "/bad").ReplyHeader("X-Docker-Container-Path-Stat", "!!!").Reply(200, "x")
	c := newTestClient(t, e, Options{})
	rc, st, err := c.CopyFromContainer(context.Background(), "c1", "/d/.")
	if err != nil || st.Name != "." || !st.Mode.IsDir() {
		t.Fatalf("%+v %v", st, err)
	}
	b, _ := io.ReadAll(rc)
	rc.Close()
	if string(b) != "TARDATA" {
		t.Fatalf("body %q", b)
	}
	var de *DecodeError
	if _, _, err := c.CopyFromContainer(context.Background(), "c1", "/bad"); !errors.As(err, &de) {
		t.Fatalf("want a DecodeError, got %v", err)
	}
}

func TestCopyToContainer(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("PUT", "/containers/c1/archive").Query("path", "/d").Query("noOverwriteDirNonDir", "true").NoQuery("copyUIDGID").
		Header("Content-Type", "application/x-tar").ReplyFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if string(b) != "tarstream" {
			t.Errorf("body %q", b)
		}
	})
	e.Expect("PUT", "/containers/c1/archive").Query("path", "/").Query("copyUIDGID", "true").Query("noOverwriteDirNonDir", "true").Reply(200, "")
	e.Expect("PUT", "/containers/nope/archive").ReplyError(404, "No such container: nope")
	c := newTestClient(t, e, Options{})
	ctx := context.Background()
	if err := c.CopyToContainer(ctx, "c1", "/d", strings.NewReader("tarstream"), CopyToContainerOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := c.CopyToContainer(ctx, "c1", "/", strings.NewReader(""), CopyToContainerOptions{CopyUIDGID: true}); err != nil {
		t.Fatal(err)
	}
	err := c.CopyToContainer(ctx, "nope", "/", strings.NewReader(""), CopyToContainerOptions{})
	if err == nil || err.Error() != "Error response from daemon: No such container: nope" {
		t.Fatalf("got %v", err)
	}
}

func TestImageCreate(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("POST", "/images/create").Query("fromImage", "docker.io/library/bb").Query("tag", "latest").NoQuery("platform").
		Header("X-Registry-Auth", "e30=").Reply(200, `{"status":"ok"}`)
	e.Expect("POST", "/images/create").Query("fromImage", "r:5000/x").Query("tag", "sha256:1").Query("platform", "linux/arm64").
		Header("X-Registry-Auth", "eyJ1c2VybmFtZSI6InUiLCJpZGVudGl0eXRva2VuIjoidCJ9").Reply(200, "")
	e.Expect("POST", "/images/create").Query("fromImage", "r:5000/nope").ReplyError(404, "manifest unknown")
	c := newTestClient(t, e, Options{})
	ctx := context.Background()
	rc, err := c.ImageCreate(ctx, ImageCreateOptions{FromImage: "docker.io/library/bb", Tag: "latest"})
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewJSONMessageDecoder(rc).Next()
	rc.Close()
	if err != nil || m.Status != "ok" {
		t.Fatalf("%+v %v", m, err)
	}
	rc, err = c.ImageCreate(ctx, ImageCreateOptions{FromImage: "r:5000/x", Tag: "sha256:1", Platform: "linux/arm64", RegistryAuth: RegistryAuth{Username: "u", IdentityToken: "t"}})
	if err != nil {
		t.Fatal(err)
	}
	rc.Close()
	if _, err := c.ImageCreate(ctx, ImageCreateOptions{FromImage: "r:5000/nope"}); err == nil || err.Error() != "Error response from daemon: manifest unknown" {
		t.Fatalf("got %v", err)
	}
}
