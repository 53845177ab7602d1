package image

import (
	"context"
	"errors"
	"fmt"
	"io"

	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skiff-cli/skiff/client"
	"github.com/skiff-cli/skiff/commands"
	flagopts "github.com/skiff-cli/skiff/commands/opts"
	"github.com/skiff-cli/skiff/completion"
	"github.com/skiff-cli/skiff/formatter"
	"github.com/skiff-cli/skiff/imageref"
)

// pushOptions are the flags of docker push / docker image push.
type pushOptions struct {
	remote    string
	all       bool
	platform  string
	quiet     bool
	untrusted bool
}

func newPushCommand(cli commands.Cli) *cobra.Command {
	opts := &pushOptions{}
	cmd := &cobra.Command{
		Use:               "push [OPTIONS] NAME[:TAG]",
		Short:             "Upload an image to a registry",
		Args:              commands.ExactArgs(1),
		ValidArgsFunction: completion.First(completion.ImageNames(cli)),
		Annotations: map[string]string{
			"aliases": "docker image push, docker push",
			// a push can take long: the first SIGINT/SIGTERM cancels it (exit 130/143)
			commands.AnnotationWaits: "true",
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.remote = args[0]
			return runPush(cmd.Context(), cli, opts)
		},
	}
	commands.LazyFlags(cmd, func(flags *pflag.FlagSet) {
		flags.BoolVarP(&opts.all, "all-tags", "a", false, "Push every tag of the image to the repository")
		flags.BoolVar(&opts.untrusted, "disable-content-trust", !commands.ContentTrustEnv(), "Do not sign the image")
		flags.StringVar(&opts.platform, "platform", "",
			"Push only this platform's manifest of a multi-platform image, as a single-platform image\n"+
				"(the index, attestations and other platforms are left out).\n"+
				"'os[/arch[/variant]]', e.g. linux/amd64")
		commands.RequiresAPI(flags, "platform", "1.46")
		flags.BoolVarP(&opts.quiet, "quiet", "q", false, "Print only the image reference")
		commands.CompleteFlag(cmd, "platform", completion.Platforms())
	})
	return cmd
}

// runPush pushes as docker 28 does: every error exits 1; the daemon's progress goes to
// stdout (the digest line is its own), -q prints only the reference pushed.
func runPush(ctx context.Context, cli commands.Cli, opts *pushOptions) error {
	r, err := imageref.Parse(opts.remote)
	if err != nil {
		return err
	}
	switch {
	case opts.all && (r.Tag != "" || r.Digest != ""):
		return errTagWithAll
	case r.Digest != "":
		return errors.New("cannot push a digest reference")
	}
	if err := commands.CheckContentTrust(opts.untrusted); err != nil {
		return err
	}
	var platform *ocispec.Platform
	if opts.platform != "" {
		p, err := flagopts.ParsePlatform(opts.platform)
		if err != nil {
			// docker's words, without a separator
			return errors.New("Invalid platform " + opts.platform + err.Error()) //nolint:staticcheck // docker's words
		}
		platform = &p
		pushPlatformNotice(cli)
	}
	printed := r.Name()
	if !opts.all {
		if r.Tag == "" && !opts.quiet {
			fmt.Fprintln(cli.Out(), "Using default tag: latest")
		}
		r = r.WithDefaultTag()
		printed = r.String()
	}
	c, err := cli.Client()
	if err != nil {
		return err
	}
	auth, err := commands.RegistryAuth(ctx, cli, r.Domain)
	if err != nil {
		return err
	}
	body, err := c.ImagePush(ctx, r.Name(), client.ImagePushOptions{Tag: r.Tag, Platform: platform, RegistryAuth: auth})
	if err != nil {
		return err
	}
	defer body.Close()
	out := io.Writer(cli.Out())
	if opts.quiet {
		out = io.Discard // read to its end all the same: the push ends with it
	}
	_, width := cli.Out().GetTtySize()
	err = formatter.RenderProgress(client.NewJSONMessageDecoder(body), out, formatter.ProgressOptions{
		Terminal: cli.Out().IsTerminal(),
		Width:    int(width),
	})
	if err != nil || !opts.quiet {
		return err
	}
	_, err = fmt.Fprintln(cli.Out(), printed)
	return err
}

// pushPlatformNotice is docker 28's notice on stdout (with -q too) that --platform
// pushes one manifest, not the whole index: in colour on a terminal.
func pushPlatformNotice(cli commands.Cli) {
	const (
		bold, italic, reset = "\x1b[1m", "\x1b[3m", "\x1b[0m"
		indent              = "         "
	)
	lines := []string{
		"Using --platform pushes only the specified platform manifest of a multi-platform image index.",
		"Other components, like attestations, will not be included.",
		"To push the complete multi-platform image, remove the --platform flag.",
		"",
	}
	w := cli.Out()
	if !w.IsTerminal() {
		fmt.Fprintf(w, "\n Info -> %s\n%s%s\n%s%s\n%s%s\n", lines[0], indent, lines[1], indent, lines[2], indent, lines[3])
		return
	}
	flag := bold + "--platform" + reset
	fmt.Fprintf(w, "\n%s\x1b[106m\x1b[30mi%s%s \x1b[96mInfo \u2192 %s%s", bold, reset, reset, reset, reset)
	fmt.Fprintf(w, "%sUsing %s pushes only the specified platform manifest of a multi-platform image index.%s\n", italic, flag, reset)
	fmt.Fprintf(w, "%s%s%s%s\n", indent, italic, lines[1], reset)
	fmt.Fprintf(w, "%s%sTo push the complete multi-platform image, remove the %s flag.%s\n", indent, italic, flag, reset)
	fmt.Fprintf(w, "%s%s%s\n", indent, italic, reset)
}
