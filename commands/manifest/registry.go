package manifest

import (
	"context"
	"errors"
	"fmt"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/imageref"
)

// registryFor is a client of ref's registry with the credentials config.json holds for it.
func registryFor(ctx context.Context, cli commands.Cli, ref imageref.Ref, insecure bool) (*client.RegistryV2, error) {
	auth, err := commands.RegistryAuth(ctx, cli, ref.Domain)
	if err != nil {
		return nil, err
	}
	return client.NewRegistryV2(ctx, ref.Domain, insecure, auth), nil
}

// reference is what names ref's manifest in the registry's URLs: its digest, else its tag.
func reference(ref imageref.Ref) string {
	if ref.Digest != "" {
		return ref.Digest
	}
	return ref.Tag
}

// noSuchManifest turns the registry's "not there" into docker's message for ref.
func noSuchManifest(err error, ref imageref.Ref) error {
	if errors.Is(err, client.ErrRegistryNotFound) {
		return fmt.Errorf("no such manifest: %s", ref.String())
	}
	return err
}

// fetch gets ref's manifest, image or list.
func fetch(ctx context.Context, reg *client.RegistryV2, ref imageref.Ref) (client.Manifest, error) {
	m, err := reg.GetManifest(ctx, ref.Path, reference(ref))
	return m, noSuchManifest(err, ref)
}

// imageEntry completes an image manifest fetched for ref with the platform of its
// config (or p, when the list it came from gives one).
func imageEntry(ctx context.Context, reg *client.RegistryV2, ref imageref.Ref, name string, m client.Manifest, p *platform) (imageManifest, error) {
	im, err := newImageManifest(name, m, nil)
	if err != nil {
		return im, err
	}
	if p == nil {
		var body imageManifestBody
		_ = jsonUnmarshal(m.Raw, &body) // newImageManifest decoded it already
		cfg, err := reg.GetBlob(ctx, ref.Path, body.Config.Digest)
		if err != nil {
			return im, noSuchManifest(err, ref)
		}
		if p, err = configPlatform(cfg); err != nil {
			return im, err
		}
	}
	im.Descriptor.Platform = p
	return im, nil
}

// fetchImage gets ref's image manifest with its platform; a list is refused with
// docker's "... is a manifest list".
func fetchImage(ctx context.Context, reg *client.RegistryV2, ref imageref.Ref) (imageManifest, error) {
	m, err := fetch(ctx, reg, ref)
	if err != nil {
		return imageManifest{}, err
	}
	if isList(m.MediaType) {
		if _, err := decodeList(m.Raw); err != nil {
			return imageManifest{}, err // docker reads the list before refusing it
		}
		return imageManifest{}, fmt.Errorf("%s is a manifest list", ref.String())
	}
	return imageEntry(ctx, reg, ref, ref.String(), m, nil)
}

// parseList parses a list's name as docker does (the default tag added).
func parseList(s string) (imageref.Ref, error) {
	r, err := imageref.ParseWithDefaultTag(s)
	if err != nil {
		return r, fmt.Errorf("error parsing name for manifest list %s: %w", s, err)
	}
	return r, nil
}

// sameRegistry is docker's check that a list's images live in the list's registry.
func sameRegistry(list imageref.Ref, images []imageManifest) error {
	for _, im := range images {
		r, err := imageref.ParseWithDefaultTag(im.Ref)
		if err != nil {
			return err
		}
		if r.Domain != list.Domain {
			return fmt.Errorf("cannot use source images from a different registry than the target image: %s != %s", r.Domain, list.Domain)
		}
	}
	return nil
}

// write prints b and a newline as one write.
func write(cli commands.Cli, b []byte) error {
	_, err := cli.Out().Write(append(b, '\n'))
	return err
}

// parseRmName parses a list's name for rm: docker reports a bad one bare.
func parseRmName(s string) (imageref.Ref, error) { return imageref.ParseWithDefaultTag(s) }
