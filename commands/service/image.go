package service

import (
	"context"
	"fmt"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/swarm"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/imageref"
)

// imageAuth is the X-Registry-Auth value for image's registry (--with-registry-auth).
func imageAuth(ctx context.Context, cli commands.Cli, image string) (string, error) {
	domain := "docker.io"
	if r, err := imageref.Parse(image); err == nil && r.Domain != "" {
		domain = r.Domain
	}
	a, err := commands.RegistryAuth(ctx, cli, domain)
	if err != nil {
		return "", err
	}
	return a.Header(), nil
}

// ResolveImage pins the image to the digest the registry gives and records the
// platforms it has, as docker does unless --no-resolve-image; when the registry cannot
// be asked, the image is left as given and the warning returned is printed once the
// service is made (docker says nothing of it when the engine refuses the spec).
func ResolveImage(ctx context.Context, c *client.Client, spec *swarm.ServiceSpec, auth string) (warning string) {
	cs := spec.TaskTemplate.ContainerSpec
	if cs == nil {
		return ""
	}
	image := cs.Image
	info, err := c.DistributionInspect(ctx, image, auth)
	if err != nil || info.Descriptor.Digest == "" {
		return fmt.Sprintf("image %s could not be accessed on a registry to record\n"+
			"its digest. Each node will access %s independently,\n"+
			"possibly leading to different nodes running different\n"+
			"versions of the image.\n", image, image)
	}
	name := image
	if r, err := imageref.Parse(image); err == nil {
		name = r.Familiar()
		if i := len(r.FamiliarName()); len(name) > i && name[i] == '@' {
			name = name[:i]
		}
	}
	cs.Image = name + "@" + string(info.Descriptor.Digest)
	if spec.TaskTemplate.Placement == nil {
		spec.TaskTemplate.Placement = &swarm.Placement{}
	}
	spec.TaskTemplate.Placement.Platforms = nil
	for _, p := range info.Platforms {
		spec.TaskTemplate.Placement.Platforms = append(spec.TaskTemplate.Placement.Platforms,
			swarm.Platform{Architecture: p.Architecture, OS: p.OS})
	}
	return ""
}

func clientCreateOptions(auth string) client.ServiceCreateOptions {
	return client.ServiceCreateOptions{EncodedAuth: auth}
}

func isolation(s string) container.Isolation { return container.Isolation(s) }

// NormalizeImage writes an image reference as docker sends it in a spec: familiar,
// with the default tag ("bb" is "bb:latest"); one that does not parse is sent as
// given, for the engine to refuse.
func NormalizeImage(image string) string {
	r, err := imageref.ParseWithDefaultTag(image)
	if err != nil {
		return image
	}
	return r.Familiar()
}
