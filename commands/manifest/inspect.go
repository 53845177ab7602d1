package manifest

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/imageref"
)

// inspectOptions are the flags and arguments of docker manifest inspect.
type inspectOptions struct {
	insecure bool
	verbose  bool
	list     string // "" when only a manifest is named
	ref      string
}

func newInspectCommand(cli commands.Cli) *cobra.Command {
	opts := &inspectOptions{}
	cmd := &cobra.Command{
		Use:         "inspect [OPTIONS] [MANIFEST_LIST] MANIFEST",
		Short:       "Display an image manifest, or manifest list",
		Args:        commands.RequiresRangeArgs(1, 2),
		Annotations: map[string]string{commands.ExperimentalAnnotation: "true"},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ref = args[len(args)-1]
			if len(args) == 2 {
				opts.list = args[0]
			}
			return runInspect(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.BoolVar(&opts.insecure, "insecure", false, "Talk to the registry over plain HTTP or unverified TLS when needed")
		flags.BoolVarP(&opts.verbose, "verbose", "v", false, "Also show the descriptor, platform and raw manifest")
	})
	return cmd
}

// runInspect prints an image of a local list, a local list, or what the registry has
// for the reference, in docker's shapes: single manifests as the registry sent them,
// tab-indented; lists re-encoded with three spaces; -v entries tab-indented.
func runInspect(ctx context.Context, cli commands.Cli, opts *inspectOptions) error {
	st := newStore(cli)
	if opts.list != "" {
		list, err := parseList(opts.list)
		if err != nil {
			return err
		}
		ref, err := imageref.ParseWithDefaultTag(opts.ref)
		if err != nil {
			return err
		}
		im, err := st.get(list, ref)
		if err != nil {
			return err
		}
		return printImage(cli, im, opts.verbose)
	}
	ref, err := imageref.ParseWithDefaultTag(opts.ref)
	if err != nil {
		return err
	}
	images, found, err := st.list(ref)
	if err != nil {
		return err
	}
	if found {
		if opts.verbose {
			return printIndented(cli, images)
		}
		if err := sameRegistry(ref, images); err != nil {
			return fmt.Errorf("failed to assemble ManifestDescriptor: %w", err)
		}
		b, err := indentList(listFor(images))
		if err != nil {
			return err
		}
		return write(cli, b)
	}
	return inspectRemote(ctx, cli, ref, opts)
}

func inspectRemote(ctx context.Context, cli commands.Cli, ref imageref.Ref, opts *inspectOptions) error {
	reg, err := registryFor(ctx, cli, ref, opts.insecure)
	if err != nil {
		return err
	}
	m, err := fetch(ctx, reg, ref)
	if err != nil {
		return err
	}
	if !isList(m.MediaType) {
		im, err := imageEntry(ctx, reg, ref, ref.String(), m, nil)
		if err != nil {
			return err
		}
		return printImage(cli, im, opts.verbose)
	}
	l, err := decodeList(m.Raw)
	if err != nil {
		return err
	}
	if !opts.verbose {
		b, err := indentList(l)
		if err != nil {
			return err
		}
		return write(cli, b)
	}
	name := ref.Name()
	if ref.Tag != "" {
		name += ":" + ref.Tag
	}
	images := make([]imageManifest, 0, len(l.Manifests))
	for _, e := range l.Manifests {
		eref := imageref.Ref{Domain: ref.Domain, Path: ref.Path, Digest: e.Digest}
		em, err := fetch(ctx, reg, eref)
		if err != nil {
			return err
		}
		p := e.Platform
		im, err := imageEntry(ctx, reg, eref, name+"@"+e.Digest, em, &p)
		if err != nil {
			return err
		}
		// the descriptor is the list's, not the answer's
		im.Descriptor.MediaType, im.Descriptor.Digest, im.Descriptor.Size = e.MediaType, e.Digest, e.Size
		images = append(images, im)
	}
	return printIndented(cli, images)
}

// printImage prints one image: its manifest, or with -v the whole entry.
func printImage(cli commands.Cli, im imageManifest, verbose bool) error {
	if verbose {
		return printIndented(cli, im)
	}
	return printIndented(cli, json.RawMessage(im.body()))
}

func printIndented(cli commands.Cli, v any) error {
	b, err := indentTab(v)
	if err != nil {
		return err
	}
	return write(cli, b)
}
