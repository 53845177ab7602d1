package client

import (
	"context"
	"testing"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/network"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"

	"github.com/skiff-cli/skiff/client/fakeengine"
)

func TestContainerCreate(t *testing.T) {
	e := fakeengine.New(t)
	e.Expect("POST", "/containers/create").Query("name", "web").Query("platform", "linux/arm/v7").
		Header("Content-Type", "application/json").
		BodyField("Image", "bb").BodyField("OnBuild", nil).BodyField("HostConfig.KernelMemory", 1024).
		BodyField("HostConfig.Memory", 2048).BodyField("HostConfig.NetworkMode", "mynet").
		BodyField("NetworkingConfig.EndpointsConfig.mynet.Aliases", []string{"a"}).
		Reply(201, `{"Id":"abc","Warnings":["w"]}`)
	e.Expect("POST", "/containers/create").NoQuery("name").NoQuery("platform").
		BodyField("Image", "bb").Reply(201, `{"Id":"def","Warnings":null}`)
	e.Expect("POST", "/containers/create").ReplyError(404, "No such image: bb:nosuch")
	c := newTestClient(t, e, Options{})
	ctx := context.Background()

	resp, err := c.ContainerCreateExtras(ctx, &container.Config{Image: "bb"},
		&container.HostConfig{NetworkMode: "mynet", Resources: container.Resources{Memory: 2048}},
		&network.NetworkingConfig{EndpointsConfig: map[string]*network.EndpointSettings{"mynet": {Aliases: []string{"a"}}}},
		&ocispec.Platform{OS: "linux", Architecture: "arm", Variant: "v7"}, "web", CreateExtras{KernelMemory: 1024})
	if err != nil || resp.ID != "abc" || len(resp.Warnings) != 1 {
		t.Fatal(resp, err)
	}
	if resp, err = c.ContainerCreate(ctx, &container.Config{Image: "bb"}, nil, nil, nil, ""); err != nil || resp.ID != "def" {
		t.Fatal(resp, err)
	}
	_, err = c.ContainerCreate(ctx, &container.Config{Image: "bb:nosuch"}, nil, nil, nil, "")
	if !IsNotFound(err) || err.Error() != "Error response from daemon: No such image: bb:nosuch" {
		t.Fatal(err)
	}
}

func TestContainerUpdate(t *testing.T) {
	e := fakeengine.New(t)
	five := int64(5)
	e.Expect("POST", "/containers/web/update").BodyField("Memory", 64).BodyField("PidsLimit", 5).
		BodyField("KernelMemory", 7).BodyField("RestartPolicy", map[string]any{"Name": "always", "MaximumRetryCount": 0}).
		Reply(200, `{"Warnings":["w1","w2"]}`)
	e.Expect("POST", "/containers/gone/update").BodyField("PidsLimit", nil).ReplyError(404, "No such container: gone")
	c := newTestClient(t, e, Options{})
	ctx := context.Background()
	resp, err := c.ContainerUpdateExtras(ctx, "web", container.UpdateConfig{
		Resources:     container.Resources{Memory: 64, PidsLimit: &five},
		RestartPolicy: container.RestartPolicy{Name: container.RestartPolicyAlways},
	}, CreateExtras{KernelMemory: 7})
	if err != nil || len(resp.Warnings) != 2 {
		t.Fatal(resp, err)
	}
	if _, err := c.ContainerUpdate(ctx, "gone", container.UpdateConfig{}); !IsNotFound(err) {
		t.Fatal(err)
	}
}
