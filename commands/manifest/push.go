package manifest

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/imageref"
)

// pushOptions are the flags and arguments of docker manifest push.
type pushOptions struct {
	insecure bool
	purge    bool
	list     string
}

func newPushCommand(cli commands.Cli) *cobra.Command {
	opts := &pushOptions{}
	cmd := &cobra.Command{
		Use:         "push [OPTIONS] MANIFEST_LIST",
		Short:       "Push a manifest list to a repository",
		Args:        commands.ExactArgs(1),
		Annotations: map[string]string{commands.ExperimentalAnnotation: "true"},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.list = args[0]
			return runPush(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.BoolVar(&opts.insecure, "insecure", false, "Push over plain HTTP or unverified TLS when needed")
		flags.BoolVarP(&opts.purge, "purge", "p", false, "Delete the local list once it is pushed")
	})
	return cmd
}

// runPush puts the list in its repository. Images from other repositories of the same
// registry are brought over first (their blobs mounted, their manifests put by digest,
// each reported as docker does); the list's digest is printed last.
func runPush(ctx context.Context, cli commands.Cli, opts *pushOptions) error {
	list, err := parseList(opts.list)
	if err != nil {
		return err
	}
	st := newStore(cli)
	images, found, err := st.list(list)
	if err != nil {
		return err
	}
	if !found {
		return errNoSuchManifest(list)
	}
	if err := sameRegistry(list, images); err != nil {
		return err
	}
	raw, err := indentList(listFor(images))
	if err != nil {
		return err
	}
	// docker pushes to a loopback registry over plain http without --insecure
	reg, err := registryFor(ctx, cli, list, opts.insecure || client.IsLoopbackRegistry(ctx, list.Domain))
	if err != nil {
		return err
	}
	for _, im := range images {
		if err := pushImage(ctx, cli, reg, list, im); err != nil {
			return err
		}
	}
	digest, err := reg.PutManifest(ctx, list.Path, reference(list), listFor(images).MediaType, raw)
	if err != nil {
		return fmt.Errorf("failed to put manifest %s: %w", list.String(), err)
	}
	if _, err := fmt.Fprintln(cli.Out(), digest); err != nil {
		return err
	}
	if opts.purge {
		return st.remove(list)
	}
	return nil
}

// pushImage makes an image of another repository available in the list's: its blobs
// mounted, its manifest put by digest.
func pushImage(ctx context.Context, cli commands.Cli, reg *client.RegistryV2, list imageref.Ref, im imageManifest) error {
	ref, err := imageref.ParseWithDefaultTag(im.Ref)
	if err != nil {
		return err
	}
	if ref.Path == list.Path {
		return nil
	}
	var body imageManifestBody
	if err := json.Unmarshal(im.Raw, &body); err != nil {
		return err
	}
	for _, d := range body.blobs() {
		if err := reg.MountBlob(ctx, list.Path, ref.Path, d); err != nil {
			return fmt.Errorf("failed to mount blob %s@%s to %s: %w", ref.Path, d, list.String(), err)
		}
	}
	digest, err := reg.PutManifest(ctx, list.Path, im.Descriptor.Digest, im.Descriptor.MediaType, im.Raw)
	if err != nil {
		return fmt.Errorf("failed to put manifest %s@%s: %w", list.Name(), im.Descriptor.Digest, err)
	}
	_, err = fmt.Fprintf(cli.Out(), "Pushed ref %s@%s with digest: %s\n", list.Name(), im.Descriptor.Digest, digest)
	return err
}
