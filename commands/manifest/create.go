package manifest

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/imageref"
)

// createOptions are the flags and arguments of docker manifest create.
type createOptions struct {
	amend    bool
	insecure bool
	list     string
	images   []string
}

func newCreateCommand(cli commands.Cli) *cobra.Command {
	opts := &createOptions{}
	cmd := &cobra.Command{
		Use:         "create MANIFEST_LIST MANIFEST [MANIFEST...]",
		Short:       "Create a local manifest list for annotating and pushing to a registry",
		Args:        commands.RequiresMinArgs(2),
		Annotations: map[string]string{commands.ExperimentalAnnotation: "true"},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.list, opts.images = args[0], args[1:]
			return runCreate(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.BoolVarP(&opts.amend, "amend", "a", false, "Add to, or update, a list that exists already")
		flags.BoolVar(&opts.insecure, "insecure", false, "Talk to the registry over plain HTTP or unverified TLS when needed")
	})
	return cmd
}

// errNoAmend: a constant, no package-level work at start-up.
const errNoAmend = createError("refusing to amend an existing manifest list with no --amend flag")

type createError string

func (e createError) Error() string { return string(e) }

// runCreate fetches each image's manifest and platform from its registry and stores
// them as the list's entries. Every image is fetched before anything is written: a
// failure leaves the store as it was.
func runCreate(ctx context.Context, cli commands.Cli, opts *createOptions) error {
	list, err := parseList(opts.list)
	if err != nil {
		return err
	}
	st := newStore(cli)
	if st.exists(list) && !opts.amend {
		return errNoAmend
	}
	refs := make([]imageref.Ref, 0, len(opts.images))
	images := make([]imageManifest, 0, len(opts.images))
	for _, name := range opts.images {
		ref, err := imageref.ParseWithDefaultTag(name)
		if err != nil {
			return err
		}
		reg, err := registryFor(ctx, cli, ref, opts.insecure)
		if err != nil {
			return err
		}
		im, err := fetchImage(ctx, reg, ref)
		if err != nil {
			return err
		}
		refs, images = append(refs, ref), append(images, im)
	}
	for i, im := range images {
		if err := st.save(list, refs[i], im); err != nil {
			return err
		}
	}
	_, err = fmt.Fprintf(cli.Out(), "Created manifest list %s\n", list.String())
	return err
}
