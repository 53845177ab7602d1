package manifest

import (
	"fmt"
	"slices"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/imageref"
)

// annotateOptions are the flags and arguments of docker manifest annotate.
type annotateOptions struct {
	arch       string
	os         string
	osVersion  string
	osFeatures []string
	variant    string
	list       string
	image      string
}

func newAnnotateCommand(cli commands.Cli) *cobra.Command {
	opts := &annotateOptions{}
	cmd := &cobra.Command{
		Use:         "annotate [OPTIONS] MANIFEST_LIST MANIFEST",
		Short:       "Add additional information to a local image manifest",
		Args:        commands.ExactArgs(2),
		Annotations: map[string]string{commands.ExperimentalAnnotation: "true"},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.list, opts.image = args[0], args[1]
			return runAnnotate(cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.StringVar(&opts.arch, "arch", "", "The image's architecture")
		flags.StringVar(&opts.os, "os", "", "The image's operating system")
		flags.StringSliceVar(&opts.osFeatures, "os-features", nil, "Operating system features the image needs")
		flags.StringVar(&opts.osVersion, "os-version", "", "The operating system version the image needs")
		flags.StringVar(&opts.variant, "variant", "", "The architecture's variant (e.g. v7 of arm)")
	})
	return cmd
}

// runAnnotate changes the platform of one image of a local list. New os features are
// added to those it has; the os/arch pair that results must be one docker knows.
func runAnnotate(cli commands.Cli, opts *annotateOptions) error {
	list, err := parseList(opts.list)
	if err != nil {
		return err
	}
	ref, err := imageref.ParseWithDefaultTag(opts.image)
	if err != nil {
		return err
	}
	st := newStore(cli)
	im, err := st.get(list, ref)
	if err != nil {
		return fmt.Errorf("manifest for image %s does not exist in %s", ref.String(), list.String())
	}
	p := im.Descriptor.Platform
	if p == nil {
		p = &platform{}
	}
	if opts.os != "" {
		p.OS = opts.os
	}
	if opts.arch != "" {
		p.Architecture = opts.arch
	}
	for _, f := range opts.osFeatures {
		if !slices.Contains(p.OSFeatures, f) {
			p.OSFeatures = append(p.OSFeatures, f)
		}
	}
	if opts.variant != "" {
		p.Variant = opts.variant
	}
	if opts.osVersion != "" {
		p.OSVersion = opts.osVersion
	}
	if (opts.os != "" || opts.arch != "") && !validOSArch(p.OS, p.Architecture) {
		return fmt.Errorf("manifest entry for image has unsupported os/arch combination: %s/%s", opts.os, opts.arch)
	}
	im.Descriptor.Platform = p
	return st.save(list, ref, im)
}

// validOSArch: the os/arch pairs docker 28's annotate accepts (observed; an older
// list than Go's own).
func validOSArch(os, arch string) bool {
	switch os + "/" + arch {
	case "darwin/386", "darwin/amd64", "darwin/arm", "darwin/arm64",
		"dragonfly/amd64",
		"freebsd/386", "freebsd/amd64", "freebsd/arm",
		"linux/386", "linux/amd64", "linux/arm", "linux/arm64", "linux/mips64", "linux/mips64le",
		"linux/ppc64le", "linux/riscv64", "linux/s390x",
		"netbsd/386", "netbsd/amd64", "netbsd/arm",
		"openbsd/386", "openbsd/amd64", "openbsd/arm",
		"plan9/386", "plan9/amd64",
		"solaris/amd64",
		"windows/386", "windows/amd64":
		return true
	}
	return false
}
