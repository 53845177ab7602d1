package client

import (
	"context"
	"testing"

	ocispec "github.com/opencontainers/image-spec/specs-go/v1"

	"github.com/skiff-cli/skiff/client/fakeengine"
)

func TestImagePush(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("POST", "/images/127.0.0.1:5000/x/bb/push").Query("tag", "v1").NoQuery("platform").
		Header("X-Registry-Auth", RegistryAuth{ServerAddress: "127.0.0.1:5000"}.Header()).Reply(200, `{"status":"ok"}`)
	e.Expect("POST", "/images/docker.io/library/bb/push").NoQuery("tag").
		Query("platform", `{"architecture":"arm64","os":"linux"}`).Reply(200, "")
	e.Expect("POST", "/images/docker.io/library/nope/push").ReplyError(404, "No such image: nope")
	c := newTestClient(t, e, Options{})
	ctx := context.Background()
	rc, err := c.ImagePush(ctx, "127.0.0.1:5000/x/bb", ImagePushOptions{Tag: "v1", RegistryAuth: RegistryAuth{ServerAddress: "127.0.0.1:5000"}})
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewJSONMessageDecoder(rc).Next()
	rc.Close()
	if err != nil || m.Status != "ok" {
		t.Fatalf("%+v %v", m, err)
	}
	rc, err = c.ImagePush(ctx, "docker.io/library/bb", ImagePushOptions{Platform: &ocispec.Platform{OS: "linux", Architecture: "arm64"}})
	if err != nil {
		t.Fatal(err)
	}
	rc.Close()
	if _, err := c.ImagePush(ctx, "docker.io/library/nope", ImagePushOptions{}); err == nil || err.Error() != "Error response from daemon: No such image: nope" {
		t.Fatalf("got %v", err)
	}
}
